/** `createThinkRunClient()`: the typed openapi-fetch client plus session, inspection and artifact helpers. */
import type { SchemaClient } from "../core/schema-client.js";
import { createProviderClient, type ClientOptions, type ProviderClient } from "../core/create-client.js";
import { InvalidArgumentError } from "../core/errors.js";
import { assertPathId } from "../core/path-id.js";
import { pollUntil, type PollOptions } from "../core/poll.js";
import type { components, paths } from "../../generated/thinkrun/schema.js";
import { paginateOffset } from "./paginate.js";
import { thinkrun } from "./provider.js";
import { isSessionReady, isTerminalSession, type Session, type SessionSummary } from "./statuses.js";

/** Body of `POST /api/sessions`. */
export type CreateSessionBody = NonNullable<paths["/api/sessions"]["post"]["requestBody"]>["content"]["application/json"];
/** Answer of `POST /api/sessions`: `{sessionId, status: "creating", machineId}`. */
export type CreateSessionResponse = components["schemas"]["CreateSessionResponse"];
/** Query of `GET /api/sessions` (`limit` 1-100, default 30; `offset`; `includeTerminated`). */
export type ListSessionsQuery = NonNullable<paths["/api/sessions"]["get"]["parameters"]["query"]>;
/** Query of `GET /api/sessions/{sessionId}/actions` (`offset`; `limit`, default 100). */
export type ListActionsQuery = NonNullable<paths["/api/sessions/{sessionId}/actions"]["get"]["parameters"]["query"]>;
/** One entry of a session's action log (`duration` in ms). */
export type SessionAction = components["schemas"]["SessionAction"];
/** Body of `POST /api/sessions/{sessionId}/artifacts`: `name` without `:`, `content` up to 500 KB. */
export type CreateTextArtifactBody = components["schemas"]["CreateTextArtifactRequest"];
/** A named text artifact. */
export type TextArtifact = components["schemas"]["TextArtifact"];
/** An error code the docs list (the `providerCode` of a typed error may also be a code they do not list). */
export type KnownErrorCode = components["schemas"]["ErrorCode"];

/** Items per page requested by the iterators: the maximum `GET /api/sessions` accepts. */
export const DEFAULT_PAGE_SIZE = 100;

/** Per-call options of the helpers. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of the offset iterators. */
export interface IterateOptions extends CallOptions {
  /** Items per request. Default {@link DEFAULT_PAGE_SIZE}. */
  pageSize?: number;
  /** Offset of the first item. Default 0. */
  startOffset?: number;
}

/** Options of `sessions.listAll`. */
export interface ListAllSessionsOptions extends IterateOptions {
  /** Also yield `completed`, `failed` and `cancelled` sessions. Default false. */
  includeTerminated?: boolean;
}

/** Options of `createThinkRunClient`: the shared client options (`apiKey`, `baseUrl`, `fetch`, timeouts, retries). */
export type ThinkRunClientOptions = ClientOptions;

/** The ThinkRun client: openapi-fetch's `GET`/`POST`/… plus `sessions` and `artifacts` helpers. */
export type ThinkRunClient = SchemaClient<paths> & {
  sessions: ReturnType<typeof sessionHelpers>;
  artifacts: ReturnType<typeof artifactHelpers>;
  /**
   * Polls a session until it is `ready` or `running`, or terminated (`completed`, `failed`, `cancelled`);
   * returns that session, so check its `status`. Default interval 2 s, deadline 15 min.
   */
  waitForSessionReady(sessionId: string, options?: PollOptions<Session>): Promise<Session>;
};

const PROVIDER = thinkrun.name;
type Unwrap = ProviderClient<paths>["unwrap"];

function sessionId(operation: string, id: string): string {
  return assertPathId(PROVIDER, operation, "sessionId", id);
}

