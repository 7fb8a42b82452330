/** Browser Use Cloud v3: the facts the shared client needs. */
import { billableOperations, type ProviderDefinition } from "../core/create-client.js";
import { stringField, type ProviderErrorDetails } from "../core/error-factory.js";
import { operations } from "../../generated/browser-use/operations.js";

/** Operations the spec marks `x-billable` (they start paid work): never re-sent once they may have been delivered. */
export const BILLABLE_OPERATIONS = /* @__PURE__ */ billableOperations(operations);

// FastAPI: `{detail: "message"}`, or for 422 `{detail: [{loc, msg, type}]}`.
function readErrorBody(body: unknown): ProviderErrorDetails {
  const text = stringField(body, "detail");
  if (text !== undefined) return { message: text };
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(detail)) return {};
  const problems = detail.map((item: { loc?: unknown[]; msg?: unknown }) => `${(item.loc ?? []).join(".")}: ${String(item.msg)}`);
  return { message: problems.join("; "), code: "validation_error" };
}

/** Browser Use's provider definition. */
export const browserUse: ProviderDefinition = {
  name: "browser-use",
  apiKeyEnv: "BROWSER_USE_API_KEY",
  baseUrlEnv: "BROWSER_USE_BASE_URL",
  defaultBaseUrl: "https://api.browser-use.com/api/v3",
  authHeaders: (apiKey) => ({ "X-Browser-Use-API-Key": apiKey }),
  operations,
  readErrorBody,
  // 429 here is "too many concurrent active sessions": backing off does not free a session.
  noRetryStatuses: [429],
};
