/**
 * `npm run replay`: the drift classifier on recorded traffic (a HAR file, or NDJSON of request/response
 * pairs), offline. Writes reports/drift/{report.md,report.json,junit.xml}; exits with the report's code:
 * 0 pass, 1 drift (a breaking finding, any finding with --strict), 2 could not judge (nothing matched).
 *
 *   npm run replay -- --provider browser-use --file traffic.har
 *     --strict   fail on any finding    --allowlist FILE   default contract-allowlist.json    --out DIR   default reports/drift
 */
import { parseArgs } from "node:util";
import { replayTraffic } from "../contract-tests/drift/replay.js";
import { renderSummary } from "../contract-tests/drift/report.js";
import { CONTRACT_PROVIDERS } from "../contract-tests/runner/providers.js";

const { values } = parseArgs({
  options: {
    provider: { type: "string" },
    file: { type: "string" },
    strict: { type: "boolean", default: false },
    allowlist: { type: "string" },
    baseline: { type: "string" },
    out: { type: "string" },
  },
});

function main(): number {
  const known = CONTRACT_PROVIDERS.map((p) => p.definition.name);
  const provider = CONTRACT_PROVIDERS.find((p) => p.definition.name === values.provider);
  if (!provider) throw new Error(`--provider is required: one of ${known.join(", ")}`);
  if (!values.file) throw new Error("--file is required: a HAR file or NDJSON of {request, response} pairs");
  const started = performance.now();
  const { report, files } = replayTraffic({ provider, file: values.file, strict: values.strict, allowlistPath: values.allowlist, baselinePath: values.baseline, outDir: values.out });
  const r = report.replay!;
  console.log(`replay  ${r.entries} recorded exchange(s), ${r.matched} matched, ${r.unmatched.length} unmatched in ${Math.round(performance.now() - started)} ms`);
  for (const u of r.unmatched) console.log(`       unmatched entry ${u.entry}: ${u.method} ${u.url}: ${u.reason}`);
  for (const line of renderSummary(report, files)) console.log(line);
  return report.exitCode;
}

try {
  process.exit(main());
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
