/** `createBrowserUseClient()`: the typed openapi-fetch client plus session helpers. */
import type { APIPromise } from "../core/api-promise.js";
import type { CallOptions } from "../core/call-options.js";
import { createProviderClient, type ClientOptions, type ProviderClient } from "../core/create-client.js";
import { pollRequestOptions, pollUntil, type WaitOptions } from "../core/poll.js";
import type { SchemaClient } from "../core/schema-client.js";
import { listOf, walkPages } from "../core/walk-pages.js";
import type { components, paths } from "../../generated/browser-use/schema.js";
import type { ListAllOptions } from "../core/list-all.js";
import { browserUse } from "./provider.js";
import { isTaskFinished, type Session } from "./statuses.js";

/** Body of `POST /sessions`. */
export type CreateSessionBody = NonNullable<paths["/sessions"]["post"]["requestBody"]>["content"]["application/json"];
/** Query of `GET /sessions`. */
export type ListSessionsQuery = NonNullable<paths["/sessions"]["get"]["parameters"]["query"]>;
/** Query of `GET /sessions/{session_id}/messages`. */
export type ListMessagesQuery = NonNullable<paths["/sessions/{session_id}/messages"]["get"]["parameters"]["query"]>;
/** Body of `POST /sessions/{session_id}/stop`: `strategy` `session` (default) destroys the sandbox, `task` stops only the running task. */
export type StopSessionBody = NonNullable<paths["/sessions/{session_id}/stop"]["post"]["requestBody"]>["content"]["application/json"];
/** `stop` strategy: `session` (default) destroys the sandbox, `task` stops only the running task. */
export type StopStrategy = NonNullable<StopSessionBody["strategy"]>;
/** One page of sessions. */
export type SessionList = components["schemas"]["SessionListResponse"];
/** One message of a session's log. */
export type SessionMessage = components["schemas"]["SessionMessage"];
/** One page of a session's messages. */
export type SessionMessageList = components["schemas"]["SessionMessageListResponse"];

/** Wait before the first retry on the concurrency limit, before jitter: 2 s. */
export const CONCURRENCY_RETRY_INITIAL_DELAY_MS = 2_000;
/** Cap of the doubling wait between retries on the concurrency limit, before jitter: 30 s. */
export const CONCURRENCY_RETRY_MAX_DELAY_MS = 30_000;
/** Default total wait for a free session slot before the 429 is surfaced: 5 minutes. */
export const CONCURRENCY_RETRY_MAX_WAIT_MS = 5 * 60_000;

/** Options of `createBrowserUseClient`. */
export interface BrowserUseClientOptions extends ClientOptions {
  /**
   * Wait for a free session slot on the 429 concurrency limit instead of surfacing it at once, `POST /sessions`
   * included (a 429 means the session was refused, not created, so the resend cannot double-bill). A slot frees
   * only when another session ends, so the waits are long: 2 s doubling to 30 s (jittered to 50-100%), or the
   * server's `Retry-After`, until they would pass `maxWaitMs` (default 5 minutes); these retries do not count
   * against `maxRetries`. `true` uses the defaults. Default false.
   */
  retryConcurrencyLimit?: boolean | { maxWaitMs?: number };
}

/** Options of `waitForSession`; `until` defaults to {@link isTaskFinished}. */
export type WaitForSessionOptions = WaitOptions<Session>;

/** The Browser Use client: openapi-fetch's `GET`/`POST`/… plus `sessions` helpers. */
export type BrowserUseClient = SchemaClient<paths> & {
  sessions: ReturnType<typeof sessionHelpers>;
  /** Polls a session until its task finishes (or `until` holds); returns the last session. */
  waitForSession(sessionId: string, options?: WaitForSessionOptions): Promise<Session>;
};

const PROVIDER = browserUse.name;

