/** Runs a provider's whole case table against one target. */
import { MOCK_API_KEY, type ContractProvider } from "./providers.js";
import { CASE_TIMEOUT_MS, caseResult, sendCase } from "./run-case.js";
import { TargetWatch } from "./target-watch.js";
import { SpecIndex } from "./spec-index.js";
import type { CaseResult, Target } from "./types.js";

/** Cases in flight at once per provider. */
export const CASE_CONCURRENCY = 8;

const specs = new Map<string, SpecIndex>();

/** The spec index of a provider, loaded and compiled once per process. */
export function specFor(provider: ContractProvider): SpecIndex {
  let spec = specs.get(provider.specPath);
  if (!spec) {
    spec = SpecIndex.fromFile(provider.specPath, provider.definition.name);
    specs.set(provider.specPath, spec);
  }
  return spec;
}

/** The mock target for a provider served at `baseUrl`; `timeoutMs` per call (default `CASE_TIMEOUT_MS`). */
export function mockTarget(provider: ContractProvider, baseUrl: string, timeoutMs?: number): Target {
  return { kind: "mock", baseUrl, headers: provider.definition.authHeaders(MOCK_API_KEY), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
}

/**
 * Runs every case of a provider (mock-only cases skipped on live targets), results in table order. Once the
 * target stalls (see target-watch.ts) the other cases are not sent and fail with that reason; pass `watch`
 * to read the stall afterwards.
 */
export async function runSuite(provider: ContractProvider, target: Target, options: { watch?: TargetWatch } = {}): Promise<CaseResult[]> {
  const watch = options.watch ?? new TargetWatch(target.timeoutMs ?? CASE_TIMEOUT_MS);
  const spec = specFor(provider);
  const cases = provider.cases.filter((c) => target.kind === "mock" || !(c.mockOnly || c.prefer));
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const contractCase = cases[index]!;
      const sent = await watch.send(() => sendCase(spec, target, contractCase));
      if (sent) results[index] = caseResult(provider.definition.name, spec, target, contractCase, sent);
      else {
        const operation = spec.operation(contractCase.operationId);
        const failures = [{ check: "transport", message: watch.notSentReason(target.baseUrl) }];
        results[index] = { provider: provider.definition.name, case: contractCase, operation: `${operation.method.toUpperCase()} ${operation.path}`, failures, durationMs: 0 };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CASE_CONCURRENCY, cases.length) }, worker));
  return results;
}
