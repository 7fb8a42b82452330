/**
 * `npm run generate`: lint -> bundle -> types for every API in redocly.yaml, writing only into
 * generated/<api>/. `--check` writes nothing and fails when a committed output is stale.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundleApi, bundleToJson, lintApi, loadApis, typesFor } from "./lib/spec-pipeline.js";

const GENERATED_DIR = "generated";
const check = process.argv.includes("--check");

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await step();
    console.log(`ok    ${label} (${Math.round(performance.now() - started)} ms)`);
    return result;
  } catch (error) {
    console.log(`FAIL  ${label} (${Math.round(performance.now() - started)} ms)`);
    throw error;
  }
}

async function readOrEmpty(path: string): Promise<string> {
  return readFile(path, "utf8").catch(() => "");
}

async function main(): Promise<number> {
  const apis = await loadApis();
  const stale: string[] = [];
  for (const api of apis) {
    await timed(`${api.name}: lint`, async () => {
      const { errors, warnings } = await lintApi(api);
      if (errors + warnings > 0) throw new Error(`${api.name}: ${errors} error(s), ${warnings} warning(s)`);
    });
    const doc = await timed(`${api.name}: bundle`, () => bundleApi(api));
    const types = await timed(`${api.name}: types`, () => typesFor(doc));
    const outputs = { "openapi.json": bundleToJson(doc), "schema.d.ts": types };
    const dir = join(GENERATED_DIR, api.name);
    for (const [file, content] of Object.entries(outputs)) {
      const path = join(dir, file);
      if ((await readOrEmpty(path)) === content) continue;
      if (check) {
        stale.push(path);
      } else {
        await mkdir(dir, { recursive: true });
        await writeFile(path, content);
        console.log(`wrote ${path}`);
      }
    }
  }
  if (stale.length > 0) {
    console.error(`stale generated output (run npm run generate and commit): ${stale.join(", ")}`);
    return 1;
  }
  console.log(check ? "generated/ is up to date" : "generate done");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
