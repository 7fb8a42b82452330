/**
 * `node scripts/run-bundled.mjs <entry.ts> [args...]`: runs a TypeScript entry file of this repository
 * under plain Node, as tsx would, but as one bundle: esbuild (the transform tsx uses) compiles the entry
 * and every local module it imports into one ES module in memory on every run (some 50 ms for the
 * contract command), which then runs in this process with the entry's own argv. No cache, so nothing
 * can be stale; what it saves is tsx's own start-up (a second Node process with its loader thread) and
 * the per-module loader round trips.
 *
 * What the bundle keeps as the sources have it: each module's `import.meta.url` (its own file, so paths
 * built from it still point into the repository), packages imported as Node resolves them from this
 * repository (left external, by absolute URL), stack traces through source maps. Any other use of
 * `import.meta` fails the build, naming the file.
 */
import { build } from "esbuild";
import { realpathSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Exit code when the entry cannot be bundled (missing file, syntax error): as a failed tsx run. */
export const BUILD_FAILED_EXIT = 1;

const IMPORT_META = /\bimport\.meta\b/;
const IMPORT_META_URL = /\bimport\.meta\.url\b/g;

/** @type {import("esbuild").Plugin} */
const packagesAsNodeResolves = {
  name: "packages-as-node-resolves",
  setup(bundle) {
    // A package (not a relative path, not a node: builtin): external, at the URL Node resolves it to.
    bundle.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path.startsWith("node:") ? args.path : import.meta.resolve(args.path), external: true }));
  },
};

/**
 * Gives each module of the bundle its own `import.meta.url` back. Unminified, esbuild starts each
 * module's code with a `// <path>` line (its path from the working directory, as in the metafile's
 * inputs) and drops every other plain comment, so each section between two such lines is one file's.
 */
function restoreImportMetaUrl(code, inputs, cwd) {
  const known = new Set(Object.keys(inputs));
  let file;
  return code
    .split("\n")
    .map((line) => {
      const marker = /^\/\/ (.+)$/.exec(line)?.[1];
      if (marker !== undefined && known.has(marker)) file = marker;
      if (!IMPORT_META.test(line)) return line;
      const replaced = file === undefined ? line : line.replace(IMPORT_META_URL, JSON.stringify(pathToFileURL(resolve(cwd, file)).href));
      if (IMPORT_META.test(replaced)) throw new Error(`${file ?? "the bundle"} uses import.meta beyond import.meta.url, which a bundle cannot keep: ${line.trim()}`);
      return replaced;
    })
    .join("\n");
}

/** Bundles `entry` (a .ts file) and the local modules it imports into one ES module's source. */
export async function bundleEntry(entry) {
  const cwd = process.cwd();
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: cwd,
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    sourcemap: "inline",
    logLevel: "silent",
    plugins: [packagesAsNodeResolves],
  });
  return restoreImportMetaUrl(result.outputFiles[0].text, result.metafile.inputs, cwd);
}

/** Bundles `entry` and runs it in this process with `args` as its command line. */
export async function runBundled(entry, args) {
  const path = resolve(entry);
  const code = await bundleEntry(path);
  // A file, not a data: URL, so that stack traces and the source map point somewhere; removed once loaded.
  const dir = await mkdtemp(join(tmpdir(), "run-bundled-"));
  const file = join(dir, "entry.mjs");
  await writeFile(file, code);
  process.argv = [process.argv[0], path, ...args];
  process.setSourceMapsEnabled(true);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const [entry, ...args] = process.argv.slice(2);
  if (entry === undefined) {
    console.error("usage: node scripts/run-bundled.mjs <entry.ts> [args...]");
    process.exit(BUILD_FAILED_EXIT);
  }
  runBundled(entry, args).catch((error) => {
    const errors = error?.errors;
    const detail = Array.isArray(errors) && errors.length > 0 ? errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join("\n") : (error?.stack ?? String(error));
    console.error(`run-bundled: ${entry}: ${detail}`);
    process.exitCode = BUILD_FAILED_EXIT;
  });
}
