/** Browserbase Agents API: the facts the shared client needs. */
import { billableOperations, type ProviderDefinition } from "../core/create-client.js";
import { stringField } from "../core/error-factory.js";
import { operations } from "../../generated/browserbase/operations.js";

/** Operations the spec marks `x-billable` (they start paid work): never re-sent once they may have been delivered. */
export const BILLABLE_OPERATIONS = /* @__PURE__ */ billableOperations(operations);

/** Browserbase's provider definition. Errors are Fastify's `{statusCode, error, message}`. */
export const browserbase: ProviderDefinition = {
  name: "browserbase",
  apiKeyEnv: "BROWSERBASE_API_KEY",
  baseUrlEnv: "BROWSERBASE_BASE_URL",
  defaultBaseUrl: "https://api.browserbase.com",
  authHeaders: (apiKey) => ({ "X-BB-API-Key": apiKey }),
  operations,
  readErrorBody: (body) => ({ message: stringField(body, "message"), code: stringField(body, "error") }),
};
