/** Runs a provider's whole case table against one target. */
import { MOCK_API_KEY, type ContractProvider } from "./providers.js";
import { runCase } from "./run-case.js";
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

/** The mock target for a provider served at `baseUrl`. */
export function mockTarget(provider: ContractProvider, baseUrl: string): Target {
  return { kind: "mock", baseUrl, headers: provider.definition.authHeaders(MOCK_API_KEY) };
}

/** Runs every case of a provider (mock-only cases skipped on live targets), results in table order. */
export async function runSuite(provider: ContractProvider, target: Target): Promise<CaseResult[]> {
  const spec = specFor(provider);
  const cases = provider.cases.filter((c) => target.kind === "mock" || !(c.mockOnly || c.prefer));
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await runCase(provider.definition.name, spec, target, cases[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CASE_CONCURRENCY, cases.length) }, worker));
  return results;
}
