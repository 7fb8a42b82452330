/**
 * The published layout, in one place: which providers are built, where each entry and spec lands in
 * dist/, and the `exports` map that points at them. build.ts, the tests and the smoke test read it.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Where `npm run build` writes. */
export const DIST_DIR = "dist";
/** Where `npm run docs` writes (inside dist/, left out of the package). */
export const DOCS_DIR = join(DIST_DIR, "docs");
/** Where the contract tooling lands in dist/ (written by scripts/lib/tools-build.ts). */
export const TOOLS_DIR = `${DIST_DIR}/tools`;
/** The entry every provider module shares. */
export const CORE_ENTRY = "core";

/** Providers with a bundled spec in generated/<provider>/openapi.json, sorted. */
export function specProviders(root = "."): string[] {
  const dir = join(root, "generated");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, "openapi.json")))
    .sort();
}

/** Providers with a client entry (src/<provider>/index.ts) and a bundled spec, sorted. */
export function clientProviders(root = "."): string[] {
  return specProviders(root).filter((name) => existsSync(join(root, "src", name, "index.ts")));
}

/**
 * Optional helpers published as their own subpath so the provider entry does not carry their
 * dependency: exact money reading pulls in decimal.js, which most Browser Use users never need.
 */
export const SUBPATH_ENTRIES: Readonly<Record<string, readonly string[]>> = {
  "browser-use": ["money"],
};

/** One `exports` target: types first, as TypeScript requires. */
export interface EntryTarget {
  types: string;
  default: string;
}

/** The `exports` map of the clients: one entry per provider, the core, the subpath entries and the specs. */
export function clientExportsMap(providers: readonly string[]): Record<string, EntryTarget | string> {
  const map: Record<string, EntryTarget | string> = {};
  for (const name of [...providers, CORE_ENTRY]) {
    map[`./${name}`] = { types: `./${DIST_DIR}/${name}/index.d.ts`, default: `./${DIST_DIR}/${name}/index.js` };
  }
  for (const name of providers) {
    for (const sub of SUBPATH_ENTRIES[name] ?? []) {
      map[`./${name}/${sub}`] = { types: `./${DIST_DIR}/${name}/${sub}.d.ts`, default: `./${DIST_DIR}/${name}/${sub}.js` };
    }
  }
  for (const name of providers) {
    map[`./openapi/${name}.json`] = `./${DIST_DIR}/openapi/${name}.json`;
    map[`./openapi/${name}.yaml`] = `./${DIST_DIR}/openapi/${name}.yaml`;
  }
  return map;
}

/**
 * The entries of the contract tooling (built by scripts/lib/tools-build.ts into dist/tools/): Node only,
 * for teams that run the checks; no client imports them.
 */
export const TOOLING_EXPORTS: Readonly<Record<string, EntryTarget | string>> = {
  "./contract": { types: `./${TOOLS_DIR}/cli/api.d.ts`, default: `./${TOOLS_DIR}/cli/api.js` },
  "./contract/report.schema.json": `./${TOOLS_DIR}/contract-tests/drift/report.schema.json`,
};

/** The whole `exports` map: the clients', the tooling's, and package.json. */
export function exportsMap(providers: readonly string[]): Record<string, EntryTarget | string> {
  return { ...clientExportsMap(providers), ...TOOLING_EXPORTS, "./package.json": "./package.json" };
}
