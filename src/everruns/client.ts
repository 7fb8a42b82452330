/** `createEverrunsClient()`: the typed openapi-fetch client plus session, message and event helpers. */
import type { SchemaClient } from "../core/schema-client.js";
import { createProviderClient, type ClientOptions, type ProviderClient } from "../core/create-client.js";
import { assertPathId } from "../core/path-id.js";
import { pollUntil, type PollOptions } from "../core/poll.js";
import type { components, paths } from "../../generated/everruns/schema.js";
import { everruns } from "./provider.js";
import { isTurnOver, type Session } from "./statuses.js";
import { streamSessionEvents, type Event, type StreamEventsOptions } from "./stream-events.js";

/** Env var read when no `orgId` option is given. */
export const ORG_ID_ENV = "EVERRUNS_ORG_ID";

/** Body of `POST /v1/sessions`. */
export type CreateSessionBody = components["schemas"]["CreateSessionRequest"];
/** Body of `PATCH /v1/sessions/{session_id}`. */
export type UpdateSessionBody = components["schemas"]["UpdateSessionRequest"];
/** Body of `POST /v1/sessions/{session_id}/messages`. */
export type CreateMessageBody = components["schemas"]["CreateMessageRequest"];
/** Query of `GET /v1/sessions`. */
export type ListSessionsQuery = NonNullable<paths["/v1/sessions"]["get"]["parameters"]["query"]>;
/** Query of `GET /v1/sessions/{session_id}/events`. */
export type ListEventsQuery = NonNullable<paths["/v1/sessions/{session_id}/events"]["get"]["parameters"]["query"]>;
/** A message of a session. */
export type Message = components["schemas"]["Message"];
/** Outcome of cancelling a session's turn. */
export type CancelSessionResult = components["schemas"]["CancelSessionResponse"];

/** Options of `createEverrunsClient`. */
export interface EverrunsClientOptions extends ClientOptions {
  /** Organization to act in, sent as `X-Org-Id`; defaults to env `EVERRUNS_ORG_ID`, else none (the key's default organization). */
  orgId?: string;
}

/** Per-call options of the helpers. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of `waitForTurn`; `until` defaults to {@link isTurnOver} (status `idle`). */
export interface WaitForTurnOptions extends PollOptions<Session> {
  until?: (session: Session) => boolean;
}

type Unwrap = ProviderClient<paths>["unwrap"];

const PROVIDER = everruns.name;

function env(name: string): string | undefined {
  const value = globalThis.process?.env?.[name];
  return value === undefined || value === "" ? undefined : value;
}

function sessionHelpers(client: SchemaClient<paths>, unwrap: Unwrap) {
  const id = (operation: string, sessionId: string) => ({ session_id: assertPathId(PROVIDER, operation, "sessionId", sessionId) });
  return {
    /** One page of sessions (offset pagination: `offset` default 0, `limit` 1-100, default 20). */
    async list(query: ListSessionsQuery = {}, options: CallOptions = {}) {
      return unwrap("GET /v1/sessions", await client.GET("/v1/sessions", { params: { query }, signal: options.signal }));
    },
    /** Creates a session for an agent (billable: never re-sent once delivered). Nothing runs until a message is sent. */
    async create(body: CreateSessionBody, options: CallOptions = {}): Promise<Session> {
      return unwrap("POST /v1/sessions", await client.POST("/v1/sessions", { body, signal: options.signal }));
    },
    /** One session. */
    async get(sessionId: string, options: CallOptions = {}): Promise<Session> {
      const op = "GET /v1/sessions/{session_id}";
      return unwrap(op, await client.GET("/v1/sessions/{session_id}", { params: { path: id(op, sessionId) }, signal: options.signal }));
    },
    /** Changes the title and/or tags (only the fields present). */
    async update(sessionId: string, body: UpdateSessionBody, options: CallOptions = {}): Promise<Session> {
      const op = "PATCH /v1/sessions/{session_id}";
      return unwrap(op, await client.PATCH("/v1/sessions/{session_id}", { params: { path: id(op, sessionId) }, body, signal: options.signal }));
    },
    /** Deletes the session. */
    async delete(sessionId: string, options: CallOptions = {}): Promise<void> {
      const op = "DELETE /v1/sessions/{session_id}";
      unwrap(op, await client.DELETE("/v1/sessions/{session_id}", { params: { path: id(op, sessionId) }, signal: options.signal }));
    },
    /** Cancels the running turn; `status` is `no_op` when none was running. */
    async cancel(sessionId: string, options: CallOptions = {}): Promise<CancelSessionResult> {
      const op = "POST /v1/sessions/{session_id}/cancel";
      return unwrap(op, await client.POST("/v1/sessions/{session_id}/cancel", { params: { path: id(op, sessionId) }, signal: options.signal }));
    },
  };
}

