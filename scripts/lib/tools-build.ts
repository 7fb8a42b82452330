/**
 * The contract tooling as published: cli/ and contract-tests/ (tests left out) compiled to
 * dist/tools/<same path>, so the bin and `browser-agent-apis/contract` run from the package. The tooling
 * imports the clients' sources (`../../src/core/redact.js`); in the package those are the compiled client
 * entries under dist/, so every relative import that leaves the tooling is rewritten to point there (and
 * `generated/` to the package's generated/ types). An import of anything else fails the build: nothing
 * outside these folders ships.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, posix, sep } from "node:path";
import { promisify } from "node:util";
import { DIST_DIR, TOOLS_DIR } from "./package-layout.js";

const require = createRequire(import.meta.url);
const TSC = require.resolve("typescript/bin/tsc");

/** The folders the tooling is compiled from (their layout is kept under {@link TOOLS_DIR}). */
export const TOOLS_ROOTS: readonly string[] = ["cli", "contract-tests"];
/** Data files the tooling ships as they are (paths from the repository root). */
export const TOOLS_DATA: readonly string[] = ["contract-tests/drift/report.schema.json"];
/** The bin's compiled entry (package.json `bin`). */
export const BIN_ENTRY = `${TOOLS_DIR}/cli/bin.js`;

// A relative module specifier in emitted JS or declarations: from "…", import("…"), import "…".
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.\.?\/[^"']*)\2/g;

/**
 * Rewrites the relative specifiers of one emitted file (`file`: its path from the repository root, e.g.
 * `contract-tests/runner/providers.js`) for its place under dist/tools/. Throws for an import that
 * would not ship.
 */
export function rewriteSpecifiers(code: string, file: string): string {
  const from = posix.dirname(posix.join(TOOLS_DIR, file));
  return code.replace(SPECIFIER, (match, keyword: string, quote: string, specifier: string) => {
    const target = posix.normalize(posix.join(posix.dirname(file), specifier));
    let shipped: string;
    if (TOOLS_ROOTS.some((root) => target.startsWith(`${root}/`))) return match;
    if (target.startsWith("src/")) shipped = posix.join(DIST_DIR, target.slice("src/".length));
    else if (target.startsWith("generated/")) shipped = target;
    else throw new Error(`${file} imports ${specifier} (${target}), which the package does not ship`);
    const rewritten = posix.relative(from, shipped);
    return `${keyword}${quote}${rewritten.startsWith(".") ? rewritten : `./${rewritten}`}${quote}`;
  });
}

function emittedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((path) => path.split(sep).join("/"))
    .filter((path) => /\.(js|d\.ts)$/.test(path));
}

/** The JS specifier `./x.js` of a file stands for `./x.js` (runtime) or `./x.d.ts` (declarations). */
function resolvesIn(packageRoot: string, fromFile: string, specifier: string): boolean {
  const target = join(packageRoot, dirname(fromFile), specifier);
  return existsSync(target) || existsSync(target.replace(/\.js$/, ".d.ts"));
}

const execFileAsync = promisify(execFile);

/** Runs tsc on a project, in a child process; rejects with tsc's output. */
export async function tsc(args: readonly string[]): Promise<void> {
  try {
    await execFileAsync(process.execPath, [TSC, ...args], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`tsc ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

/** Compiles the tooling (tsconfig.tools.json) into a new temporary folder and returns it. */
export async function compileTools(): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), "tools-build-"));
  await tsc(["-p", "tsconfig.tools.json", "--outDir", out]).catch(async (error: unknown) => {
    await rm(out, { recursive: true, force: true });
    throw error;
  });
  return out;
}

/**
 * Writes the compiled tooling in `out` under dist/tools/ with rewritten imports, copies the data files,
 * marks the bin executable and removes `out`. Run after the client build: every rewritten import must
 * name a file in the package. Returns the files written.
 */
export async function installTools(out: string): Promise<string[]> {
  try {
    const written: string[] = [];
    const missing: string[] = [];
    for (const file of emittedFiles(out).filter((path) => TOOLS_ROOTS.some((root) => path.startsWith(`${root}/`)))) {
      const code = rewriteSpecifiers(await readFile(join(out, file), "utf8"), file);
      const destination = posix.join(TOOLS_DIR, file);
      await mkdir(dirname(destination), { recursive: true });
      await writeFile(destination, code);
      written.push(destination);
    }
    for (const file of TOOLS_DATA) {
      const destination = posix.join(TOOLS_DIR, file);
      await mkdir(dirname(destination), { recursive: true });
      await copyFile(file, destination);
      written.push(destination);
    }
    for (const file of written.filter((path) => /\.(js|d\.ts)$/.test(path))) {
      for (const [, , , specifier] of (await readFile(file, "utf8")).matchAll(SPECIFIER)) {
        if (!resolvesIn(".", file, specifier!)) missing.push(`${file} -> ${specifier}`);
      }
    }
    if (missing.length > 0) throw new Error(`the tooling imports files the build did not write:\n  ${missing.join("\n  ")}`);
    await chmod(BIN_ENTRY, 0o755);
    return written;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
