/**
 * `npm run generate`: lint -> bundle -> types for every API in redocly.yaml, writing only into
 * generated/<api>/. An API whose sources, config, toolchain and outputs are unchanged since its last
 * successful run is skipped (cache in node_modules/.cache/api-generate; no cache means the full run).
 *
 *   npm run generate                  generate what changed
 *   npm run generate -- --force       ignore the cache (it is still refreshed)
 *   npm run generate -- --check       full run that writes nothing; fails when a committed output is stale
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  bundleApi,
  bundleToJson,
  isFresh,
  lintApi,
  loadApis,
  readApiRoots,
  readCacheEntry,
  startTypesWorker,
  writeCacheEntry,
  type ApiEntry,
  type TypesWorker,
} from "./lib/spec-pipeline.js";
import { switchFlag } from "../cli/args.js";
import { costCapProblems } from "../contract-tests/runner/spec-cost-caps.js";
import { linkProblems } from "../contract-tests/runner/spec-links.js";
import { judgementProblems } from "../contract-tests/runner/judgements.js";
import { operationFacts, operationsModule, pageSizeProblems } from "./lib/operation-facts.js";
import { runScript, timed } from "./lib/steps.js";

const GENERATED_DIR = "generated";
const FLAGS = {
  check: switchFlag("full run that writes nothing; fails when a committed output is stale"),
  force: switchFlag("ignore the cache (it is still refreshed)"),
};

async function readOrEmpty(path: string): Promise<string> {
  return readFile(path, "utf8").catch(() => "");
}

/**
 * Lint and bundle one API on this thread, then hand the bundle to the types worker. `written` settles once
 * the types are back and the changed outputs are written (or recorded as stale under --check); the caller
 * lints and bundles the next API meanwhile.
 */
async function generateApi(api: ApiEntry, stale: string[], worker: TypesWorker, check: boolean): Promise<{ written: Promise<void> }> {
  const startedAtMs = Date.now();
  await timed(`${api.name}: lint`, async () => {
    const { errors, warnings } = await lintApi(api);
    if (errors + warnings > 0) throw new Error(`${api.name}: ${errors} error(s), ${warnings} warning(s)`);
  });
  const { doc, files } = await timed(`${api.name}: bundle`, () => bundleApi(api));
  await timed(`${api.name}: links and operation markers`, () => {
    const problems = [...linkProblems(doc), ...costCapProblems(doc), ...pageSizeProblems(doc)];
    if (problems.length > 0) throw new Error(`${api.name}: ${problems.length} link or marker problem(s):\n  ${problems.join("\n  ")}`);
    operationFacts(doc);
  });
  await timed(`${api.name}: judgement markers`, () => {
    const problems = judgementProblems(doc);
    if (problems.length > 0) throw new Error(`${api.name}: ${problems.length} judgement marker problem(s):\n  ${problems.join("\n  ")}`);
  });
  const written = timed(`${api.name}: types (worker)`, () => worker.typesFor(doc)).then((result) =>
    writeOutputs(api, result.doc, files, result.types, stale, startedAtMs, check),
  );
  // Handled where it is awaited, after the other APIs: this only keeps an early failure from counting as unhandled.
  written.catch(() => undefined);
  return { written };
}

async function writeOutputs(api: ApiEntry, doc: Record<string, unknown>, files: string[], types: string, stale: string[], startedAtMs: number, check: boolean): Promise<void> {
  const dir = join(GENERATED_DIR, api.name);
  // Serialised after type generation, which adds to the document (see typesFor): the committed bundles carry that.
  const facts = operationsModule(doc);
  const outputs = {
    [join(dir, "openapi.json")]: bundleToJson(doc),
    [join(dir, "schema.d.ts")]: types,
    [join(dir, "operations.js")]: facts.js,
    [join(dir, "operations.d.ts")]: facts.dts,
  };
  for (const [path, content] of Object.entries(outputs)) {
    if ((await readOrEmpty(path)) === content) continue;
    if (check) {
      stale.push(path);
    } else {
      await mkdir(dir, { recursive: true });
      await writeFile(path, content);
      console.log(`wrote ${path}`);
    }
  }
  if (!check) await writeCacheEntry(api.name, files, outputs, startedAtMs);
}

async function main({ check, force }: { check: boolean; force: boolean }): Promise<number> {
  const roots = await readApiRoots();
  // --check answers "is the committed output what the sources produce?": it never trusts the cache.
  const useCache = !check && !force;
  const todo: string[] = [];
  for (const { name } of roots) {
    const started = performance.now();
    const entry = useCache ? await readCacheEntry(name) : undefined;
    if (entry && (await isFresh(entry))) {
      console.log(`ok    ${name}: unchanged, skipped (${Math.round(performance.now() - started)} ms)`);
    } else {
      todo.push(name);
    }
  }
  const stale: string[] = [];
  if (todo.length > 0) {
    // Started first: the worker imports openapi-typescript on another core while Redocly loads here.
    const worker = startTypesWorker();
    try {
      const apis = await timed("load Redocly and redocly.yaml", () => loadApis());
      const written: Promise<void>[] = [];
      for (const api of apis.filter((a) => todo.includes(a.name))) written.push((await generateApi(api, stale, worker, check)).written);
      // Every settled result, then the first failure: no write is left running when the process exits.
      const failed = (await Promise.allSettled(written)).find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    } finally {
      await worker.close();
    }
  }
  if (stale.length > 0) {
    console.error(`stale generated output (run npm run generate and commit): ${stale.join(", ")}`);
    return 1;
  }
  console.log(check ? "generated/ is up to date" : "generate done");
  return 0;
}

runScript({
  name: "generate",
  summary: "Lints, bundles and generates types for every API in redocly.yaml, writing only into generated/<api>/; an API whose inputs are unchanged since its last run is skipped.",
  flags: FLAGS,
  examples: ["", "--force", "--check"],
  run: main,
});