function messageHelpers(client: SchemaClient<paths>, unwrap: Unwrap) {
  const id = (operation: string, sessionId: string) => ({ session_id: assertPathId(PROVIDER, operation, "sessionId", sessionId) });
  return {
    /** Every message of the session (the API has no pagination here). */
    async list(sessionId: string, options: CallOptions = {}) {
      const op = "GET /v1/sessions/{session_id}/messages";
      return unwrap(op, await client.GET("/v1/sessions/{session_id}/messages", { params: { path: id(op, sessionId) }, signal: options.signal }));
    },
    /** Sends a message; a user message starts a turn (billable: never re-sent once delivered). */
    async create(sessionId: string, body: CreateMessageBody, options: CallOptions = {}): Promise<Message> {
      const op = "POST /v1/sessions/{session_id}/messages";
      return unwrap(op, await client.POST("/v1/sessions/{session_id}/messages", { params: { path: id(op, sessionId) }, body, signal: options.signal }));
    },
  };
}

function eventHelpers(client: SchemaClient<paths>, unwrap: Unwrap) {
  return {
    /** The session's events after `since_id` (exclusive), without the types in `exclude` (sent comma-separated). */
    async list(sessionId: string, query: ListEventsQuery = {}, options: CallOptions = {}) {
      const op = "GET /v1/sessions/{session_id}/events";
      const path = { session_id: assertPathId(PROVIDER, op, "sessionId", sessionId) };
      return unwrap(
        op,
        await client.GET("/v1/sessions/{session_id}/events", {
          params: { path, query },
          // The spec's `exclude` is `style: form, explode: false`: one comma-separated value.
          querySerializer: { array: { style: "form", explode: false } },
          signal: options.signal,
        }),
      );
    },
  };
}

/** The Everruns client: openapi-fetch's `GET`/`POST`/… plus `sessions`, `messages` and `events` helpers. */
export type EverrunsClient = SchemaClient<paths> & {
  sessions: ReturnType<typeof sessionHelpers>;
  messages: ReturnType<typeof messageHelpers>;
  events: ReturnType<typeof eventHelpers>;
  /**
   * Polls a session until its turn is over (status `idle`, or `until` holds); returns the last session. Call
   * it after `messages.create` resolves: this assumes the session is `active` by then (the docs do not say).
   */
  waitForTurn(sessionId: string, options?: WaitForTurnOptions): Promise<Session>;
  /** The session's events as they happen, resumed across dropped connections (see {@link StreamEventsOptions}). */
  streamEvents(sessionId: string, options?: StreamEventsOptions): AsyncGenerator<Event, void, undefined>;
};

/**
 * Creates an Everruns client. Key: `apiKey` or `EVERRUNS_API_KEY` (an `evr_` key is sent as is, a JWT as
 * `Bearer`); base URL: `baseUrl`, `EVERRUNS_API_URL`, else the official server; organization: `orgId` or
 * `EVERRUNS_ORG_ID` as `X-Org-Id`. Throws `InvalidArgumentError` when no key is found.
 */
export function createEverrunsClient(options: EverrunsClientOptions = {}): EverrunsClient {
  const { orgId = env(ORG_ID_ENV), ...clientOptions } = options;
  const headers = orgId === undefined ? clientOptions.headers : { ...clientOptions.headers, "X-Org-Id": orgId };
  const { client, unwrap } = createProviderClient<paths>(everruns, { ...clientOptions, headers });
  const sessions = sessionHelpers(client, unwrap);
  return Object.assign(client, {
    sessions,
    messages: messageHelpers(client, unwrap),
    events: eventHelpers(client, unwrap),
    waitForTurn(sessionId: string, { until = isTurnOver, ...poll }: WaitForTurnOptions = {}) {
      return pollUntil<Session>(
        {
          provider: PROVIDER,
          operation: "waitForTurn",
          load: (signal) => sessions.get(sessionId, { signal }),
          isTerminal: until,
          describe: (s) => `status ${s.status}`,
        },
        poll,
      );
    },
    streamEvents(sessionId: string, streamOptions?: StreamEventsOptions) {
      return streamSessionEvents(client, unwrap, sessionId, streamOptions);
    },
  });
}
