/** Everruns API client: sessions, messages, events and the resumable event stream. */
export { createEverrunsClient, ORG_ID_ENV } from "./client.js";
export type {
  Agent,
  CancelSessionResult,
  CreateAgentBody,
  CreateMessageBody,
  CreateSessionBody,
  EverrunsClient,
  EverrunsClientOptions,
  ListEventsQuery,
  ListSessionsQuery,
  Message,
  UpdateAgentBody,
  UpdateSessionBody,
  WaitForTurnOptions,
} from "./client.js";
export { BILLABLE_OPERATIONS } from "./provider.js";
export { isTurnOver, TURN_OVER_STATUSES } from "./statuses.js";
export type { KnownSessionStatus, Session } from "./statuses.js";
export {
  CONTROL_EVENTS,
  DEFAULT_RECONNECT_DELAY_MS,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  DEFAULT_STREAM_MAX_RECONNECTS,
  MAX_RECONNECT_DELAY_MS,
  RECENT_EVENT_IDS,
} from "./stream-events.js";
export type { Event, ReconnectInfo, StreamEventsOptions } from "./stream-events.js";
export { MALFORMED_DATA_EXCERPT_CHARS, MalformedEventError } from "./errors.js";
export type { APIPromise, WithResponse } from "../core/api-promise.js";
export type { CallOptions } from "../core/call-options.js";
export type { ListAllOptions } from "../core/list-all.js";
export type { PollOptions, WaitOptions } from "../core/poll.js";
export * from "../core/errors.js";
export type { components, paths } from "../../generated/everruns/schema.js";
