/** `createEverrunsClient()`: the typed openapi-fetch client plus session, message and event helpers. */
import type { APIPromise } from "../core/api-promise.js";
import type { CallOptions } from "../core/call-options.js";
import { createProviderClient, readEnv, type ClientOptions, type ProviderClient } from "../core/create-client.js";
import type { ListAllOptions } from "../core/list-all.js";
import { assertPathId } from "../core/path-id.js";
import { pollRequestOptions, pollUntil, type WaitOptions } from "../core/poll.js";
import type { SchemaClient } from "../core/schema-client.js";
import { listOf, walkPages } from "../core/walk-pages.js";
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

/** Body of `POST /v1/agents`. */
export type CreateAgentBody = components["schemas"]["CreateAgentRequest"];
/** Body of `PATCH /v1/agents/{agent_id}`. */
export type UpdateAgentBody = components["schemas"]["UpdateAgentRequest"];
/** An agent: the configuration a session runs with. */
export type Agent = components["schemas"]["Agent"];

/** Options of `waitForTurn`; `until` replaces the turn rule (no evidence asked for). */
export interface WaitForTurnOptions extends WaitOptions<Session> {
  /** The user message whose turn to wait for (the `id` `messages.create` returned). Default: the session's last user message. */
  messageId?: string;
}

type SessionList = components["schemas"]["SessionListResponse"];
type MessageList = components["schemas"]["MessageListResponse"];
type EventList = components["schemas"]["EventListResponse"];
type AgentList = components["schemas"]["AgentListResponse"];

const PROVIDER = everruns.name;

// Roles of messages the caller (not the agent) writes.
const CALLER_ROLES = new Set(["user", "system"]);

/** True when a message after the user message (`messageId`, else the last user message) comes from the agent's turn. */
function hasReply(list: readonly Message[], messageId: string | undefined): boolean {
  const at = messageId === undefined ? list.findLastIndex((m) => m.role === "user") : list.findIndex((m) => m.id === messageId);
  // No user message at all: there is no turn to wait for. A given message not listed yet: no evidence.
  if (at === -1) return messageId === undefined;
  return list.slice(at + 1).some((m) => !CALLER_ROLES.has(m.role));
}

// A list the API does not paginate, as an iterator like the others: one request, every item.
function onePage<Item>(operation: string, load: (call: CallOptions) => Promise<{ data: Item[] }>, options: ListAllOptions) {
  const { maxPages, ...call } = options;
  return walkPages<Item, null>({ provider: PROVIDER, operation, start: null, load: async () => ({ items: (await load(call)).data, next: undefined }) }, options);
}

function agentHelpers({ client, send }: ProviderClient<paths>) {
  const at = (agentId: string) => ({ path: { agent_id: agentId } });
  const list = (options?: CallOptions): APIPromise<AgentList> => send(() => client.GET("/v1/agents", { ...options }));
  return {
    /** The organization's active agents (the API has no pagination here). */
    list,
    /** Every active agent, as an iterator like every other list (one request). */
    listAll(options: ListAllOptions = {}): AsyncGenerator<Agent, void, undefined> {
      return onePage("agents.listAll", list, options);
    },
    /** Creates an agent. */
    create(body: CreateAgentBody, options?: CallOptions): APIPromise<Agent> {
      return send(() => client.POST("/v1/agents", { body, ...options }));
    },
    /** One agent. */
    get(agentId: string, options?: CallOptions): APIPromise<Agent> {
      return send(() => client.GET("/v1/agents/{agent_id}", { params: at(agentId), ...options }));
    },
    /** Changes the fields sent; the others keep their values. */
    update(agentId: string, body: UpdateAgentBody, options?: CallOptions): APIPromise<Agent> {
      return send(() => client.PATCH("/v1/agents/{agent_id}", { params: at(agentId), body, ...options }));
    },
    /** Deletes (archives) the agent. */
    delete(agentId: string, options?: CallOptions): APIPromise<void> {
      return send(() => client.DELETE("/v1/agents/{agent_id}", { params: at(agentId), ...options })) as APIPromise<void>;
    },
  };
}

