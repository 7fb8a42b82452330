/**
 * The three steps of `npm run generate` as library calls in one process:
 * lint (Redocly), bundle (Redocly), types (openapi-typescript); and the input-hash cache that lets
 * `npm run generate` skip an API whose sources, config, toolchain and outputs are all unchanged.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { Config } from "@redocly/openapi-core";
import { parse as parseYaml } from "yaml";

// Redocly and openapi-typescript (which loads TypeScript) take seconds to import: they are loaded on
// first use, so a run where every API is fresh never pays for them.
const redocly = () => import("@redocly/openapi-core");
const openapiTypescript = () => import("openapi-typescript");

/** One `apis:` entry of redocly.yaml: its alias and root file. */
export interface ApiRoot {
  name: string;
  root: string;
}

/** One `apis:` entry of redocly.yaml with its resolved Redocly config. */
export interface ApiEntry extends ApiRoot {
  config: Config;
}

/** A bundled document and every file (absolute paths) the bundle read, root included. */
export interface BundledApi {
  doc: Record<string, unknown>;
  files: string[];
}

/** Reads the `apis:` aliases and roots of redocly.yaml without loading Redocly (file order). */
export async function readApiRoots(configPath = "redocly.yaml"): Promise<ApiRoot[]> {
  const config = parseYaml(await readFile(configPath, "utf8")) as { apis?: Record<string, { root: string }> };
  return Object.entries(config.apis ?? {}).map(([name, api]) => ({ name, root: api.root }));
}

/** Reads redocly.yaml and returns its `apis:` entries in file order. */
export async function loadApis(configPath = "redocly.yaml"): Promise<ApiEntry[]> {
  const { loadConfig } = await redocly();
  const config = await loadConfig({ configPath });
  const apis = config.resolvedConfig.apis ?? {};
  return Object.entries(apis).map(([name, api]) => ({ name, root: api.root, config: config.forAlias(name) }));
}

/** Lints one API; returns the number of errors and warnings after printing them. */
export async function lintApi(api: ApiEntry): Promise<{ errors: number; warnings: number }> {
  const { formatProblems, getTotals, lint } = await redocly();
  const problems = await lint({ ref: api.root, config: api.config });
  const totals = getTotals(problems);
  if (problems.length > 0) {
    formatProblems(problems, { totals, format: "codeframe", color: Boolean(process.stdout.isTTY) });
  }
  return { errors: totals.errors, warnings: totals.warnings };
}

/** Bundles one API into a single document (component refs kept, unused components removed). */
export async function bundleApi(api: ApiEntry): Promise<BundledApi> {
  const { bundle, formatProblems, getTotals } = await redocly();
  const result = await bundle({ ref: api.root, config: api.config, removeUnusedComponents: true });
  const errors = result.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    formatProblems(errors, { totals: getTotals(errors), format: "codeframe", color: false });
    throw new Error(`bundle of ${api.name} reported ${errors.length} error(s)`);
  }
  return { doc: sortComponents(result.bundle.parsed as Record<string, unknown>), files: [...result.fileDependencies] };
}

