/**
 * `npm run contract`: every provider's contract cases against its Prism mock. Starts the mocks in
 * parallel on 127.0.0.1, prints one line per operation and a closing total, exits non-zero on any failure.
 *
 *   npm run contract                          all providers
 *   npm run contract -- --provider thinkrun   one provider (repeatable)
 */
import { parseArgs } from "node:util";
import { startPrism, type MockServer } from "../contract-tests/runner/prism.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "../contract-tests/runner/providers.js";
import { mockTarget, runSuite } from "../contract-tests/runner/suite.js";
import type { CaseResult } from "../contract-tests/runner/types.js";

const { values } = parseArgs({
  options: {
    provider: { type: "string", multiple: true },
    target: { type: "string", default: "mock" },
  },
});

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

async function main(): Promise<number> {
  if (values.target !== "mock") throw new Error(`unknown target ${values.target}; this version runs --target mock`);
  const providers = selectProviders(values.provider);
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
