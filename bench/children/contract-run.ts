/**
 * One run of the contract suite on mocks, as scripts/contract.ts does it (same modules), timed in parts.
 * Prints one JSON line: start-up per server and in total, cases per provider and in total, the runner's
 * max RSS, and the start-up of one Prism server alone for comparison.
 */
import { startPrism, type MockServer } from "../../contract-tests/runner/prism.js";
import { CONTRACT_PROVIDERS } from "../../contract-tests/runner/providers.js";
import { mockTarget, runSuite } from "../../contract-tests/runner/suite.js";

async function timedStart(specPath: string, started: MockServer[]): Promise<{ server: MockServer; ms: number }> {
  const t = performance.now();
  const server = await startPrism(specPath);
  started.push(server);
  return { server, ms: performance.now() - t };
}

async function main(): Promise<void> {
  const running: MockServer[] = [];
  try {
    const startupStarted = performance.now();
    const starts = await Promise.all(CONTRACT_PROVIDERS.map((p) => timedStart(p.specPath, running)));
    const startupMs = performance.now() - startupStarted;

    const casesStarted = performance.now();
    const casesCpu = process.cpuUsage();
    const casesByProviderMs: number[] = [];
    const results = await Promise.all(
      CONTRACT_PROVIDERS.map(async (provider, i) => {
        const t = performance.now();
        const result = await runSuite(provider, mockTarget(provider, starts[i]!.server.url));
        casesByProviderMs[i] = performance.now() - t;
        return result;
      }),
    );
    const casesMs = performance.now() - casesStarted;
    const { user, system } = process.cpuUsage(casesCpu);
    const all = results.flat();
    await Promise.all(running.splice(0).map((s) => s.stop()));

    // The same spec's server started with nothing else running: what one start-up costs uncontended.
    const alone = await timedStart(CONTRACT_PROVIDERS[0]!.specPath, running);
    await Promise.all(running.splice(0).map((s) => s.stop()));

    console.log(
      JSON.stringify({
        providers: CONTRACT_PROVIDERS.map((p) => p.definition.name),
        startupMs,
        startupByServerMs: starts.map((s) => s.ms),
        casesMs,
        casesByProviderMs,
        casesRunnerCpuMs: (user + system) / 1000,
        cases: all.length,
        failed: all.filter((r) => r.failures.length > 0).length,
        aloneStartupMs: alone.ms,
        runnerMaxRssBytes: process.resourceUsage().maxRSS * 1024,
      }),
    );
  } finally {
    await Promise.all(running.map((s) => s.stop()));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
