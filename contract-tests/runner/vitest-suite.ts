/** Registers a provider's case table as vitest tests against its mock: one test per case. */
import { describe, expect, inject, it } from "vitest";
import { caseProblems } from "./case-tables.js";
import type { ContractProvider } from "./providers.js";
import { mockTarget, specFor } from "./suite.js";
import { runCase } from "./run-case.js";

/**
 * One `describe` per provider, one `it` per case; a failing case lists every failed check. A case that
 * names an operation, status or example its spec lacks fails with that, before any request.
 */
export function describeContract(provider: ContractProvider): void {
  describe(`${provider.definition.name} contract on the mock`, () => {
    for (const contractCase of provider.cases) {
      it(contractCase.name, async () => {
        const spec = specFor(provider);
        expect(caseProblems(provider.definition.name, spec, contractCase)).toEqual([]);
        const url = inject("mockUrls")[provider.definition.name];
        if (!url) throw new Error(`no mock started for ${provider.definition.name}`);
        const result = await runCase(provider.definition.name, spec, mockTarget(provider, url), contractCase);
        expect(result.failures).toEqual([]);
      });
    }
  });
}
