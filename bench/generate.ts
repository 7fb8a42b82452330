/**
 * Section 1: `npm run generate` (one process, library APIs, input-hash cache) against the chain of CLIs a
 * user would script: `redocly lint` once, then `redocly bundle` and `openapi-typescript` once per spec.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { GENERATE_CACHE_DIR, readApiRoots } from "../scripts/lib/spec-pipeline.js";
import { runProcess } from "./lib/process.js";
import type { Section } from "./lib/report.js";
import { pairedRatio, rotate, summarize } from "./lib/stats.js";

const BIN = resolve("node_modules/.bin");
// No update check, no telemetry: the benchmark talks to nobody.
const QUIET_ENV = { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_TELEMETRY: "off", NO_COLOR: "1" };

type Variant = "naive" | "cold" | "warm";

async function naiveChain(workDir: string): Promise<number> {
  const apis = await readApiRoots();
  const started = performance.now();
  await runProcess(join(BIN, "redocly"), ["lint"], { env: QUIET_ENV });
  for (const api of apis) {
    const bundled = join(workDir, `${api.name}.json`);
    await runProcess(join(BIN, "redocly"), ["bundle", api.root, "-o", bundled, "--remove-unused-components"], { env: QUIET_ENV });
    // Run outside the repository: with redocly.yaml in sight, openapi-typescript would ignore its input argument.
    await runProcess(join(BIN, "openapi-typescript"), [bundled, "-o", join(workDir, `${api.name}.d.ts`), "--default-non-nullable", "false"], {
      cwd: workDir,
      env: QUIET_ENV,
    });
  }
  return performance.now() - started;
}

async function ours(cold: boolean): Promise<number> {
  if (cold) await rm(GENERATE_CACHE_DIR, { recursive: true, force: true });
  const run = await runProcess(join(BIN, "tsx"), ["scripts/generate.ts"], { env: QUIET_ENV });
  const skipped = (run.stdout.match(/unchanged, skipped/g) ?? []).length;
  if (cold && skipped > 0) throw new Error("cold generate skipped an API: the cache was not cleared");
  return run.ms;
}

/** Runs the section: `runs` interleaved rounds of the naive chain, a cold and a warm `generate`. */
export async function benchGenerate(runs: number): Promise<Section> {
  const workDir = await mkdtemp(join(tmpdir(), "bench-generate-"));
  const samples: Record<Variant, number[]> = { naive: [], cold: [], warm: [] };
  try {
    // Warm-up: fills the OS file cache for both sides and leaves a valid generate cache behind.
    await ours(true);
    for (let round = 0; round < runs; round++) {
      // A warm run needs the cache a cold run leaves: cold always precedes warm, the naive chain rotates around them.
      const order: Variant[][] = rotate([["naive"], ["cold", "warm"]], round);
      for (const variant of order.flat()) {
        const ms = variant === "naive" ? await naiveChain(workDir) : await ours(variant === "cold");
        samples[variant].push(ms);
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const coldRatio = pairedRatio(samples.cold, samples.naive);
  const warmRatio = pairedRatio(samples.warm, samples.naive);
  const apiCount = (await readApiRoots()).length;
  return {
    id: "generate",
    title: "1. Generate",
    method:
      `All ${apiCount} APIs. Ours: \`tsx scripts/generate.ts\` (what \`npm run generate\` runs, without npm's own start-up), cold = cache directory ` +
      `deleted first, warm = nothing changed since the previous run. Naive: \`redocly lint\` once, then \`redocly bundle <root> -o x.json ` +
      `--remove-unused-components\` and \`openapi-typescript x.json --default-non-nullable false\` per spec, ${1 + 2 * apiCount} processes in sequence.`,
    rows: [
      { label: "naive CLI chain", figure: summarize(samples.naive, "ms") },
      { label: "ours, cold (no cache)", figure: summarize(samples.cold, "ms") },
      { label: "ours, warm (nothing changed)", figure: summarize(samples.warm, "ms") },
      { label: "ours cold / naive", figure: coldRatio },
      { label: "ours warm / naive", figure: warmRatio },
    ],
    goals: [
      {
        goal: "cold generate at most half the naive chain's time",
        met: coldRatio.median <= 0.5,
        detail: `cold/naive ${coldRatio.median.toFixed(2)}x (min ${coldRatio.min.toFixed(2)}, max ${coldRatio.max.toFixed(2)})`,
      },
      {
        goal: "unchanged providers skipped when that is cheaper",
        met: warmRatio.median < coldRatio.median,
        detail: `warm/naive ${warmRatio.median.toFixed(2)}x: only the cache check and Node/tsx start-up remain`,
      },
    ],
    notes: [
      "Cold and naive do the same work: lint, bundle and type generation of every spec. Ours pays the Redocly and TypeScript imports once; the chain pays them in every process.",
      "`--check` always does the full (cold) work and never reads the cache; `--force` ignores the cache and refreshes it.",
    ],
    data: { samples },
  };
}
