/** Browserbase Agents API client. */
export { createBrowserbaseClient } from "./client.js";
export type { BrowserbaseClient, CreateAgentBody, CreateRunBody, ListAgentsQuery, ListRunMessagesQuery, ListRunsQuery, UpdateAgentBody, WaitForRunOptions } from "./client.js";
export { FOLLOW_PAGE_LIMIT, followRunMessages } from "./follow-messages.js";
export type { FollowMessagesOptions, RunMessageSource } from "./follow-messages.js";
export { iterateCursor } from "./pagination.js";
export type { CursorPage, CursorSource, CursorWalk } from "./pagination.js";
export { BILLABLE_OPERATIONS } from "./provider.js";
export { isTerminalRun, TERMINAL_RUN_STATUSES } from "./statuses.js";
export type { Agent, AgentRun, AgentRunMessage, KnownRunStatus } from "./statuses.js";
export type { ClientOptions } from "../core/create-client.js";
export type { APIPromise, WithResponse } from "../core/api-promise.js";
export type { CallOptions } from "../core/call-options.js";
export type { ListAllOptions } from "../core/list-all.js";
export type { PollOptions, WaitOptions } from "../core/poll.js";
export * from "../core/errors.js";
export type { components, paths } from "../../generated/browserbase/schema.js";
