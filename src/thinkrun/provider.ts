/** ThinkRun sessions API: the facts the shared client needs. */
import { billableOperations, type ProviderDefinition } from "../core/create-client.js";
import { stringField } from "../core/error-factory.js";
import { operations } from "../../generated/thinkrun/operations.js";

/** Operations the spec marks `x-billable` (they start paid work): never re-sent once they may have been delivered. */
export const BILLABLE_OPERATIONS = /* @__PURE__ */ billableOperations(operations);

/** ThinkRun's provider definition. Errors are `{success: false, error, code, hint}`. */
export const thinkrun: ProviderDefinition = {
  name: "thinkrun",
  apiKeyEnv: "THINKRUN_API_KEY",
  baseUrlEnv: "THINKRUN_BASE_URL",
  defaultBaseUrl: "https://api.thinkrun.ai",
  authHeaders: (apiKey) => ({ "X-API-Key": apiKey }),
  operations,
  readErrorBody: (body) => ({ message: stringField(body, "error"), code: stringField(body, "code"), hint: stringField(body, "hint") }),
};
