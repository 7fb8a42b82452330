/** Every check, applied to every case; the runner collects all failures instead of stopping at the first. */
import { contentTypeConformance } from "./content-type-conformance.js";
import type { Check } from "./context.js";
import { decimalPattern } from "./decimal-pattern.js";
import { exampleServed } from "./example-served.js";
import { expectedStatus } from "./expected-status.js";
import { mockViolation } from "./mock-violation.js";
import { responseSchemaConformance } from "./response-schema-conformance.js";
import { statusCodeConformance } from "./status-code-conformance.js";

export type { Check, CheckContext } from "./context.js";

/** The checks, by name. */
export const CHECKS: Readonly<Record<string, Check>> = {
  expectedStatus,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  decimalPattern,
  exampleServed,
  mockViolation,
};
