/** Shared surface of every provider client: the error classes, the client options and their defaults. */
export * from "./errors.js";
export { DEBUG_ENV_VAR, DEFAULT_TIMEOUT_MS } from "./create-client.js";
export type { ClientOptions } from "./create-client.js";
export { errorClassForStatus, REQUEST_ID_HEADERS } from "./error-factory.js";
export type { ProviderErrorDetails } from "./error-factory.js";
export { DEFAULT_POLL_INTERVAL_MS, DEFAULT_POLL_MAX_CONSECUTIVE_FAILURES, DEFAULT_POLL_TIMEOUT_MS, POLL_DEADLINE_GRACE_MS } from "./poll.js";
export type { PollOptions } from "./poll.js";
export { DEFAULT_MAX_RETRIES, INITIAL_RETRY_DELAY_MS, MAX_RETRY_AFTER_MS, MAX_RETRY_DELAY_MS } from "./retry-policy.js";
export type { APIPromise, WithResponse } from "./api-promise.js";
export type { CallOptions } from "./call-options.js";
export type { ListAllOptions } from "./list-all.js";
export type { WaitOptions } from "./poll.js";
export { readEnv } from "./create-client.js";
export { requestIdOf } from "./error-factory.js";
