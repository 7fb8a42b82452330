/**
 * Section 6: memory. Peak RSS of the contract suite (measured by section 2's runs) and heap growth of a
 * client doing many requests against the loopback server, with bare fetch as the reference.
 */
import { startLoopbackServer } from "./lib/loopback.js";
import { bundledArgs, lastJsonLine, runProcess } from "./lib/process.js";
import type { Row, Section } from "./lib/report.js";
import { slope, summarize } from "./lib/stats.js";

interface MemoryRun {
  variant: string;
  samples: { requests: number; heapUsedBytes: number }[];
  maxRssBytes: number;
}

const KIB = 1024;
const MIB = 2 ** 20;
// Below this growth per 1,000 requests (after full GCs) the heap is read as flat: V8 and undici keep a
// few small caches that settle in the first thousands of requests.
const FLAT_KIB_PER_1000 = 16;

/** Options of {@link benchMemory}. */
export interface MemoryBenchOptions {
  runs: number;
  requests: number;
  interval: number;
}

/** Runs the client part and assembles the section with the contract rows from section 2. */
export async function benchMemory(contractRows: Row[], { runs, requests, interval }: MemoryBenchOptions): Promise<Section> {
  const server = await startLoopbackServer();
  const results: Record<"ours" | "bare", MemoryRun[]> = { ours: [], bare: [] };
  try {
    for (let round = 0; round < runs; round++) {
      for (const which of round % 2 === 0 ? (["ours", "bare"] as const) : (["bare", "ours"] as const)) {
        const child = await runProcess(process.execPath, bundledArgs("bench/children/client-memory.ts", ["--expose-gc"], [server.url, which, String(requests), String(interval)]));
        results[which].push(lastJsonLine<MemoryRun>(child.stdout));
      }
    }
  } finally {
    await server.stop();
  }
  // Growth per 1,000 requests: slope of heapUsed over the second half (the first half includes warm-up settling) and over all samples.
  const growth = (run: MemoryRun, fromHalf: boolean) => {
    const points = fromHalf ? run.samples.slice(Math.floor(run.samples.length / 2)) : run.samples;
    return (slope(points.map((p) => p.requests / 1000), points.map((p) => p.heapUsedBytes)) / KIB);
  };
  const rows: Row[] = [...contractRows];
  for (const which of ["ours", "bare"] as const) {
    const name = results[which][0]!.variant;
    rows.push({ label: `${name}: heap growth per 1,000 requests, all samples (incl. settling)`, figure: summarize(results[which].map((r) => growth(r, false)), "KiB") });
    rows.push({ label: `${name}: heap growth per 1,000 requests, second half`, figure: summarize(results[which].map((r) => growth(r, true)), "KiB") });
    rows.push({ label: `${name}: heap after ${requests.toLocaleString("en-US")} requests`, figure: summarize(results[which].map((r) => r.samples.at(-1)!.heapUsedBytes / MIB), "MiB") });
    rows.push({ label: `${name}: process peak RSS`, figure: summarize(results[which].map((r) => r.maxRssBytes / MIB), "MiB") });
  }
  const oursGrowth = summarize(results.ours.map((r) => growth(r, true)), "KiB").median;
  return {
    id: "memory",
    title: "6. Memory",
    method:
      `Contract suite: the runs of section 2 (runner with its in-process mocks: maxRSS from process.resourceUsage; the whole \`npm run contract\` process tree summed from /proc). ` +
      `Client: a fresh \`node --expose-gc\` process per run doing ${requests.toLocaleString("en-US")} requests (GET and POST alternating, after 500 warm-up) ` +
      `against the loopback server; heapUsed after full GCs every ${interval.toLocaleString("en-US")} requests; growth is the least-squares slope. ${runs} runs each for ours and bare fetch, alternating.`,
    rows,
    goals: [
      {
        goal: "no heap growth across 10,000 requests",
        met: oursGrowth < FLAT_KIB_PER_1000,
        detail: `ours grows ${oursGrowth.toFixed(1)} KiB per 1,000 requests over the second half (flat = under ${FLAT_KIB_PER_1000} KiB)`,
      },
    ],
    notes: ["Peak RSS of a Node process includes the V8 heap's reserved space; the heap slope after GC is the leak signal."],
    data: results,
  };
}