function sessionHelpers({ client, send }: ProviderClient<paths>) {
  const at = (sessionId: string) => ({ path: { session_id: sessionId } });
  const list = (query: ListSessionsQuery = {}, options?: CallOptions): APIPromise<SessionList> =>
    send(() => client.GET("/v1/sessions", { params: { query }, ...options }));
  return {
    /** One page of sessions (offset pagination: `offset` default 0, `limit` 1-100, default 20). */
    list,
    /** Every session from `query.offset` (default 0) on, `query.limit` per page (see {@link walkPages} for when it stops). */
    listAll(query: ListSessionsQuery = {}, options: ListAllOptions = {}): AsyncGenerator<Session, void, undefined> {
      const { maxPages, ...call } = options;
      return walkPages<Session, number>(
        {
          provider: PROVIDER,
          operation: "sessions.listAll",
          start: query.offset ?? 0,
          load: async (offset) => {
            const page = await list({ ...query, offset }, call);
            const items = listOf(page.data, PROVIDER, "sessions.listAll");
            // Advance by what arrived, not by the page size: a server may send fewer items than asked for.
            const next = offset + items.length;
            return { items, next: next >= page.total ? undefined : next };
          },
        },
        options,
      );
    },
    /** Creates a session for an agent (billable: never re-sent once delivered). Nothing runs until a message is sent. */
    create(body: CreateSessionBody, options?: CallOptions): APIPromise<Session> {
      return send(() => client.POST("/v1/sessions", { body, ...options }));
    },
    /** One session. */
    get(sessionId: string, options?: CallOptions): APIPromise<Session> {
      return send(() => client.GET("/v1/sessions/{session_id}", { params: at(sessionId), ...options }));
    },
    /** Changes the title and/or tags (only the fields present). */
    update(sessionId: string, body: UpdateSessionBody, options?: CallOptions): APIPromise<Session> {
      return send(() => client.PATCH("/v1/sessions/{session_id}", { params: at(sessionId), body, ...options }));
    },
    /** Deletes the session. */
    delete(sessionId: string, options?: CallOptions): APIPromise<void> {
      return send(() => client.DELETE("/v1/sessions/{session_id}", { params: at(sessionId), ...options })) as APIPromise<void>;
    },
    /** Cancels the running turn; `status` is `no_op` when none was running. */
    cancel(sessionId: string, options?: CallOptions): APIPromise<CancelSessionResult> {
      return send(() => client.POST("/v1/sessions/{session_id}/cancel", { params: at(sessionId), ...options }));
    },
  };
}

function messageHelpers({ client, send }: ProviderClient<paths>) {
  const list = (sessionId: string, options?: CallOptions): APIPromise<MessageList> =>
    send(() => client.GET("/v1/sessions/{session_id}/messages", { params: { path: { session_id: sessionId } }, ...options }));
  return {
    /** Every message of the session (the API has no pagination here). */
    list,
    /** Every message of the session, oldest first, as an iterator like every other list (one request). */
    listAll(sessionId: string, options: ListAllOptions = {}): AsyncGenerator<Message, void, undefined> {
      assertPathId(PROVIDER, "messages.listAll", "sessionId", sessionId);
      return onePage("messages.listAll", (call) => list(sessionId, call), options);
    },
    /** Sends a message; a user message starts a turn (billable: never re-sent once delivered). */
    create(sessionId: string, body: CreateMessageBody, options?: CallOptions): APIPromise<Message> {
      return send(() => client.POST("/v1/sessions/{session_id}/messages", { params: { path: { session_id: sessionId } }, body, ...options }));
    },
  };
}

