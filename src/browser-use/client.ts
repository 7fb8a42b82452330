/** `createBrowserUseClient()`: the typed openapi-fetch client plus session helpers. */
import type { SchemaClient } from "../core/schema-client.js";
import { createProviderClient, type ClientOptions } from "../core/create-client.js";
import { assertPathId } from "../core/path-id.js";
import { pollUntil, type PollOptions } from "../core/poll.js";
import type { paths } from "../../generated/browser-use/schema.js";
import { browserUse } from "./provider.js";
import { isTaskFinished, type Session } from "./statuses.js";

/** Body of `POST /sessions`. */
export type CreateSessionBody = NonNullable<paths["/sessions"]["post"]["requestBody"]>["content"]["application/json"];
/** Query of `GET /sessions`. */
export type ListSessionsQuery = NonNullable<paths["/sessions"]["get"]["parameters"]["query"]>;
/** Query of `GET /sessions/{session_id}/messages`. */
export type ListMessagesQuery = NonNullable<paths["/sessions/{session_id}/messages"]["get"]["parameters"]["query"]>;
/** `stop` strategy: `session` (default) destroys the sandbox, `task` stops only the running task. */
export type StopStrategy = NonNullable<NonNullable<paths["/sessions/{session_id}/stop"]["post"]["requestBody"]>["content"]["application/json"]["strategy"]>;

/** Options of `createBrowserUseClient`. */
export interface BrowserUseClientOptions extends ClientOptions {
  /**
   * Back off and retry on the 429 concurrency limit instead of surfacing it at once, `POST /sessions`
   * included: a 429 means the session was refused, not created, so the resend cannot double-bill. Default false.
   */
  retryConcurrencyLimit?: boolean;
}

/** Per-call options of the helpers. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of `waitForSession`; `until` defaults to {@link isTaskFinished}. */
export interface WaitForSessionOptions extends PollOptions<Session> {
  until?: (session: Session) => boolean;
}

/** The Browser Use client: openapi-fetch's `GET`/`POST`/… plus `sessions` helpers. */
export type BrowserUseClient = SchemaClient<paths> & {
  sessions: ReturnType<typeof sessionHelpers>;
  /** Polls a session until its task finishes (or `until` holds); returns the last session. */
  waitForSession(sessionId: string, options?: WaitForSessionOptions): Promise<Session>;
};

const PROVIDER = browserUse.name;

function sessionHelpers(client: SchemaClient<paths>, unwrap: ReturnType<typeof createProviderClient<paths>>["unwrap"]) {
  const id = (operation: string, sessionId: string) => assertPathId(PROVIDER, operation, "sessionId", sessionId);
  return {
    /** Creates a session and/or dispatches a task (billable: never re-sent once delivered). */
    async create(body: CreateSessionBody = {}, options: CallOptions = {}): Promise<Session> {
      return unwrap("POST /sessions", await client.POST("/sessions", { body, signal: options.signal }));
    },
    /** One page of sessions. */
    async list(query: ListSessionsQuery = {}, options: CallOptions = {}) {
      return unwrap("GET /sessions", await client.GET("/sessions", { params: { query }, signal: options.signal }));
    },
    /** One session. */
    async get(sessionId: string, options: CallOptions = {}): Promise<Session> {
      const op = "GET /sessions/{session_id}";
      const path = { session_id: id(op, sessionId) };
      return unwrap(op, await client.GET("/sessions/{session_id}", { params: { path }, signal: options.signal }));
    },
    /** Stops the session (`session`, default) or only its running task (`task`). */
    async stop(sessionId: string, strategy: StopStrategy = "session", options: CallOptions = {}): Promise<Session> {
      const op = "POST /sessions/{session_id}/stop";
      const path = { session_id: id(op, sessionId) };
      return unwrap(op, await client.POST("/sessions/{session_id}/stop", { params: { path }, body: { strategy }, signal: options.signal }));
    },
    /** Soft-deletes the session (stopping it first if it runs). */
    async delete(sessionId: string, options: CallOptions = {}): Promise<void> {
      const op = "DELETE /sessions/{session_id}";
      const path = { session_id: id(op, sessionId) };
      unwrap(op, await client.DELETE("/sessions/{session_id}", { params: { path }, signal: options.signal }));
    },
    /** One page of the session's message log (cursor pagination with `after` / `before`). */
    async messages(sessionId: string, query: ListMessagesQuery = {}, options: CallOptions = {}) {
      const op = "GET /sessions/{session_id}/messages";
      const path = { session_id: id(op, sessionId) };
      return unwrap(op, await client.GET("/sessions/{session_id}/messages", { params: { path, query }, signal: options.signal }));
    },
  };
}

/**
 * Creates a Browser Use Cloud v3 client. Key: `apiKey` or `BROWSER_USE_API_KEY`; base URL: `baseUrl`,
 * `BROWSER_USE_BASE_URL`, else the official server. Throws `InvalidArgumentError` when no key is found.
 */
export function createBrowserUseClient(options: BrowserUseClientOptions = {}): BrowserUseClient {
  const definition = options.retryConcurrencyLimit ? { ...browserUse, noRetryStatuses: [], refusedStatuses: [429] } : browserUse;
  const { client, unwrap } = createProviderClient<paths>(definition, options);
  const sessions = sessionHelpers(client, unwrap);
  return Object.assign(client, {
    sessions,
    waitForSession(sessionId: string, { until = isTaskFinished, ...poll }: WaitForSessionOptions = {}) {
      return pollUntil<Session>(
        {
          provider: PROVIDER,
          operation: "waitForSession",
          load: (signal) => sessions.get(sessionId, { signal }),
          isTerminal: until,
          describe: (s) => `status ${s.status}, ${s.stepCount} steps`,
        },
        poll,
      );
    },
  });
}
