/** Browserbase Agents API: the facts the shared client needs. */
import type { PostOperation, ProviderDefinition } from "../core/create-client.js";
import { stringField } from "../core/error-factory.js";
import type { paths } from "../../generated/browserbase/schema.js";

/** Operations that start a billable agent run: never re-sent once delivered. */
export const BILLABLE_OPERATIONS: ReadonlySet<PostOperation<paths>> = new Set<PostOperation<paths>>(["POST /v1/agents/runs"]);

/** Browserbase's provider definition. Errors are Fastify's `{statusCode, error, message}`. */
export const browserbase: ProviderDefinition = {
  name: "browserbase",
  apiKeyEnv: "BROWSERBASE_API_KEY",
  baseUrlEnv: "BROWSERBASE_BASE_URL",
  defaultBaseUrl: "https://api.browserbase.com",
  authHeaders: (apiKey) => ({ "X-BB-API-Key": apiKey }),
  billableOperations: BILLABLE_OPERATIONS,
  readErrorBody: (body) => ({ message: stringField(body, "message"), code: stringField(body, "error") }),
};
