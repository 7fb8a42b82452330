/** `createThinkRunClient()`: the typed openapi-fetch client plus session, inspection and artifact helpers. */
import { apiPromise, type APIPromise } from "../core/api-promise.js";
import type { CallOptions } from "../core/call-options.js";
import { createProviderClient, fullPageSize, type ClientOptions, type ProviderClient } from "../core/create-client.js";
import { InvalidArgumentError } from "../core/errors.js";
import type { ListAllOptions } from "../core/list-all.js";
import { assertPathId } from "../core/path-id.js";
import { pollRequestOptions, pollUntil, type WaitOptions } from "../core/poll.js";
import type { SchemaClient } from "../core/schema-client.js";
import { operations } from "../../generated/thinkrun/operations.js";
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
/** Answer of `sessions.terminate`: `{success, message}`. */
export type TerminateSessionResponse = components["schemas"]["TerminateSessionResponse"];
/** A named text artifact. */
export type TextArtifact = components["schemas"]["TextArtifact"];
/** An error code the docs list (the `providerCode` of a typed error may also be a code they do not list). */
export type KnownErrorCode = components["schemas"]["ErrorCode"];

/** Sessions per page requested by `sessions.listAll`: the spec's `maximum` of the `limit` of `GET /api/sessions` (its `x-page-size` parameter). */
export const DEFAULT_PAGE_SIZE: number = /* @__PURE__ */ fullPageSize(operations["GET /api/sessions"].pageSize);
// The action log's `limit` has no maximum in the spec: its default, the page the API sends anyway.
const ACTIONS_PAGE_SIZE = /* @__PURE__ */ fullPageSize(operations["GET /api/sessions/{sessionId}/actions"].pageSize);

/** Options of `waitForSessionReady`; `until` defaults to ready (`ready`, `running`) or terminated. */
export type WaitForSessionReadyOptions = WaitOptions<Session>;

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
  waitForSessionReady(sessionId: string, options?: WaitForSessionReadyOptions): Promise<Session>;
};

const PROVIDER = thinkrun.name;

// The name is a path segment on get/delete: besides the id guard (of every path parameter), the API forbids
// ":" in it. Checked on create too, so a name that could never be read back is refused before anything is stored.
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

type SessionList = components["schemas"]["SessionListResponse"];
type ActionList = components["schemas"]["SessionActionListResponse"];

function sessionHelpers({ client, send, settle, alreadyDone }: ProviderClient<paths>) {
  const helpers = {
    /** Creates a session (billable: never re-sent once delivered); it starts as `creating`, see `waitForSessionReady`. */
    create(body: CreateSessionBody = {}, options?: CallOptions): APIPromise<CreateSessionResponse> {
      return send(() => client.POST("/api/sessions", { body, ...options }));
    },
    /** One page of sessions: `{sessions, total, hasMore}`. */
    list(query: ListSessionsQuery = {}, options?: CallOptions): APIPromise<SessionList> {
      return send(() => client.GET("/api/sessions", { params: { query }, ...options }));
    },
    /** Every session from `query.offset` (default 0) on, `query.limit` (default {@link DEFAULT_PAGE_SIZE}) per page; terminated ones only with `includeTerminated`. */
    listAll(query: ListSessionsQuery = {}, options: ListAllOptions = {}): AsyncGenerator<SessionSummary, void, undefined> {
      const { offset, limit = DEFAULT_PAGE_SIZE, ...filters } = query;
      const { maxPages, ...call } = options;
      return paginateOffset(
        async (from, size) => {
          const page = await helpers.list({ ...filters, offset: from, limit: size }, call);
          return { items: page.sessions, total: page.total, hasMore: page.hasMore };
        },
        { provider: PROVIDER, operation: "sessions.listAll", pageSize: limit, startOffset: offset, signal: options.signal, maxPages },
      );
    },
    /** One session. */
    get(sessionId: string, options?: CallOptions): APIPromise<Session> {
      return send(() => client.GET("/api/sessions/{sessionId}", { params: { path: { sessionId } }, ...options }));
    },
    /**
     * Terminates the session and destroys its browser (artifacts are kept): `{success, message}`. When an
     * attempt may have reached the server (a timeout, a reset) and the resend is answered 404 or 410, that
     * attempt terminated it: the result is `{success: true}` with a message saying so.
     */
    terminate(sessionId: string, options?: CallOptions): APIPromise<TerminateSessionResponse> {
      return apiPromise(async () => {
        const result = await client.DELETE("/api/sessions/{sessionId}", { params: { path: { sessionId } }, ...options });
        if (!alreadyDone(result)) return settle(result);
        const said = result.error?.error;
        const message = `Session already terminated (HTTP ${result.response.status} on the resend${said ? `: ${said}` : ""})`;
        return { data: { success: true, message }, response: result.response };
      });
    },
    /** One page of the session's action log: `{actions, total}` (no `hasMore`). */
    actions(sessionId: string, query: ListActionsQuery = {}, options?: CallOptions): APIPromise<ActionList> {
      return send(() => client.GET("/api/sessions/{sessionId}/actions", { params: { path: { sessionId }, query }, ...options }));
    },
    /** Every action of the session's log from `query.offset` (default 0) on, `query.limit` per page (default: the spec's `maximum` of the log's `limit`, else its `default`). Throws for a bad id at once. */
    listAllActions(sessionId: string, query: ListActionsQuery = {}, options: ListAllOptions = {}): AsyncGenerator<SessionAction, void, undefined> {
      // Guarded here, not in the generator body, so a bad id throws at the call and not at the first `next()`.
      assertPathId(PROVIDER, "sessions.listAllActions", "sessionId", sessionId);
      const { offset, limit = ACTIONS_PAGE_SIZE } = query;
      const { maxPages, ...call } = options;
      return paginateOffset(
        async (from, size) => {
          const page = await helpers.actions(sessionId, { offset: from, limit: size }, call);
          return { items: page.actions, total: page.total };
        },
        { provider: PROVIDER, operation: "sessions.listAllActions", pageSize: limit, startOffset: offset, signal: options.signal, maxPages },
      );
    },
    /** The session's screenshots and recordings, with signed download URLs. */
    artifacts(sessionId: string, options?: CallOptions) {
      return send(() => client.GET("/api/sessions/{sessionId}/artifacts", { params: { path: { sessionId } }, ...options }));
    },
    /** The session's health: state, whether the browser answers, `uptimeMs` in ms. */
    health(sessionId: string, options?: CallOptions) {
      return send(() => client.GET("/api/sessions/{sessionId}/health", { params: { path: { sessionId } }, ...options }));
    },
    /** The console messages captured in the session's browser. */
    console(sessionId: string, options?: CallOptions) {
      return send(() => client.GET("/api/sessions/{sessionId}/console", { params: { path: { sessionId } }, ...options }));
    },
    /** The network requests captured in the session's browser (`duration` in ms, `size` in bytes). */
    network(sessionId: string, options?: CallOptions) {
      return send(() => client.GET("/api/sessions/{sessionId}/network", { params: { path: { sessionId } }, ...options }));
    },
  };
  return helpers;
}

