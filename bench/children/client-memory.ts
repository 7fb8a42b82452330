/**
 * Heap growth of one client over many requests (run with `node --expose-gc`): after a warm-up, alternating
 * GET and POST round trips; every `interval` requests a full GC, then heapUsed is sampled. Prints one JSON
 * line with the samples and the process's max RSS.
 *
 *   node --expose-gc scripts/run-bundled.mjs bench/children/client-memory.ts <server url> <ours|bare> <requests> <interval>
 */
import { bareFetch, ours } from "../lib/client-variants.js";

const [url, which, requestsArg, intervalArg] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!url || !gc) throw new Error("usage: node --expose-gc scripts/run-bundled.mjs bench/children/client-memory.ts <url> <ours|bare> <requests> <interval>");
const requests = Number(requestsArg ?? 10_000);
const interval = Number(intervalArg ?? 1_000);
const client = which === "bare" ? bareFetch(url) : ours(url);

const fullGc = async () => {
  // Let FinalizationRegistry callbacks (AbortSignal.any keeps its signals through them) and pending socket
  // callbacks run between collections, so that what is left is what is really retained.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

for (let i = 0; i < 500; i++) await (i % 2 === 0 ? client.get() : client.post());
await fullGc();
const samples: { requests: number; heapUsedBytes: number }[] = [{ requests: 0, heapUsedBytes: process.memoryUsage().heapUsed }];
for (let done = 0; done < requests; ) {
  for (let i = 0; i < interval; i++, done++) await (done % 2 === 0 ? client.get() : client.post());
  await fullGc();
  samples.push({ requests: done, heapUsedBytes: process.memoryUsage().heapUsed });
}
console.log(JSON.stringify({ variant: client.name, samples, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
