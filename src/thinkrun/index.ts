/** ThinkRun (formerly ThinkBrowse) sessions API client. */
export { createThinkRunClient, DEFAULT_PAGE_SIZE } from "./client.js";
export type {
  CreateSessionBody,
  CreateSessionResponse,
  CreateTextArtifactBody,
  KnownErrorCode,
  ListActionsQuery,
  ListSessionsQuery,
  SessionAction,
  TerminateSessionResponse,
  TextArtifact,
  ThinkRunClient,
  ThinkRunClientOptions,
  WaitForSessionReadyOptions,
} from "./client.js";
export { paginateOffset } from "./paginate.js";
export type { OffsetPage, OffsetPageLoader, PaginateOffsetOptions } from "./paginate.js";
export { BILLABLE_OPERATIONS } from "./provider.js";
export { isSessionReady, isTerminalSession, READY_SESSION_STATUSES, TERMINAL_SESSION_STATUSES } from "./statuses.js";
export type { KnownSessionStatus, Session, SessionSummary } from "./statuses.js";
export type { APIPromise, WithResponse } from "../core/api-promise.js";
export type { CallOptions } from "../core/call-options.js";
export type { ListAllOptions } from "../core/list-all.js";
export type { PollOptions, WaitOptions } from "../core/poll.js";
export * from "../core/errors.js";
export type { components, paths } from "../../generated/thinkrun/schema.js";
