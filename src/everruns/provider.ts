/** Everruns API: the facts the shared client needs. */
import { billableOperations, type ProviderDefinition } from "../core/create-client.js";
import { stringField } from "../core/error-factory.js";
import { operations } from "../../generated/everruns/operations.js";

/** Operations the spec marks `x-billable` (they start paid work): never re-sent once they may have been delivered. */
export const BILLABLE_OPERATIONS = /* @__PURE__ */ billableOperations(operations);

// A JWT (three base64url segments) goes as `Bearer <jwt>`; an API key (`evr_…`) is sent as is.
const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Everruns's provider definition. Errors are `{error}`. */
export const everruns: ProviderDefinition = {
  name: "everruns",
  apiKeyEnv: "EVERRUNS_API_KEY",
  baseUrlEnv: "EVERRUNS_API_URL",
  defaultBaseUrl: "https://app.everruns.com/api",
  authHeaders: (apiKey) => ({ Authorization: JWT.test(apiKey) ? `Bearer ${apiKey}` : apiKey }),
  operations,
  readErrorBody: (body) => ({ message: stringField(body, "error") }),
};
