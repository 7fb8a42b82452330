/** Browser Use Cloud API v3 client. */
export { CONCURRENCY_RETRY_INITIAL_DELAY_MS, CONCURRENCY_RETRY_MAX_DELAY_MS, CONCURRENCY_RETRY_MAX_WAIT_MS, createBrowserUseClient } from "./client.js";
export type {
  BrowserUseClient,
  BrowserUseClientOptions,
  CreateSessionBody,
  ListMessagesQuery,
  ListSessionsQuery,
  SessionList,
  SessionMessage,
  SessionMessageList,
  StopSessionBody,
  StopStrategy,
  WaitForSessionOptions,
} from "./client.js";
export { BILLABLE_OPERATIONS } from "./provider.js";
export { isTaskFinished, isTerminalSession, TERMINAL_SESSION_STATUSES } from "./statuses.js";
export type { KnownSessionStatus, Session } from "./statuses.js";
// Exact money reading (decimal.js) is its own entry, `<pkg>/browser-use/money`, so this one stays small.
export type { APIPromise, WithResponse } from "../core/api-promise.js";
export type { CallOptions } from "../core/call-options.js";
export type { ListAllOptions } from "../core/list-all.js";
export type { PollOptions, WaitOptions } from "../core/poll.js";
export * from "../core/errors.js";
export type { components, paths } from "../../generated/browser-use/schema.js";