// Redocly adds components in the order it first meets their $refs; sorting each components map by
// name keeps the bundle byte-stable when paths are reordered. Everything else keeps source order.
function sortComponents(doc: Record<string, unknown>): Record<string, unknown> {
  const components = doc.components as Record<string, Record<string, unknown>> | undefined;
  if (!components) return doc;
  const sorted: Record<string, Record<string, unknown>> = {};
  for (const section of Object.keys(components).sort()) {
    const entries = Object.entries(components[section] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    sorted[section] = Object.fromEntries(entries);
  }
  return { ...doc, components: sorted };
}

/** Serialises a bundled document deterministically (2-space JSON, trailing newline). */
export function bundleToJson(doc: Record<string, unknown>): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The module holding openapi-typescript's options; the types worker imports it by this URL. */
const TYPES_OPTIONS_URL = new URL("./types-options.mjs", import.meta.url).href;

/**
 * Generates the TypeScript declarations for a bundled document, in this thread. openapi-typescript
 * mutates the document (it adds the `type` enum members of discriminated schemas); the committed
 * bundles are serialised after that, so callers serialise the document after this call.
 */
export async function typesFor(doc: Record<string, unknown>): Promise<string> {
  const [{ default: openapiTS, astToString, COMMENT_HEADER }, { TYPES_OPTIONS }] = await Promise.all([openapiTypescript(), import("./types-options.mjs")]);
  return COMMENT_HEADER + astToString(await openapiTS(doc as never, TYPES_OPTIONS));
}

/** Type generation on a worker thread; see {@link startTypesWorker}. */
export interface TypesWorker {
  /**
   * The declarations for a bundled document (same output as {@link typesFor}) and the document as
   * openapi-typescript left it: the worker mutates its own copy, which is sent back to be serialised.
   */
  typesFor(doc: Record<string, unknown>): Promise<{ types: string; doc: Record<string, unknown> }>;
  close(): Promise<void>;
}

// The worker runs plain JavaScript without tsx's loader hooks, which make importing openapi-typescript and
// TypeScript markedly slower. Same calls as typesFor above. The options hold a function (the transform
// hook), which workerData cannot carry: the worker imports them from the same module by URL.
const TYPES_WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const loaded = Promise.all([import(workerData.moduleUrl), import(workerData.optionsUrl)]);
parentPort.on("message", async ({ id, doc }) => {
  try {
    const [{ default: openapiTS, astToString, COMMENT_HEADER }, { TYPES_OPTIONS }] = await loaded;
    const types = COMMENT_HEADER + astToString(await openapiTS(doc, TYPES_OPTIONS));
    parentPort.postMessage({ id, types, doc });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.stack : String(error) });
  }
});
`;

/**
 * Starts a worker that imports openapi-typescript (and TypeScript, the slowest import of the pipeline)
 * at once, on another core, while this thread lints and bundles.
 */
export function startTypesWorker(): TypesWorker {
  const worker = new Worker(TYPES_WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { moduleUrl: import.meta.resolve("openapi-typescript"), optionsUrl: TYPES_OPTIONS_URL },
  });
  type Result = { types: string; doc: Record<string, unknown> };
  const pending = new Map<number, { resolve: (result: Result) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", ({ id, types, doc, error }: { id: number; types?: string; doc?: Record<string, unknown>; error?: string }) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (error !== undefined || types === undefined || doc === undefined) waiter?.reject(new Error(`openapi-typescript: ${error}`));
    else waiter?.resolve({ types, doc });
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`types worker exited with code ${code}`)));
  return {
    typesFor(doc) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, doc });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/** Where the per-API cache entries live (`<api>.json`); deleting the directory forces a full run. */
export const GENERATE_CACHE_DIR = "node_modules/.cache/api-generate";

// Files whose change can change any output: the config (rules, roots), the lockfile (Redocly,
// openapi-typescript, TypeScript and everything they depend on, at their exact versions) and the
// pipeline itself: every module of this repository that scripts/generate.ts reaches through relative
// imports, found by reading them (a hand-kept list missed a check the generator runs). A missing file
// hashes as missing, so adding it later invalidates too.
const CONFIG_FILES = ["redocly.yaml", "package-lock.json"];
const GENERATOR_ENTRY = "scripts/generate.ts";
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']|new URL\(\s*["'](\.{1,2}\/[^"']+)["']/g;

/** The repository's modules that `entry` reaches through relative imports (and relative `new URL(…, import.meta.url)`), `entry` first; `.js` names its `.ts` source. */
export async function localModules(entry: string): Promise<string[]> {
  const found = [entry];
  for (let i = 0; i < found.length; i++) {
    const text = await readFile(found[i]!, "utf8").catch(() => "");
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = relative(process.cwd(), resolve(dirname(found[i]!), match[1] ?? match[2]!));
      const source = target.endsWith(".js") && (await fileHash(target.replace(/\.js$/, ".ts"))) !== "missing" ? target.replace(/\.js$/, ".ts") : target;
      // The generator's own outputs are never its inputs.
      if (!source.startsWith("generated/") && !found.includes(source)) found.push(source);
    }
  }
  return found;
}

let toolchain: Promise<string[]> | undefined;
/** The config files and the generator's modules, read once per process. */
const toolchainFiles = () => (toolchain ??= localModules(GENERATOR_ENTRY).then((modules) => [...CONFIG_FILES, ...modules]));

const CACHE_FORMAT = 2;

/** What the cache remembers about an API's last successful generate. */
export interface CacheEntry {
  format: number;
  /** Hash of the toolchain files and of every source file, in `sources` order. */
  inputsHash: string;
  /** Source files the bundle read, relative to the working directory, sorted. */
  sources: string[];
  /** sha256 of each output file, by path. */
  outputs: Record<string, string>;
}

function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

async function fileHash(path: string): Promise<string> {
  return readFile(path).then(sha256, () => "missing");
}

/** Hashes the toolchain and the given source files (paths relative to the working directory). */
export async function inputsHash(sources: readonly string[]): Promise<string> {
  const paths = [...(await toolchainFiles()), ...sources];
  const hashes = await Promise.all(paths.map(fileHash));
  return sha256(JSON.stringify([CACHE_FORMAT, process.version, paths.map((path, i) => [path, hashes[i]])]));
}

/** Source paths relative to the working directory, sorted (the cache stays valid when the checkout moves). */
export function relativeSources(files: readonly string[]): string[] {
  return files.map((file) => relative(process.cwd(), resolve(file))).sort();
}

function cachePath(api: string): string {
  return join(GENERATE_CACHE_DIR, `${api}.json`);
}

/** The cache entry of an API, or undefined when there is none or it is unreadable. */
export async function readCacheEntry(api: string): Promise<CacheEntry | undefined> {
  try {
    const entry = JSON.parse(await readFile(cachePath(api), "utf8")) as CacheEntry;
    return entry.format === CACHE_FORMAT && Array.isArray(entry.sources) ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** True when the entry's inputs hash again to the same value and every output file still has its recorded hash. */
export async function isFresh(entry: CacheEntry): Promise<boolean> {
  const outputs = Object.entries(entry.outputs);
  if (outputs.length === 0) return false;
  const [inputs, ...outputHashes] = await Promise.all([inputsHash(entry.sources), ...outputs.map(([path]) => fileHash(path))]);
  return inputs === entry.inputsHash && outputs.every(([, hash], i) => outputHashes[i] === hash);
}

// Filesystems with coarse timestamps (1-2 s on some) could date an edit made during the run before its start.
const MTIME_SLACK_MS = 2_000;

/**
 * Records an API's inputs and outputs after a successful generate (written atomically). `startedAtMs`
 * is when the API's lint began: if any input was modified since, the outputs may come from the older
 * content, so nothing is recorded and the next run does the full work again. Returns whether it recorded.
 */
export async function writeCacheEntry(api: string, sources: readonly string[], outputs: Record<string, string>, startedAtMs: number): Promise<boolean> {
  const relativeList = relativeSources(sources);
  const modified = await Promise.all([...(await toolchainFiles()), ...relativeList].map((path) => stat(path).then((s) => s.mtimeMs, () => 0)));
  if (modified.some((mtimeMs) => mtimeMs > startedAtMs - MTIME_SLACK_MS)) return false;
  const entry: CacheEntry = {
    format: CACHE_FORMAT,
    inputsHash: await inputsHash(relativeList),
    sources: relativeList,
    outputs: Object.fromEntries(Object.entries(outputs).map(([path, content]) => [path, sha256(content)])),
  };
  await mkdir(GENERATE_CACHE_DIR, { recursive: true });
  const path = cachePath(api);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(entry, null, 2)}\n`);
  await rename(temporary, path);
  return true;
}
