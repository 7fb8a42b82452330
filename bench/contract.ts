/**
 * Section 2: the contract suite on Prism mocks, split into the parallel Prism start-up and the cases.
 * Each run is a fresh child process (bench/children/contract-run.ts, the modules scripts/contract.ts uses),
 * so no validator or spec index survives from one run to the next. The same runs give section 6 its
 * peak RSS of the suite.
 */
import { cpus } from "node:os";
import { lastJsonLine, runProcess, tsxArgs } from "./lib/process.js";
import type { Row, Section } from "./lib/report.js";
import { summarize } from "./lib/stats.js";

interface ContractRun {
  providers: string[];
  startupMs: number;
  startupByServerMs: number[];
  casesMs: number;
  casesByProviderMs: number[];
  /** CPU the runner itself (requests, checks, ajv) used during the cases; the rest of the cores went to Prism. */
  casesRunnerCpuMs: number;
  cases: number;
  failed: number;
  aloneStartupMs: number;
  runnerMaxRssBytes: number;
}

const MIB = 2 ** 20;

/** Runs the suite `runs` times; returns section 2 and the memory rows of section 6. */
export async function benchContract(runs: number): Promise<{ section: Section; memoryRows: Row[] }> {
  const samples: (ContractRun & { wallMs: number; treePeakRssBytes: number })[] = [];
  for (let round = 0; round < runs; round++) {
    const run = await runProcess(process.execPath, tsxArgs("bench/children/contract-run.ts"), { rssSampleMs: 100 });
    const result = lastJsonLine<ContractRun>(run.stdout);
    if (result.failed > 0) throw new Error(`contract suite: ${result.failed} of ${result.cases} cases failed; the timings would mean nothing`);
    samples.push({ ...result, wallMs: run.ms, treePeakRssBytes: run.peakTreeRssBytes });
  }
  const pick = (f: (r: (typeof samples)[number]) => number) => samples.map(f);
  const slowestStart = pick((r) => Math.max(...r.startupByServerMs));
  const casesOverSlowest = summarize(
    samples.map((r, i) => r.casesMs / slowestStart[i]!),
    "x",
  );
  const parallelism = summarize(
    samples.map((r) => r.startupByServerMs.reduce((a, b) => a + b, 0) / r.startupMs),
    "x",
  );
  const contention = summarize(
    samples.map((r, i) => slowestStart[i]! / r.aloneStartupMs),
    "x",
  );
  const servers = samples[0]!.startupByServerMs.length;
  const met = casesOverSlowest.median < 0.5;
  const casesPerProvider = samples[0]!.casesByProviderMs.map((_, i) => summarize(pick((r) => r.casesByProviderMs[i]!), "ms"));
  const section: Section = {
    id: "contract",
    title: "2. Contract suite on mocks",
    method:
      `${samples[0]!.cases} cases on ${servers} Prism servers, each run in a fresh child process using the modules of scripts/contract.ts ` +
      "(startPrism for every provider at once, then runSuite for every provider at once, 8 cases in flight per provider).",
    rows: [
      { label: "whole run, process start to exit", figure: summarize(pick((r) => r.wallMs), "ms") },
      { label: "Prism start-up, all servers in parallel", figure: summarize(pick((r) => r.startupMs), "ms") },
      { label: "slowest single server start-up in that", figure: summarize(slowestStart, "ms") },
      { label: "one server started alone", figure: summarize(pick((r) => r.aloneStartupMs), "ms") },
      { label: "cases, all providers", figure: summarize(pick((r) => r.casesMs), "ms") },
      { label: "runner CPU during the cases", figure: summarize(pick((r) => r.casesRunnerCpuMs), "ms"), note: `of ${cpus().length} cores x the cases' wall time` },
      { label: "cases / slowest start-up", figure: casesOverSlowest },
      { label: "sum of start-ups / parallel start-up wall", figure: parallelism, note: `${servers} = fully parallel` },
      { label: "slowest parallel start-up / one alone", figure: contention, note: "CPU contention" },
    ],
    goals: [
      {
        goal: "Prism servers start in parallel",
        met: parallelism.median > servers * 0.9,
        detail: `sum of the ${servers} start-ups is ${parallelism.median.toFixed(1)}x the parallel wall time`,
      },
      {
        goal: "cases add under 50% on top of the slowest start-up",
        met,
        detail: met
          ? `cases take ${(casesOverSlowest.median * 100).toFixed(0)}% of the slowest start-up`
          : `cases take ${(casesOverSlowest.median * 100).toFixed(0)}% of the slowest start-up; see the notes`,
      },
    ],
    notes: [
      `Cases per provider (median ms, the providers run concurrently): ${casesPerProvider.map((f, i) => `${samples[0]!.providers[i]} ${Math.round(f.median)}`).join(", ")}.`,
      `Starting ${servers} Prism servers at once on ${cpus().length} cores makes each start slower than one alone (last ratio): the start-up is CPU-bound (Prism loads and compiles the spec), so parallel start-up is bounded by the cores, not by waiting.`,
      "The cases are CPU-bound too: Prism validates every request and response and picks the example, in 4 processes sharing the cores; the runner's own CPU (requests, checks, compiling and running the ajv validators) is the row above, and the rest of the cores' time goes to Prism. " +
        "So the goal is missed by Prism's per-request cost times the number of cases, not by waiting: the runner already keeps 8 cases in flight per provider and all providers at once. Lowering it means fewer Prism round trips.",
    ],
    data: { samples },
  };
  const memoryRows: Row[] = [
    { label: "contract suite: runner process peak RSS", figure: summarize(pick((r) => r.runnerMaxRssBytes / MIB), "MiB") },
    { label: `contract suite: runner + ${servers} Prism servers, peak of summed RSS`, figure: summarize(pick((r) => r.treePeakRssBytes / MIB), "MiB"), note: "sampled every 100 ms" },
  ];
  return { section, memoryRows };
}
