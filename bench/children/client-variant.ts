/**
 * One client variant in a process of its own, driven over stdin by client-overhead.ts: so that one variant's
 * garbage (the SDKs' per-request AbortSignal registrations, WeakRefs and FinalizationRegistry entries, a
 * platform Request per call) is never collected on another variant's time. Prints `ready`, then answers
 * each line: `warmup <n>` with `ok` after n GETs and n POSTs, `run <get|post> <n>` with one JSON line
 * `{wallUs, cpuUs}` per request of that batch.
 *
 *   node scripts/run-bundled.mjs bench/children/client-variant.ts <server url> <variant name>
 *
 * Run as plain JavaScript (not through tsx), like the SDKs it is compared with and like our published code.
 */
import { createInterface } from "node:readline";
import { allVariants } from "../lib/client-variants.js";

const [url, name] = process.argv.slice(2);
const variant = allVariants(url ?? "").find((v) => v.name === name);
if (!url || !variant) throw new Error(`usage: client-variant.ts <url> <variant name>; unknown variant ${name}`);

const lines = createInterface({ input: process.stdin });
console.log("ready");
for await (const line of lines) {
  const [command, arg1, arg2] = line.trim().split(" ");
  if (command === "warmup") {
    for (let i = 0; i < Number(arg1); i++) {
      await variant.get();
      await variant.post();
    }
    console.log("ok");
  } else if (command === "run") {
    const op = arg1 === "post" ? "post" : "get";
    const batch = Number(arg2);
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < batch; i++) await variant[op]();
    const wallUs = ((performance.now() - started) * 1000) / batch;
    const used = process.cpuUsage(cpu);
    console.log(JSON.stringify({ wallUs, cpuUs: (used.user + used.system) / batch }));
  }
}
