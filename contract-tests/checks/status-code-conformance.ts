import type { Check } from "./context.js";

/**
 * The received status is one the spec documents for the operation. Exception: a mock rejecting a bad
 * request (a case with `expect.violation`) answers with Prism's own 422 when the spec documents no
 * validation error; that response is the mock's, not the provider's.
 */
export const statusCodeConformance: Check = ({ spec, operation, response, contractCase, target }) => {
  if (spec.response(operation, response.status)) return [];
  if (target.kind === "mock" && contractCase.expect.violation !== undefined && response.status === contractCase.expect.status) return [];
  const documented = spec.documentedStatuses(operation).join(", ");
  return [{ check: "statusCodeConformance", message: `Received: ${response.status} / Documented: ${documented}` }];
};
