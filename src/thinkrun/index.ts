/** ThinkRun (formerly ThinkBrowse) sessions API client. */
export { createThinkRunClient, DEFAULT_PAGE_SIZE } from "./client.js";
export type {
  CallOptions,
  CreateSessionBody,
  CreateSessionResponse,
  CreateTextArtifactBody,
  IterateOptions,
  KnownErrorCode,
  ListActionsQuery,
  ListAllSessionsOptions,
  ListSessionsQuery,
  SessionAction,
  TerminateSessionResponse,
  TextArtifact,
  ThinkRunClient,
  ThinkRunClientOptions,
} from "./client.js";
export { paginateOffset } from "./paginate.js";
export type { OffsetPage, OffsetPageLoader, PaginateOffsetOptions } from "./paginate.js";
export { BILLABLE_OPERATIONS } from "./provider.js";
export { isSessionReady, isTerminalSession, READY_SESSION_STATUSES, TERMINAL_SESSION_STATUSES } from "./statuses.js";
export type { KnownSessionStatus, Session, SessionSummary } from "./statuses.js";
export * from "../core/errors.js";
export type { PollOptions } from "../core/poll.js";
export type { components, paths } from "../../generated/thinkrun/schema.js";