function sessionHelpers({ client, send }: ProviderClient<paths>) {
  const list = (query: ListSessionsQuery = {}, options?: CallOptions): APIPromise<SessionList> =>
    send(() => client.GET("/sessions", { params: { query }, ...options }));
  const messages = (sessionId: string, query: ListMessagesQuery = {}, options?: CallOptions): APIPromise<SessionMessageList> =>
    send(() => client.GET("/sessions/{session_id}/messages", { params: { path: { session_id: sessionId }, query }, ...options }));
  return {
    /** Creates a session and/or dispatches a task (billable: never re-sent once delivered). */
    create(body: CreateSessionBody = {}, options?: CallOptions): APIPromise<Session> {
      return send(() => client.POST("/sessions", { body, ...options }));
    },
    /** One page of sessions (`page` from 1, `page_size` 1-100, default 20). */
    list,
    /** Every session from `query.page` (default 1) on, page after page (see {@link walkPages} for when it stops). */
    listAll(query: ListSessionsQuery = {}, options: ListAllOptions = {}): AsyncGenerator<Session, void, undefined> {
      const { maxPages, ...call } = options;
      return walkPages<Session, number>(
        {
          provider: PROVIDER,
          operation: "sessions.listAll",
          start: query.page ?? 1,
          load: async (page) => {
            const got = await list({ ...query, page }, call);
            const items = listOf(got.sessions, PROVIDER, "sessions.listAll");
            const seen = (page - 1) * got.pageSize + items.length;
            return { items, next: seen >= got.total ? undefined : page + 1 };
          },
        },
        options,
      );
    },
    /** One session. */
    get(sessionId: string, options?: CallOptions): APIPromise<Session> {
      return send(() => client.GET("/sessions/{session_id}", { params: { path: { session_id: sessionId } }, ...options }));
    },
    /** Stops the session (`{ strategy: "session" }`, the default) or only its running task (`{ strategy: "task" }`). */
    stop(sessionId: string, body: StopSessionBody = {}, options?: CallOptions): APIPromise<Session> {
      return send(() => client.POST("/sessions/{session_id}/stop", { params: { path: { session_id: sessionId } }, body: { strategy: "session", ...body }, ...options }));
    },
    /** Soft-deletes the session (stopping it first if it runs). */
    delete(sessionId: string, options?: CallOptions): APIPromise<void> {
      return send(() => client.DELETE("/sessions/{session_id}", { params: { path: { session_id: sessionId } }, ...options })) as APIPromise<void>;
    },
    /** One page of the session's message log (cursor pagination with `after` / `before`). */
    messages,
    /** Every message of the session after `query.after` (default the first), oldest first, following `after` = the last id. */
    listAllMessages(sessionId: string, query: Omit<ListMessagesQuery, "before"> = {}, options: ListAllOptions = {}): AsyncGenerator<SessionMessage, void, undefined> {
      const { maxPages, ...call } = options;
      return walkPages<SessionMessage, string | undefined>(
        {
          provider: PROVIDER,
          operation: "sessions.listAllMessages",
          start: query.after,
          load: async (after) => {
            const got = await messages(sessionId, after === undefined ? { ...query } : { ...query, after }, call);
            const items = listOf(got.messages, PROVIDER, "sessions.listAllMessages");
            return { items, next: got.hasMore ? items.at(-1)?.id : undefined };
          },
        },
        options,
      );
    },
  };
}

/**
 * Creates a Browser Use Cloud v3 client. Key: `apiKey` or `BROWSER_USE_API_KEY`; base URL: `baseUrl`,
 * `BROWSER_USE_BASE_URL`, else the official server. Throws `InvalidArgumentError` when no key is found.
 */
export function createBrowserUseClient(options: BrowserUseClientOptions = {}): BrowserUseClient {
  const limit = options.retryConcurrencyLimit;
  const definition = limit
    ? {
        ...browserUse,
        noRetryStatuses: [],
        refusedStatuses: [429],
        capacityRetry: {
          statuses: new Set([429]),
          initialDelayMs: CONCURRENCY_RETRY_INITIAL_DELAY_MS,
          maxDelayMs: CONCURRENCY_RETRY_MAX_DELAY_MS,
          maxWaitMs: (limit === true ? undefined : limit.maxWaitMs) ?? CONCURRENCY_RETRY_MAX_WAIT_MS,
        },
      }
    : browserUse;
  const provider = createProviderClient<paths>(definition, options);
  const sessions = sessionHelpers(provider);
  return Object.assign(provider.client, {
    sessions,
    waitForSession(sessionId: string, options: WaitForSessionOptions = {}) {
      const request = pollRequestOptions(options);
      return pollUntil<Session>(
        {
          provider: PROVIDER,
          operation: "waitForSession",
          load: (signal) => sessions.get(sessionId, { ...request, signal }),
          isTerminal: options.until ?? isTaskFinished,
          describe: (s) => `status ${s.status}, ${s.stepCount} steps`,
        },
        options,
      );
    },
  });
}
