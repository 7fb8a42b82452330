/**
 * Round trips through each client variant against the loopback server: warm-up, then interleaved rounds
 * (the variant order rotates every round), each round a batch of sequential GETs and a batch of POSTs per
 * variant. Prints one JSON line: per variant and operation, wall and CPU microseconds per request, per round.
 *
 *   node --import tsx bench/children/client-overhead.ts <server url> <rounds> <requests per batch> <warm-up requests>
 */
import { allVariants } from "../lib/client-variants.js";
import { rotate } from "../lib/stats.js";

const [url, roundsArg, batchArg, warmupArg] = process.argv.slice(2);
if (!url) throw new Error("usage: client-overhead.ts <url> <rounds> <batch> <warmup>");
const rounds = Number(roundsArg ?? 15);
const batch = Number(batchArg ?? 300);
const warmup = Number(warmupArg ?? 500);

type Op = "get" | "post";
const variants = allVariants(url);
const samples: Record<string, Record<Op, { wallUs: number[]; cpuUs: number[] }>> = {};
for (const v of variants) samples[v.name] = { get: { wallUs: [], cpuUs: [] }, post: { wallUs: [], cpuUs: [] } };

for (const v of variants) {
  for (let i = 0; i < warmup; i++) {
    await v.get();
    await v.post();
  }
}
for (let round = 0; round < rounds; round++) {
  for (const v of rotate(variants, round)) {
    for (const op of ["get", "post"] as const) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < batch; i++) await v[op]();
      const wallUs = ((performance.now() - started) * 1000) / batch;
      const used = process.cpuUsage(cpu);
      samples[v.name]![op].wallUs.push(wallUs);
      samples[v.name]![op].cpuUs.push((used.user + used.system) / batch);
    }
  }
}
console.log(JSON.stringify({ variants: variants.map((v) => ({ name: v.name, role: v.role })), samples }));
