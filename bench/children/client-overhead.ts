/**
 * Round trips through each client variant against the loopback server, in `sets` process sets: each set starts
 * every variant in a child process of its own (client-variant.ts), warms them all up, then drives them in
 * interleaved rounds (the variant order rotates every round; one child works at a time), each round a batch
 * of sequential GETs and a batch of POSTs per variant, and stops them. A process draws its own JIT and heap
 * layout, which no number of rounds inside it averages out: fresh processes per set sample that too.
 * Prints one JSON line: per variant and operation, wall and CPU microseconds per request, per round (the
 * rounds of every set, in order).
 *
 *   node --import tsx bench/children/client-overhead.ts <server url> <sets> <rounds per set> <requests per batch> <warm-up requests>
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { allVariants } from "../lib/client-variants.js";
import { bundledArgs } from "../lib/process.js";
import { rotate } from "../lib/stats.js";

const [url, setsArg, roundsArg, batchArg, warmupArg] = process.argv.slice(2);
if (!url) throw new Error("usage: client-overhead.ts <url> <sets> <rounds per set> <batch> <warmup>");
const sets = Number(setsArg ?? 3);
const rounds = Number(roundsArg ?? 5);
const batch = Number(batchArg ?? 300);
const warmup = Number(warmupArg ?? 500);

type Op = "get" | "post";

/** A variant's child process: `ask(line)` resolves with its next line of output. */
function startVariant(name: string) {
  const child = spawn(process.execPath, bundledArgs("bench/children/client-variant.ts", [], [url!, name]), { stdio: ["pipe", "pipe", "inherit"] });
  const output = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  output.on("line", (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  return {
    name,
    ready: next(),
    ask(line: string) {
      const answer = next();
      child.stdin.write(`${line}\n`);
      return answer;
    },
    stop: () => child.stdin.end(),
  };
}

const variants = allVariants(url);
const samples: Record<string, Record<Op, { wallUs: number[]; cpuUs: number[] }>> = {};
for (const v of variants) samples[v.name] = { get: { wallUs: [], cpuUs: [] }, post: { wallUs: [], cpuUs: [] } };
for (let set = 0; set < sets; set++) {
  const children = variants.map((v) => startVariant(v.name));
  try {
    for (const child of children) await child.ready;
    for (const child of children) await child.ask(`warmup ${warmup}`);
    for (let round = 0; round < rounds; round++) {
      // Rotated by the round over all sets, so each set does not start with the same variant either.
      for (const child of rotate(children, set * rounds + round)) {
        for (const op of ["get", "post"] as const) {
          const { wallUs, cpuUs } = JSON.parse(await child.ask(`run ${op} ${batch}`)) as { wallUs: number; cpuUs: number };
          samples[child.name]![op].wallUs.push(wallUs);
          samples[child.name]![op].cpuUs.push(cpuUs);
        }
      }
    }
  } finally {
    for (const child of children) child.stop();
  }
}
console.log(JSON.stringify({ variants: variants.map((v) => ({ name: v.name, role: v.role })), samples }));
