/**
 * `npm run build`: dist/ as published. Compiles src/ to ESM + .d.ts (tsconfig.build.json) and the contract
 * tooling to dist/tools/ (tsconfig.tools.json, see lib/tools-build.ts), writes each provider's bundled spec as
 * dist/openapi/<provider>.json and .yaml, then checks that every target of package.json `exports` and `bin`
 * exists. Leaves dist/docs/ (written by `npm run docs`) alone.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CORE_ENTRY, DIST_DIR, TOOLS_DIR, clientProviders, specProviders } from "./lib/package-layout.js";
import { specYaml } from "./lib/spec-yaml.js";
import { formatBytes, runScript, timed } from "./lib/steps.js";
import { BIN_ENTRY, compileTools, installTools, TOOLS_ROOTS, tsc } from "./lib/tools-build.js";


function dirBytes(dir: string, suffix: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(suffix))
    .reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
}

/** Every file path named by an `exports` target (conditions flattened). */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (exports && typeof exports === "object") return Object.values(exports).flatMap(exportTargets);
  return [];
}

async function main(): Promise<number> {
  const specs = specProviders();
  const clients = clientProviders();
  for (const name of specs.filter((p) => !clients.includes(p))) {
    console.log(`skip  ${name}: no src/${name}/index.ts, so no client entry (its spec is still published)`);
  }

  await timed(`clean ${DIST_DIR}/ (keeping docs/)`, async () => {
    if (!existsSync(DIST_DIR)) return;
    for (const entry of readdirSync(DIST_DIR)) {
      if (entry !== "docs") await rm(join(DIST_DIR, entry), { recursive: true, force: true });
    }
  });

  // Two tsc runs side by side: the clients into dist/, the tooling (bin, contract API) into a temporary folder.
  const [, toolsOut] = await timed(`compile src/ -> ${DIST_DIR}/ (entries: ${[...clients, CORE_ENTRY].join(", ")}) and the tooling (${TOOLS_ROOTS.join(", ")})`, () =>
    Promise.all([tsc(["-p", "tsconfig.build.json"]), compileTools()]),
  );
  const tools = await timed(`tooling -> ${TOOLS_DIR}/ (bin ${BIN_ENTRY}, browser-agent-apis/contract), imports of src/ pointed at ${DIST_DIR}/`, () => installTools(toolsOut));

  await timed(`specs -> ${DIST_DIR}/openapi/ (${specs.join(", ")})`, async () => {
    await mkdir(join(DIST_DIR, "openapi"), { recursive: true });
    for (const name of specs) {
      const source = join("generated", name, "openapi.json");
      await copyFile(source, join(DIST_DIR, "openapi", `${name}.json`));
      const doc: unknown = JSON.parse(await readFile(source, "utf8"));
      await writeFile(join(DIST_DIR, "openapi", `${name}.yaml`), specYaml(doc));
    }
  });

  await timed("every package.json exports target exists", async () => {
    const pkg = JSON.parse(await readFile("package.json", "utf8")) as { exports?: unknown; bin?: unknown };
    const missing = [...exportTargets(pkg.exports), ...exportTargets(pkg.bin)].filter((target) => !existsSync(target));
    if (missing.length > 0) {
      throw new Error(`package.json exports or bin point at missing files (a provider without src/<provider>/index.ts?): ${missing.join(", ")}`);
    }
    // The compiled entries import ../../generated/<provider>/{schema,operations}.js: shipped as-is (see tsconfig.build.json).
    const generatedFiles = ["schema.d.ts", "operations.js", "operations.d.ts"];
    const schemas = clients.flatMap((name) => generatedFiles.map((file) => join("generated", name, file))).filter((path) => !existsSync(path));
    if (schemas.length > 0) throw new Error(`missing generated types: ${schemas.join(", ")} (run npm run generate)`);
  });

  for (const name of [...clients, CORE_ENTRY]) {
    const js = dirBytes(join(DIST_DIR, name), ".js");
    const dts = dirBytes(join(DIST_DIR, name), ".d.ts");
    console.log(`size  ${name}: ${formatBytes(js)} JS, ${formatBytes(dts)} .d.ts`);
  }
  console.log(`size  tools: ${formatBytes(dirBytes(TOOLS_DIR, ".js"))} JS, ${formatBytes(dirBytes(TOOLS_DIR, ".d.ts"))} .d.ts (${tools.length} files)`);
  console.log(`size  openapi: ${formatBytes(dirBytes(join(DIST_DIR, "openapi"), ".json"))} JSON, ${formatBytes(dirBytes(join(DIST_DIR, "openapi"), ".yaml"))} YAML`);
  console.log("build done");
  return 0;
}

runScript({ name: "build", summary: "Compiles src/ to dist/ (ESM + .d.ts), compiles the contract tooling and the bin, writes the bundled specs, and checks that every package.json exports target exists.", flags: {}, run: main });
