/**
 * `npm run contract`: every provider's contract cases against its Prism mock (default), or against the
 * live APIs with the drift report. Mock: starts the mocks in parallel on 127.0.0.1, prints one line per
 * operation and a closing total, exits non-zero on any failure. Live: runs the providers whose key is set
 * (the others are reported as skipped), writes reports/drift/{report.md,report.json,junit.xml}, exits
 * the report's exit code: 0 pass, 1 drift (a breaking finding, any finding with --strict, a failed case, a
 * resource not cleaned up), 2 could not judge (no provider ran, or a target looks misconfigured).
 *
 *   npm run contract                                        all providers on the mocks
 *   npm run contract -- --provider thinkrun                 one provider (repeatable, or a comma list)
 *   npm run contract -- --target live --provider browserbase
 *   npm run contract -- --target live --dry-run             the calls a live run would make; sends nothing
 *     --max-creates N    created resources per run (default 2)     --strict         fail on any finding
 *     --allowlist FILE   default contract-allowlist.json           --out DIR        default reports/drift
 *     --baseline FILE    an earlier report.json: findings marked new / still open / gone
 *   Env: CONTRACT_TARGET=live, CONTRACT_PROVIDERS=a,b stand in for --target and --provider.
 */
import { parseArgs } from "node:util";
import { dryRunLines, runLiveDrift } from "../contract-tests/drift/live-run.js";
import { renderSummary } from "../contract-tests/drift/report.js";
import { CleanupRegistry, DEFAULT_MAX_CREATES } from "../contract-tests/runner/live.js";
import { startPrism, type MockServer } from "../contract-tests/runner/prism.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "../contract-tests/runner/providers.js";
import { mockTarget, runSuite } from "../contract-tests/runner/suite.js";
import type { CaseResult } from "../contract-tests/runner/types.js";
import { runMain } from "./lib/steps.js";

const { values } = parseArgs({
  options: {
    provider: { type: "string", multiple: true },
    target: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    "max-creates": { type: "string" },
    strict: { type: "boolean", default: false },
    allowlist: { type: "string" },
    baseline: { type: "string" },
    out: { type: "string" },
  },
});

const target = values.target ?? process.env.CONTRACT_TARGET ?? "mock";
const providerNames = (values.provider ?? process.env.CONTRACT_PROVIDERS?.split(","))?.flatMap((n) => n.split(",")).map((n) => n.trim()).filter(Boolean);

function selectProviders(names: string[] | undefined): ContractProvider[] {
  if (!names) return [...CONTRACT_PROVIDERS];
  const known = new Map(CONTRACT_PROVIDERS.map((p) => [p.definition.name, p]));
  return names.map((name) => {
    const provider = known.get(name);
    if (!provider) throw new Error(`unknown provider ${name}; known: ${[...known.keys()].join(", ")}`);
    return provider;
  });
}

function printResults(provider: string, results: CaseResult[]): void {
  const byOperation = new Map<string, CaseResult[]>();
  for (const result of results) byOperation.set(result.operation, [...(byOperation.get(result.operation) ?? []), result]);
  const label = (cases: CaseResult[]) => `${cases[0]!.case.operationId} (${cases[0]!.operation})`;
  const width = Math.max(...[...byOperation.values()].map((cases) => label(cases).length));
  for (const cases of byOperation.values()) {
    const failed = cases.filter((c) => c.failures.length > 0);
    const mark = failed.length === 0 ? "ok  " : "FAIL";
    console.log(`${mark} ${provider.padEnd(12)} ${label(cases).padEnd(width)}  ${cases.length - failed.length}/${cases.length} cases passed`);
    for (const result of failed) {
      console.log(`       ✗ ${result.case.name}`);
      for (const failure of result.failures) console.log(`           ${failure.check}: ${failure.message}`);
    }
  }
}

async function live(providers: ContractProvider[]): Promise<number> {
  const maxCreates = values["max-creates"] === undefined ? DEFAULT_MAX_CREATES : Number(values["max-creates"]);
  if (!Number.isInteger(maxCreates) || maxCreates < 0) throw new Error(`--max-creates must be a whole number, got ${values["max-creates"]}`);
  if (values["dry-run"]) {
    for (const line of dryRunLines({ providers, maxCreates })) console.log(line);
    return 0;
  }
  const cleanups = new CleanupRegistry();
  const log = (line: string) => console.log(line);
  // An interrupted run still undoes what it created before it exits.
  process.once("SIGINT", () => {
    console.log(`interrupted: cleaning up ${cleanups.size} created resource(s)`);
    void cleanups.run().finally(() => process.exit(130));
  });
  const started = performance.now();
  const { report, files } = await runLiveDrift({ providers, maxCreates, strict: values.strict, allowlistPath: values.allowlist, baselinePath: values.baseline, outDir: values.out, cleanups, log });
  for (const line of renderSummary(report, files)) console.log(line);
  console.log(`live    ${Math.round(performance.now() - started)} ms`);
  return report.exitCode;
}

async function main(): Promise<number> {
  if (target !== "mock" && target !== "live") throw new Error(`unknown target ${target}; use --target mock or --target live`);
  const providers = selectProviders(providerNames);
  if (target === "live") return live(providers);
  if (values["dry-run"]) throw new Error("--dry-run lists the calls of a live run: use it with --target live");
  const started = performance.now();
  const servers: MockServer[] = [];
  const stopAll = () => Promise.all(servers.map((s) => s.stop()));
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));
  try {
    const urls = await Promise.all(
      providers.map(async (p) => {
        const server = await startPrism(p.specPath);
        servers.push(server);
        return server.url;
      }),
    );
    const startupMs = Math.round(performance.now() - started);
    console.log(`mocks   ${providers.length} Prism server(s) started in parallel in ${startupMs} ms`);
    const casesStarted = performance.now();
    const results = await Promise.all(providers.map((p, i) => runSuite(p, mockTarget(p, urls[i]!))));
    providers.forEach((p, i) => printResults(p.definition.name, results[i]!));
    const all = results.flat();
    const failed = all.filter((r) => r.failures.length > 0).length;
    const casesMs = Math.round(performance.now() - casesStarted);
    console.log(`cases   ${all.length} case(s) in ${casesMs} ms`);
    console.log(`contract: ${all.length - failed} passed, ${failed} failed`);
    return failed === 0 && all.length > 0 ? 0 : 1;
  } finally {
    await stopAll();
  }
}

runMain(main);
