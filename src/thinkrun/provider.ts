/** ThinkRun sessions API: the facts the shared client needs. */
import type { PostOperation, ProviderDefinition } from "../core/create-client.js";
import { stringField } from "../core/error-factory.js";
import type { paths } from "../../generated/thinkrun/schema.js";

/** Operations that provision a billable cloud browser: never re-sent once delivered. */
export const BILLABLE_OPERATIONS: ReadonlySet<PostOperation<paths>> = new Set<PostOperation<paths>>(["POST /api/sessions"]);

/** ThinkRun's provider definition. Errors are `{success: false, error, code, hint}`. */
export const thinkrun: ProviderDefinition = {
  name: "thinkrun",
  apiKeyEnv: "THINKRUN_API_KEY",
  baseUrlEnv: "THINKRUN_BASE_URL",
  defaultBaseUrl: "https://api.thinkrun.ai",
  authHeaders: (apiKey) => ({ "X-API-Key": apiKey }),
  billableOperations: BILLABLE_OPERATIONS,
  readErrorBody: (body) => ({ message: stringField(body, "error"), code: stringField(body, "code"), hint: stringField(body, "hint") }),
};
