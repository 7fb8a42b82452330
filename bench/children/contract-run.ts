/**
 * One run of the contract suite on mocks with the modules scripts/contract.ts uses, timed in parts, then
 * the same cases on `prism mock` CLI processes (the way the suite ran before) for comparison. Prints one
 * JSON line. Prism's libraries are imported here, timed, rather than at module load.
 */
import type { MockServer, PrismOptions } from "../../contract-tests/runner/prism.js";
import { CONTRACT_PROVIDERS } from "../../contract-tests/runner/providers.js";
import { mockTarget, runSuite } from "../../contract-tests/runner/suite.js";

type Start = (specPath: string, options?: PrismOptions) => Promise<MockServer>;

async function timedSuite(start: Start): Promise<{ startupMs: number; casesMs: number; cases: number; failed: number }> {
  const running: MockServer[] = [];
  try {
    const startupStarted = performance.now();
    const urls = await Promise.all(
      CONTRACT_PROVIDERS.map(async (p) => {
        const server = await start(p.specPath);
        running.push(server);
        return server.url;
      }),
    );
    const startupMs = performance.now() - startupStarted;
    const casesStarted = performance.now();
    const results = (await Promise.all(CONTRACT_PROVIDERS.map((p, i) => runSuite(p, mockTarget(p, urls[i]!))))).flat();
    const casesMs = performance.now() - casesStarted;
    return { startupMs, casesMs, cases: results.length, failed: results.filter((r) => r.failures.length > 0).length };
  } finally {
    await Promise.all(running.map((s) => s.stop()));
  }
}

async function main(): Promise<void> {
  const importStarted = performance.now();
  const { startPrism } = await import("../../contract-tests/runner/prism.js");
  const importMs = performance.now() - importStarted;
  const inProcess = await timedSuite(startPrism);
  const runnerMaxRssBytes = process.resourceUsage().maxRSS * 1024;
  const { startPrismCli } = await import("../../contract-tests/runner/prism-cli.js");
  const cli = await timedSuite(startPrismCli);
  console.log(JSON.stringify({ importMs, inProcess, cli, runnerMaxRssBytes }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
