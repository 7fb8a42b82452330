/**
 * Section 3: client overhead. GET and POST round trips on a keep-alive loopback server through our client,
 * a bare fetch doing the same request, and the official SDKs, interleaved in one child process.
 */
import { startLoopbackServer } from "./lib/loopback.js";
import { lastJsonLine, runProcess, tsxArgs } from "./lib/process.js";
import type { Goal, Row, Section } from "./lib/report.js";
import { pairedRatio, summarize } from "./lib/stats.js";

type Op = "get" | "post";
interface OverheadRun {
  variants: { name: string; role: "bare" | "ours" | "part" | "sdk" }[];
  samples: Record<string, Record<Op, { wallUs: number[]; cpuUs: number[] }>>;
}

/** The goal against openapi-fetch alone: ours may cost at most this ratio of it (wall time per request). */
export const OPENAPI_FETCH_RATIO_GOAL = 1.05;

// Printed when a client goal is missed: where the time goes, from CPU profiles (node --cpu-prof) and
// layer-by-layer ablations on Node 20.
const WHY_SLOWER = [
  "Most of a round trip is Node's fetch itself (undici: the request clone for redirect handling, the body written through an async iterator, the socket write), shared by every variant. " +
    "The client layers on top, a few µs together: URL and path serialisation with openapi-fetch's serializers, the client's headers merged once as a plain object (a call without middleware or per-call headers skips openapi-fetch's per-call Headers merges, see src/core/client-request.ts), " +
    "and ours (label reused per operation, per-attempt deadline, body read and parsed once, error mapping). The official SDKs pass a fresh AbortSignal per request, which Node's fetch registers (listener, WeakRef, FinalizationRegistry) at a cost larger than all client layers; ours does not (see src/core/timed-attempt.ts).",
];

/** Options of {@link benchClient}. */
export interface ClientBenchOptions {
  /** Process sets: every variant runs in fresh processes per set. */
  sets: number;
  /** Rounds per set. */
  rounds: number;
  batch: number;
  warmup: number;
}

/** Runs the section. */
export async function benchClient({ sets, rounds, batch, warmup }: ClientBenchOptions): Promise<Section> {
  const server = await startLoopbackServer();
  let run: OverheadRun;
  try {
    const child = await runProcess(process.execPath, tsxArgs("bench/children/client-overhead.ts", [], [server.url, String(sets), String(rounds), String(batch), String(warmup)]));
    run = lastJsonLine<OverheadRun>(child.stdout);
  } finally {
    await server.stop();
  }
  const named = (role: string) => run.variants.filter((v) => v.role === role).map((v) => v.name);
  const [bare] = named("bare") as [string];
  const [ours] = named("ours") as [string];
  const parts = named("part");
  const sdks = named("sdk");
  const rows: Row[] = [];
  const goals: Goal[] = [];
  for (const op of ["get", "post"] as const) {
    const label = op.toUpperCase();
    for (const { name } of run.variants) rows.push({ label: `${label} ${name}, wall per request`, figure: summarize(run.samples[name]![op].wallUs, "µs") });
    for (const { name } of run.variants) rows.push({ label: `${label} ${name}, client CPU per request`, figure: summarize(run.samples[name]![op].cpuUs, "µs") });
    const vsBare = pairedRatio(run.samples[ours]![op].wallUs, run.samples[bare]![op].wallUs);
    rows.push({ label: `${label} ours / bare fetch (wall)`, figure: vsBare });
    rows.push({ label: `${label} ours / bare fetch (CPU)`, figure: pairedRatio(run.samples[ours]![op].cpuUs, run.samples[bare]![op].cpuUs) });
    for (const part of parts) {
      const vsPart = pairedRatio(run.samples[ours]![op].wallUs, run.samples[part]![op].wallUs);
      rows.push({ label: `${label} ${part} / bare fetch (CPU)`, figure: pairedRatio(run.samples[part]![op].cpuUs, run.samples[bare]![op].cpuUs) });
      rows.push({ label: `${label} ours / ${part} (wall)`, figure: vsPart });
      rows.push({ label: `${label} ours / ${part} (CPU)`, figure: pairedRatio(run.samples[ours]![op].cpuUs, run.samples[part]![op].cpuUs) });
      goals.push({
        goal: `${label}: at most ${OPENAPI_FETCH_RATIO_GOAL}x ${part}`,
        met: vsPart.median <= OPENAPI_FETCH_RATIO_GOAL,
        detail: `ours/${part} ${vsPart.median.toFixed(2)}x wall (min ${vsPart.min.toFixed(2)}, max ${vsPart.max.toFixed(2)}), ${pairedRatio(run.samples[ours]![op].cpuUs, run.samples[part]![op].cpuUs).median.toFixed(2)}x CPU`,
      });
    }
    for (const sdk of sdks) {
      const vsSdk = pairedRatio(run.samples[ours]![op].wallUs, run.samples[sdk]![op].wallUs);
      const vsSdkCpu = pairedRatio(run.samples[ours]![op].cpuUs, run.samples[sdk]![op].cpuUs);
      rows.push({ label: `${label} ours / ${sdk} (wall)`, figure: vsSdk });
      rows.push({ label: `${label} ours / ${sdk} (CPU)`, figure: vsSdkCpu });
      goals.push({ goal: `${label}: no slower than ${sdk}`, met: vsSdk.median <= 1, detail: `ours/${sdk} ${vsSdk.median.toFixed(2)}x wall, ${vsSdkCpu.median.toFixed(2)}x CPU` });
    }
  }
  const notes = [
      "Ours = createBrowserUseClient with defaults (2 retries, 60 s per-attempt timeout covering the body, JSON checked and parsed once, error mapping). Bare fetch = Node's global fetch with the same URL, header and body, no timeout.",
      "browser-use-sdk uses the same global fetch (undici); @browserbasehq/sdk uses node-fetch over a keep-alive http.Agent, a different transport.",
      "Client CPU is the variant process's user+system time per request (the server runs elsewhere); it is steadier than wall time on a loaded machine. Each variant runs in its own process (bench/children/client-variant.ts), so that one's garbage is not collected on another's time, as plain JavaScript (bundled by scripts/run-bundled.mjs, not run through tsx), like the SDKs and like our published dist/.",
      "openapi-fetch alone (same header, global fetch, no middleware, no resilient fetch) builds a platform Request per call that fetch then copies. Ours builds a call without middleware or per-call headers itself (URL with openapi-fetch's serializers, headers merged once, the 2xx JSON it parsed as the data; src/core/client-request.ts) and gives openapi-fetch a light request for any other call while no user middleware can see it.",
  ];
  return {
    id: "client",
    title: "3. Client overhead",
    method:
      `One keep-alive node:http server on 127.0.0.1 in its own process answers every request with the same 1 kB JSON session. ` +
      `Each client does sequential GET /sessions/{id} and POST /sessions (JSON body) with its API key header and parses the response. ` +
      `${sets} sets of fresh processes, one per variant; in each set ${warmup} warm-up requests per variant and operation, then ${rounds} interleaved rounds of ${batch} requests per variant and operation ` +
      `(${sets * rounds} rounds in all: a process's own JIT and heap layout is sampled ${sets} times per variant, not once); ` +
      `a figure is per request. The Browserbase SDK calls its own paths (/v1/sessions) on the same server and body.`,
    rows,
    goals,
    notes: goals.every((g) => g.met) ? notes : [...notes, ...WHY_SLOWER],
    data: run,
  };
}