function eventHelpers({ client, send }: ProviderClient<paths>) {
  const list = (sessionId: string, query: ListEventsQuery = {}, options?: CallOptions): APIPromise<EventList> =>
    send(() =>
      client.GET("/v1/sessions/{session_id}/events", {
        params: { path: { session_id: sessionId }, query },
        // The spec's `exclude` is `style: form, explode: false`: one comma-separated value.
        querySerializer: { array: { style: "form", explode: false } },
        ...options,
      }),
    );
  return {
    /** The session's events after `since_id` (exclusive), without the types in `exclude` (sent comma-separated). */
    list,
    /** Every event after `query.since_id` (default the start of the log) up to the end of the log now, asking again with `since_id` = the last id. */
    listAll(sessionId: string, query: ListEventsQuery = {}, options: ListAllOptions = {}): AsyncGenerator<Event, void, undefined> {
      assertPathId(PROVIDER, "events.listAll", "sessionId", sessionId);
      const { since_id: start, ...filters } = query;
      const { maxPages, ...call } = options;
      return walkPages<Event, string | undefined>(
        {
          provider: PROVIDER,
          operation: "events.listAll",
          start,
          load: async (sinceId) => {
            const page = await list(sessionId, sinceId === undefined ? filters : { ...filters, since_id: sinceId }, call);
            const items = listOf(page.data, PROVIDER, "events.listAll");
            return { items, next: items.at(-1)?.id };
          },
        },
        options,
      );
    },
  };
}

/** The Everruns client: openapi-fetch's `GET`/`POST`/… plus `sessions`, `messages` and `events` helpers. */
export type EverrunsClient = SchemaClient<paths> & {
  agents: ReturnType<typeof agentHelpers>;
  sessions: ReturnType<typeof sessionHelpers>;
  messages: ReturnType<typeof messageHelpers>;
  events: ReturnType<typeof eventHelpers>;
  /**
   * Polls a session until the turn of a message has run and is over; returns that (idle) session. Call it
   * after `messages.create` resolves. A turn may still be queued then, and the session `idle`, so `idle`
   * alone proves nothing: the turn counts as over once the session is `idle` and either a reply (a message
   * after the user message, in the list's order, whose role is not `user` or `system`) exists, or this wait
   * saw the session running (a status other than `idle` and `started`). The reply check reads
   * `GET /v1/sessions/{session_id}/messages` on the polls that find the session idle with no evidence yet.
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
  const { orgId = readEnv(ORG_ID_ENV), ...clientOptions } = options;
  const headers = orgId === undefined ? clientOptions.headers : { ...clientOptions.headers, "X-Org-Id": orgId };
  const provider = createProviderClient<paths>(everruns, { ...clientOptions, headers });
  const { client, unwrap } = provider;
  const sessions = sessionHelpers(provider);
  const messages = messageHelpers(provider);
  return Object.assign(client, {
    agents: agentHelpers(provider),
    sessions,
    messages,
    events: eventHelpers(provider),
    waitForTurn(sessionId: string, options: WaitForTurnOptions = {}) {
      const { until, messageId, ...poll } = options;
      const request = pollRequestOptions(options);
      let ran = false;
      const load = async (signal: AbortSignal | undefined) => {
        const session = await sessions.get(sessionId, { ...request, signal });
        if (!isTurnOver(session)) ran ||= session.status !== "started";
        else if (!ran && !until) ran = hasReply(listOf((await messages.list(sessionId, { ...request, signal })).data, PROVIDER, "waitForTurn"), messageId);
        return session;
      };
      return pollUntil<Session>(
        {
          provider: PROVIDER,
          operation: "waitForTurn",
          load,
          isTerminal: until ?? ((session) => ran && isTurnOver(session)),
          describe: (s) => `status ${s.status}${until || ran ? "" : ", the turn has not run yet"}`,
        },
        poll,
      );
    },
    streamEvents(sessionId: string, streamOptions?: StreamEventsOptions) {
      return streamSessionEvents(provider, sessionId, streamOptions);
    },
  });
}
