/**
 * Section 2: the contract suite on Prism mocks. `npm run contract` itself, warm and on a first run with an
 * empty temp directory, process start to exit; then its parts in a fresh
 * child (bench/children/contract-run.ts): importing Prism's libraries, starting the in-process servers,
 * the cases; and the same cases on four `prism mock` CLI processes, the way the suite ran before,
 * measured in the same child for the ratios. The warm runs give section 6 the peak RSS of the suite.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lastJsonLine, runProcess, tsxArgs, type ProcessRun } from "./lib/process.js";
import type { Row, Section } from "./lib/report.js";
import { pairedRatio, summarize } from "./lib/stats.js";

/** Goal of issue 16: `npm run contract`, warm, process start to exit. */
export const WARM_GOAL_MS = 5_000;
/** Goal of issue 16: the first `npm run contract` (cold caches). */
export const COLD_GOAL_MS = 10_000;

interface SuiteTiming {
  startupMs: number;
  casesMs: number;
  cases: number;
  failed: number;
}

interface ContractParts {
  importMs: number;
  inProcess: SuiteTiming;
  cli: SuiteTiming;
  runnerMaxRssBytes: number;
}

const MIB = 2 ** 20;

function checkTotal(run: ProcessRun, label: string): number {
  const total = /contract: (\d+) passed, (\d+) failed/.exec(run.stdout);
  if (!total) throw new Error(`${label}: no closing total in the output\n${run.stdout.slice(-1000)}`);
  if (Number(total[2]) > 0) throw new Error(`${label}: ${total[2]} cases failed; the timings would mean nothing`);
  return Number(total[1]);
}

