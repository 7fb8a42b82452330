/** Everruns API: the facts the shared client needs. */
import type { PostOperation, ProviderDefinition } from "../core/create-client.js";
import { stringField } from "../core/error-factory.js";
import type { paths } from "../../generated/everruns/schema.js";

/** Operations that start billable agent work (a session, a turn): never re-sent once delivered. */
export const BILLABLE_OPERATIONS: ReadonlySet<PostOperation<paths>> = new Set<PostOperation<paths>>([
  "POST /v1/sessions",
  "POST /v1/sessions/{session_id}/messages",
]);

// A JWT (three base64url segments) goes as `Bearer <jwt>`; an API key (`evr_…`) is sent as is.
const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Everruns's provider definition. Errors are `{error}`. */
export const everruns: ProviderDefinition = {
  name: "everruns",
  apiKeyEnv: "EVERRUNS_API_KEY",
  baseUrlEnv: "EVERRUNS_API_URL",
  defaultBaseUrl: "https://app.everruns.com/api",
  authHeaders: (apiKey) => ({ Authorization: JWT.test(apiKey) ? `Bearer ${apiKey}` : apiKey }),
  billableOperations: BILLABLE_OPERATIONS,
  readErrorBody: (body) => ({ message: stringField(body, "error") }),
};