function artifactHelpers({ client, send }: ProviderClient<paths>) {
  return {
    /** Stores a named text artifact (`contentType` default `text/plain`; over 500 KB is a 413). */
    create(sessionId: string, body: CreateTextArtifactBody, options?: CallOptions): APIPromise<TextArtifact> {
      return send(async () => {
        artifactName("artifacts.create", body.name);
        return client.POST("/api/sessions/{sessionId}/artifacts", { params: { path: { sessionId } }, body, ...options });
      });
    },
    /** The text artifact stored under `name`. */
    get(sessionId: string, name: string, options?: CallOptions): APIPromise<TextArtifact> {
      return send(async () => {
        artifactName("artifacts.get", name);
        return client.GET("/api/sessions/{sessionId}/artifacts/{name}", { params: { path: { sessionId, name } }, ...options });
      });
    },
    /** Deletes the text artifact stored under `name`. */
    delete(sessionId: string, name: string, options?: CallOptions): APIPromise<void> {
      return send(async () => {
        artifactName("artifacts.delete", name);
        return client.DELETE("/api/sessions/{sessionId}/artifacts/{name}", { params: { path: { sessionId, name } }, ...options });
      }) as APIPromise<void>;
    },
  };
}

/**
 * Creates a ThinkRun client. Key: `apiKey` or `THINKRUN_API_KEY` (sent as `X-API-Key`); base URL: `baseUrl`,
 * `THINKRUN_BASE_URL`, else `https://api.thinkrun.ai`. Throws `InvalidArgumentError` when no key is found.
 */
export function createThinkRunClient(options: ThinkRunClientOptions = {}): ThinkRunClient {
  const provider = createProviderClient<paths>(thinkrun, options);
  const sessions = sessionHelpers(provider);
  return Object.assign(provider.client, {
    sessions,
    artifacts: artifactHelpers(provider),
    waitForSessionReady(id: string, options: WaitForSessionReadyOptions = {}) {
      const request = pollRequestOptions(options);
      // The id is guarded by `sessions.get` on the first load, before any request.
      return pollUntil<Session>(
        {
          provider: PROVIDER,
          operation: "waitForSessionReady",
          load: (signal) => sessions.get(id, { ...request, signal }),
          isTerminal: options.until ?? ((s) => isSessionReady(s) || isTerminalSession(s)),
          describe: (s) => `status ${s.status}`,
        },
        options,
      );
    },
  });
}