/** The `contract` npm script, as package.json has it. */
function contractScript(): string {
  return (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts.contract!;
}

/**
 * `npm run contract` with an empty temp directory: scripts/run-bundled.mjs bundles the runner afresh on
 * every run and keeps no cache, so the run must leave the directory as empty as it found it (anything left
 * there would be a cache the warm runs might use).
 */
async function coldRun(): Promise<ProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), "bench-contract-cold-"));
  try {
    const run = await runProcess("npm", ["run", "contract"], { env: { ...process.env, TMPDIR: dir } });
    const left = readdirSync(dir);
    if (left.length > 0) throw new Error(`cold run of \`${contractScript()}\` left ${JSON.stringify(left)} in ${dir}`);
    checkTotal(run, "cold npm run contract");
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `npm run contract` cold and warm `runs` times, and the parts; returns section 2 and memory rows. */
export async function benchContract(runs: number): Promise<{ section: Section; memoryRows: Row[] }> {
  // One run first, so that the warm runs find the OS file cache filled.
  await runProcess("npm", ["run", "contract"]);
  const cold: ProcessRun[] = [];
  const warm: ProcessRun[] = [];
  const parts: ContractParts[] = [];
  let cases = 0;
  for (let round = 0; round < runs; round++) {
    cold.push(await coldRun());
    const run = await runProcess("npm", ["run", "contract"], { rssSampleMs: 100 });
    cases = checkTotal(run, "npm run contract");
    warm.push(run);
    const child = await runProcess(process.execPath, tsxArgs("bench/children/contract-run.ts"));
    const measured = lastJsonLine<ContractParts>(child.stdout);
    for (const [label, timing] of [["in-process", measured.inProcess], ["CLI", measured.cli]] as const) {
      if (timing.failed > 0) throw new Error(`contract suite on the ${label} mocks: ${timing.failed} of ${timing.cases} cases failed`);
    }
    parts.push(measured);
  }
  const pick = (f: (r: ContractParts) => number) => parts.map(f);
  const warmMs = summarize(warm.map((r) => r.ms), "ms");
  const coldMs = summarize(cold.map((r) => r.ms), "ms");
  const inProcessStartup = pick((r) => r.importMs + r.inProcess.startupMs);
  const section: Section = {
    id: "contract",
    title: "2. Contract suite on mocks",
    method:
      `\`npm run contract\` (\`${contractScript()}\`; ${cases} cases, 4 specs, one in-process Prism server per spec) as a child process, process start to exit: ` +
      "first with an empty temp directory (no compile cache exists: scripts/run-bundled.mjs bundles the runner afresh on every run; the OS file cache is not dropped), then warm. " +
      "Then a fresh child using the same modules times the parts, and runs the same cases on 4 `prism mock` CLI processes started in parallel (the previous set-up). " +
      `${runs} rounds of cold, warm and parts.`,
    rows: [
      { label: "`npm run contract`, warm", figure: warmMs },
      { label: "`npm run contract`, first run (empty temp directory)", figure: coldMs },
      { label: "import prism.ts (starts the Prism worker)", figure: summarize(pick((r) => r.importMs), "ms") },
      { label: "then start 4 in-process servers (the worker imports Prism, loads and indexes the specs one after another)", figure: summarize(pick((r) => r.inProcess.startupMs), "ms") },
      { label: "cases on the in-process servers, once all 4 listen", figure: summarize(pick((r) => r.inProcess.casesMs), "ms") },
      { label: "previous set-up: start 4 `prism mock` CLI processes in parallel", figure: summarize(pick((r) => r.cli.startupMs), "ms") },
      { label: "previous set-up: cases on the CLI processes", figure: summarize(pick((r) => r.cli.casesMs), "ms") },
      { label: "start-up in-process (import + servers) / CLI processes", figure: pairedRatio(inProcessStartup, pick((r) => r.cli.startupMs)) },
      { label: "cases in-process / on the CLI processes", figure: pairedRatio(pick((r) => r.inProcess.casesMs), pick((r) => r.cli.casesMs)) },
    ],
    goals: [
      { goal: "`npm run contract` warm at most 5 s", met: warmMs.median <= WARM_GOAL_MS, detail: `median ${Math.round(warmMs.median)} ms, max ${Math.round(warmMs.max)} ms` },
      { goal: "`npm run contract` first run at most 10 s", met: coldMs.median <= COLD_GOAL_MS, detail: `median ${Math.round(coldMs.median)} ms, max ${Math.round(coldMs.max)} ms` },
    ],
    notes: [
      "The servers are Prism's own (prism-http-server with the configuration `prism mock` builds) on one worker thread of the runner's process: no child process to start, Prism imported once instead of four times at once on two cores, no per-request log lines written, piped and re-parsed by the CLI; the worker answers on one core while the runner checks on the other.",
      "contract-tests/runner/prism.test.ts proves the in-process servers answer every case, and requests outside the cases, with the CLI's status, headers and body.",
      "`npm run contract` runs one esbuild bundle of the runner built in memory on every run (no tsx process, loader thread or cache), and no optimising compiler, whose background compiles cost more CPU than they saved in a run this short (about 1.5 s of 7 s of CPU). The parts rows come from a child run through tsx with the optimising compiler on.",
      "The parts rows start all 4 servers before any case; the command itself overlaps them: it starts the worker (which imports Prism) before its own modules load, the worker loads one spec at a time, and each provider's cases run as soon as its server listens.",
      "The worker imports Prism without @faker-js/faker's locales and postman-collection (stand-ins that load the real module on first use: only dynamic generation with a `faker` keyword, or a Postman collection, would): about a second less on each run.",
      "Once the servers listen, most of the time is first-use cost on both threads: ajv compiling validators (Prism's on the worker, the checks' on the runner) and code running for the first time; the same 342 cases sent again in the same process take well under a second.",
    ],
    data: { warm: warm.map((r) => r.ms), cold: cold.map((r) => r.ms), parts },
  };
  const memoryRows: Row[] = [
    { label: "contract suite: runner process (with the in-process mocks) peak RSS", figure: summarize(pick((r) => r.runnerMaxRssBytes / MIB), "MiB") },
    { label: "contract suite: `npm run contract` process tree, peak of summed RSS", figure: summarize(warm.map((r) => r.peakTreeRssBytes / MIB), "MiB"), note: "sampled every 100 ms" },
  ];
  return { section, memoryRows };
}
