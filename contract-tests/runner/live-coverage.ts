/** Live coverage: which operations of a spec got a documented success response in a run, and why the others did not. */
import type { LiveExchange } from "./live.js";
import type { Scenario } from "./live-plan.js";
import type { SpecIndex } from "./spec-index.js";

/** Which operations got a live success response. */
export interface LiveCoverage {
  /** Operations of the spec. */
  operations: number;
  /** Operations with at least one documented 2xx response checked, in spec order. */
  covered: string[];
  /** The others, each with why. */
  missing: { operationId: string; reason: string }[];
  /** `covered / operations`, in percent, rounded down. */
  percent: number;
}

/** Which operations got a documented 2xx response in these exchanges, and why the others did not. */
export function coverageOf(spec: SpecIndex, scenario: Scenario, exchanges: readonly LiveExchange[], outcomes: ReadonlyMap<string, string> = new Map()): LiveCoverage {
  const ok = new Set(
    exchanges
      .filter((e) => e.response.status >= 200 && e.response.status < 300 && spec.response(spec.operation(e.operationId), e.response.status)?.key === String(e.response.status))
      .map((e) => e.operationId),
  );
  const operations = scenario.coverage.operations;
  const covered = operations.filter((o) => ok.has(o));
  const missing = operations
    .filter((o) => !ok.has(o))
    .map((operationId) => {
      const resource = scenario.resources.find((r) => r.kind.create === operationId);
      const reason = scenario.coverage.expected.includes(operationId)
        ? (outcomes.get(operationId) ?? "not sent")
        : resource
          ? `not created: ${resource.why}`
          : "not in the live scenario";
      return { operationId, reason };
    });
  return { operations: operations.length, covered, missing, percent: operations.length ? Math.floor((100 * covered.length) / operations.length) : 0 };
}