// The name is a path segment on get/delete: besides the id guard, the API forbids ":" in it. Checked on
// create too, so a name that could never be read back is refused before anything is stored.
function artifactName(operation: string, name: string): string {
  assertPathId(PROVIDER, operation, "name", name);
  if (name.includes(":")) {
    throw new InvalidArgumentError(`${PROVIDER} ${operation}: an artifact name must not contain ":", got ${JSON.stringify(name)}`, {
      provider: PROVIDER,
      operation,
    });
  }
  return name;
}

function sessionHelpers(client: SchemaClient<paths>, unwrap: Unwrap) {
  const helpers = {
    /** Creates a session (billable: never re-sent once delivered); it starts as `creating`, see `waitForSessionReady`. */
    async create(body: CreateSessionBody = {}, options: CallOptions = {}): Promise<CreateSessionResponse> {
      return unwrap("POST /api/sessions", await client.POST("/api/sessions", { body, signal: options.signal }));
    },
    /** One page of sessions: `{sessions, total, hasMore}`. */
    async list(query: ListSessionsQuery = {}, options: CallOptions = {}) {
      return unwrap("GET /api/sessions", await client.GET("/api/sessions", { params: { query }, signal: options.signal }));
    },
    /** Every session from `startOffset` on, page after page (terminated ones only with `includeTerminated`). */
    listAll({ includeTerminated, pageSize = DEFAULT_PAGE_SIZE, startOffset, signal }: ListAllSessionsOptions = {}): AsyncGenerator<SessionSummary, void, undefined> {
      const query = includeTerminated === undefined ? {} : { includeTerminated };
      return paginateOffset(
        async (offset, limit, pageSignal) => {
          const page = await helpers.list({ ...query, offset, limit }, { signal: pageSignal });
          return { items: page.sessions, total: page.total, hasMore: page.hasMore };
        },
        { provider: PROVIDER, operation: "sessions.listAll", pageSize, startOffset, signal },
      );
    },
    /** One session. */
    async get(id: string, options: CallOptions = {}): Promise<Session> {
      const op = "GET /api/sessions/{sessionId}";
      const path = { sessionId: sessionId(op, id) };
      return unwrap(op, await client.GET("/api/sessions/{sessionId}", { params: { path }, signal: options.signal }));
    },
    /** Terminates the session and destroys its browser (artifacts are kept): `{success, message}`. */
    async terminate(id: string, options: CallOptions = {}) {
      const op = "DELETE /api/sessions/{sessionId}";
      const path = { sessionId: sessionId(op, id) };
      return unwrap(op, await client.DELETE("/api/sessions/{sessionId}", { params: { path }, signal: options.signal }));
    },
    /** One page of the session's action log: `{actions, total}` (no `hasMore`). */
    async actions(id: string, query: ListActionsQuery = {}, options: CallOptions = {}) {
      const op = "GET /api/sessions/{sessionId}/actions";
      const path = { sessionId: sessionId(op, id) };
      return unwrap(op, await client.GET("/api/sessions/{sessionId}/actions", { params: { path, query }, signal: options.signal }));
    },
    /** Every action of the session's log from `startOffset` on, page after page. Throws for a bad id at once. */
    listAllActions(id: string, { pageSize = DEFAULT_PAGE_SIZE, startOffset, signal }: IterateOptions = {}): AsyncGenerator<SessionAction, void, undefined> {
      // Guarded here, not in the generator body, so a bad id throws at the call and not at the first `next()`.
      sessionId("GET /api/sessions/{sessionId}/actions", id);
      return paginateOffset(
        async (offset, limit, pageSignal) => {
          const page = await helpers.actions(id, { offset, limit }, { signal: pageSignal });
          return { items: page.actions, total: page.total };
        },
        { provider: PROVIDER, operation: "sessions.listAllActions", pageSize, startOffset, signal },
      );
    },
    /** The session's screenshots and recordings, with signed download URLs. */
    async artifacts(id: string, options: CallOptions = {}) {
      const op = "GET /api/sessions/{sessionId}/artifacts";
      const path = { sessionId: sessionId(op, id) };
      return unwrap(op, await client.GET("/api/sessions/{sessionId}/artifacts", { params: { path }, signal: options.signal }));
    },
    /** The session's health: state, whether the browser answers, `uptimeMs` in ms. */
    async health(id: string, options: CallOptions = {}) {
      const op = "GET /api/sessions/{sessionId}/health";
      const path = { sessionId: sessionId(op, id) };
      return unwrap(op, await client.GET("/api/sessions/{sessionId}/health", { params: { path }, signal: options.signal }));
    },
    /** The console messages captured in the session's browser. */
    async console(id: string, options: CallOptions = {}) {
      const op = "GET /api/sessions/{sessionId}/console";
      const path = { sessionId: sessionId(op, id) };
      return unwrap(op, await client.GET("/api/sessions/{sessionId}/console", { params: { path }, signal: options.signal }));
    },
    /** The network requests captured in the session's browser (`duration` in ms, `size` in bytes). */
    async network(id: string, options: CallOptions = {}) {
      const op = "GET /api/sessions/{sessionId}/network";
      const path = { sessionId: sessionId(op, id) };
      return unwrap(op, await client.GET("/api/sessions/{sessionId}/network", { params: { path }, signal: options.signal }));
    },
  };
  return helpers;
}

