import type { ObservedResponse } from "../runner/types.js";
import type { Check } from "./context.js";

// Prism reports request violations in the `sl-violations` header, and, when the spec documents no
// error response for them, also in its own problem+json body (`validation[]`).
function reportedViolations(response: ObservedResponse): string {
  const header = response.headers.get("sl-violations") ?? "";
  const validation = (response.json as { validation?: unknown } | undefined)?.validation;
  return header + (Array.isArray(validation) ? JSON.stringify(validation) : "");
}

/**
 * For a request the mock must reject: Prism reported a violation whose text contains the expected
 * fragment. Guards against a rejection that comes for another reason.
 */
export const mockViolation: Check = ({ contractCase, response, target }) => {
  const expected = contractCase.expect.violation;
  if (expected === undefined || target.kind !== "mock") return [];
  const reported = reportedViolations(response);
  if (!reported) return [{ check: "mockViolation", message: `Received no violation report / Expected one mentioning ${JSON.stringify(expected)}` }];
  return reported.toLowerCase().includes(expected.toLowerCase())
    ? []
    : [{ check: "mockViolation", message: `Received violations: ${reported.slice(0, 400)} / Expected one mentioning ${JSON.stringify(expected)}` }];
};