function artifactHelpers(client: SchemaClient<paths>, unwrap: Unwrap) {
  return {
    /** Stores a named text artifact (`contentType` default `text/plain`; over 500 KB is a 413). */
    async create(id: string, body: CreateTextArtifactBody, options: CallOptions = {}): Promise<TextArtifact> {
      const op = "POST /api/sessions/{sessionId}/artifacts";
      const path = { sessionId: sessionId(op, id) };
      artifactName(op, body.name);
      return unwrap(op, await client.POST("/api/sessions/{sessionId}/artifacts", { params: { path }, body, signal: options.signal }));
    },
    /** The text artifact stored under `name`. */
    async get(id: string, name: string, options: CallOptions = {}): Promise<TextArtifact> {
      const op = "GET /api/sessions/{sessionId}/artifacts/{name}";
      const path = { sessionId: sessionId(op, id), name: artifactName(op, name) };
      return unwrap(op, await client.GET("/api/sessions/{sessionId}/artifacts/{name}", { params: { path }, signal: options.signal }));
    },
    /** Deletes the text artifact stored under `name`. */
    async delete(id: string, name: string, options: CallOptions = {}): Promise<void> {
      const op = "DELETE /api/sessions/{sessionId}/artifacts/{name}";
      const path = { sessionId: sessionId(op, id), name: artifactName(op, name) };
      unwrap(op, await client.DELETE("/api/sessions/{sessionId}/artifacts/{name}", { params: { path }, signal: options.signal }));
    },
  };
}

/**
 * Creates a ThinkRun client. Key: `apiKey` or `THINKRUN_API_KEY` (sent as `X-API-Key`); base URL: `baseUrl`,
 * `THINKRUN_BASE_URL`, else `https://api.thinkrun.ai`. Throws `InvalidArgumentError` when no key is found.
 */
export function createThinkRunClient(options: ThinkRunClientOptions = {}): ThinkRunClient {
  const { client, unwrap } = createProviderClient<paths>(thinkrun, options);
  const sessions = sessionHelpers(client, unwrap);
  return Object.assign(client, {
    sessions,
    artifacts: artifactHelpers(client, unwrap),
    waitForSessionReady(id: string, poll: PollOptions<Session> = {}) {
      // The id is guarded by `sessions.get` on the first load, before any request.
      return pollUntil<Session>(
        {
          provider: PROVIDER,
          operation: "waitForSessionReady",
          load: (signal) => sessions.get(id, { signal }),
          isTerminal: (s) => isSessionReady(s) || isTerminalSession(s),
          describe: (s) => `status ${s.status}`,
        },
        poll,
      );
    },
  });
}
