/** `createBrowserbaseClient()`: the typed openapi-fetch client plus agent and run helpers. */
import { apiPromise, type APIPromise } from "../core/api-promise.js";
import type { CallOptions } from "../core/call-options.js";
import { createProviderClient, type ClientOptions, type ProviderClient } from "../core/create-client.js";
import type { ListAllOptions } from "../core/list-all.js";
import { assertPathId } from "../core/path-id.js";
import { pollRequestOptions, pollUntil, type WaitOptions } from "../core/poll.js";
import type { SchemaClient } from "../core/schema-client.js";
import type { components, paths } from "../../generated/browserbase/schema.js";
import { followRunMessages, type FollowMessagesOptions } from "./follow-messages.js";
import { iterateCursor } from "./pagination.js";
import { browserbase } from "./provider.js";
import { isTerminalRun, type Agent, type AgentRun, type AgentRunMessage } from "./statuses.js";

/** Body of `POST /v1/agents`. */
export type CreateAgentBody = paths["/v1/agents"]["post"]["requestBody"]["content"]["application/json"];
/** Body of `PATCH /v1/agents/{agentId}`. */
export type UpdateAgentBody = paths["/v1/agents/{agentId}"]["patch"]["requestBody"]["content"]["application/json"];
/** Query of `GET /v1/agents`. */
export type ListAgentsQuery = NonNullable<paths["/v1/agents"]["get"]["parameters"]["query"]>;
/** Body of `POST /v1/agents/runs`. */
export type CreateRunBody = paths["/v1/agents/runs"]["post"]["requestBody"]["content"]["application/json"];
/** Query of `GET /v1/agents/runs` (`status` is the closed UPPERCASE enum). */
export type ListRunsQuery = NonNullable<paths["/v1/agents/runs"]["get"]["parameters"]["query"]>;
/** Query of `GET /v1/agents/runs/{runId}/messages`. */
export type ListRunMessagesQuery = NonNullable<paths["/v1/agents/runs/{runId}/messages"]["get"]["parameters"]["query"]>;

/** Options of `waitForRun`; `until` defaults to {@link isTerminalRun}. */
export type WaitForRunOptions = WaitOptions<AgentRun>;

/** The Browserbase client: openapi-fetch's `GET`/`POST`/… plus `agents` and `runs` helpers. */
export type BrowserbaseClient = SchemaClient<paths> & {
  agents: ReturnType<typeof agentHelpers>;
  runs: ReturnType<typeof runHelpers>;
  /** Polls a run until it is terminal (or `until` holds); returns the last run seen. */
  waitForRun(runId: string, options?: WaitForRunOptions): Promise<AgentRun>;
};

type AgentList = components["schemas"]["AgentListResponse"];
type RunList = components["schemas"]["AgentRunListResponse"];
type RunMessageList = components["schemas"]["AgentRunMessageListResponse"];

const PROVIDER = browserbase.name;

// Every item of a cursor-paginated list from `query.cursor` on, each page loaded with the caller's call options.
function listAllOf<Item, Query extends { cursor?: string }>(
  operation: string,
  list: (query: Query, options: CallOptions) => Promise<{ data: Item[]; nextCursor: string | null }>,
  query: Query,
  options: ListAllOptions,
): AsyncGenerator<Item, void, undefined> {
  const { cursor, ...filters } = query;
  const { maxPages, ...call } = options;
  const loadPage = (next: string | undefined) => list({ ...filters, cursor: next } as Query, call);
  return iterateCursor({ provider: PROVIDER, operation, loadPage }, { cursor, signal: options.signal, maxPages });
}

function agentHelpers({ client, send }: ProviderClient<paths>) {
  const list = (query: ListAgentsQuery = {}, options?: CallOptions): APIPromise<AgentList> =>
    send(() => client.GET("/v1/agents", { params: { query }, ...options }));
  return {
    /** Saves an agent configuration. */
    create(body: CreateAgentBody, options?: CallOptions): APIPromise<Agent> {
      return send(() => client.POST("/v1/agents", { body, ...options }));
    },
    /** One page of agents (`limit` 1–1000, default 20); pass `nextCursor` as `cursor` for the next. */
    list,
    /** Every agent matching the query, page after page; `query.cursor` sets where to start (see {@link iterateCursor} for when it stops). */
    listAll(query: ListAgentsQuery = {}, options: ListAllOptions = {}): AsyncGenerator<Agent, void, undefined> {
      return listAllOf("agents.listAll", list, query, options);
    },
    /** One agent. */
    get(agentId: string, options?: CallOptions): APIPromise<Agent> {
      return send(() => client.GET("/v1/agents/{agentId}", { params: { path: { agentId } }, ...options }));
    },
    /** Changes the fields sent; the others keep their values. */
    update(agentId: string, body: UpdateAgentBody, options?: CallOptions): APIPromise<Agent> {
      return send(() => client.PATCH("/v1/agents/{agentId}", { params: { path: { agentId } }, body, ...options }));
    },
    /** Deletes a saved agent. */
    delete(agentId: string, options?: CallOptions): APIPromise<void> {
      return send(() => client.DELETE("/v1/agents/{agentId}", { params: { path: { agentId } }, ...options })) as APIPromise<void>;
    },
  };
}

function runHelpers({ client, send, settle, alreadyDone }: ProviderClient<paths>) {
  const list = (query: ListRunsQuery = {}, options?: CallOptions): APIPromise<RunList> =>
    send(() => client.GET("/v1/agents/runs", { params: { query }, ...options }));
  const get = (runId: string, options?: CallOptions): APIPromise<AgentRun> =>
    send(() => client.GET("/v1/agents/runs/{runId}", { params: { path: { runId } }, ...options }));
  const messages = (runId: string, query: ListRunMessagesQuery = {}, options?: CallOptions): APIPromise<RunMessageList> =>
    send(() => client.GET("/v1/agents/runs/{runId}/messages", { params: { path: { runId }, query }, ...options }));
  return {
    /** Starts a run (billable: never re-sent once delivered). Returns it in `PENDING`. */
    create(body: CreateRunBody, options?: CallOptions): APIPromise<AgentRun> {
      return send(() => client.POST("/v1/agents/runs", { body, ...options }));
    },
    /** One page of runs (`limit` 1–1000, default 20); pass `nextCursor` as `cursor` for the next. */
    list,
    /** Every run matching the query, page after page; `query.cursor` sets where to start (see {@link iterateCursor} for when it stops). */
    listAll(query: ListRunsQuery = {}, options: ListAllOptions = {}): AsyncGenerator<AgentRun, void, undefined> {
      return listAllOf("runs.listAll", list, query, options);
    },
    /** One run. */
    get,
    /**
     * Asks the runner to stop the run (202: the returned run may still be `RUNNING`); `ConflictError` when it
     * already finished. When an attempt may have reached the server (a timeout, a reset) and the resend is
     * answered 409, that attempt stopped it: the run is read back with `runs.get`, and that is what
     * `withResponse()` describes.
     */
    stop(runId: string, options?: CallOptions): APIPromise<AgentRun> {
      return apiPromise(async () => {
        const result = await client.POST("/v1/agents/runs/{runId}/stop", { params: { path: { runId } }, ...options });
        return alreadyDone(result) ? get(runId, options).withResponse() : settle(result);
      });
    },
    /** One batch of the run's messages after `since` (`limit` 1–100, default 20; `all` ignores it). */
    messages,
    /** Every message of the run, once each, polling with `since = nextSince` until the run is over; see {@link followRunMessages}. */
    followMessages(runId: string, options: FollowMessagesOptions = {}): AsyncGenerator<AgentRunMessage, void, undefined> {
      const { intervalMs, until, since, onRun, maxConsecutiveFailures, ...call } = options;
      // Checked now, not at the first `next()`: a bad id is a programming error, reported where it is made.
      assertPathId(PROVIDER, "runs.followMessages", "runId", runId);
      return followRunMessages(
        {
          loadRun: () => get(runId, call),
          loadMessages: (from, limit) => messages(runId, from === undefined ? { limit } : { since: from, limit }, call),
        },
        options,
      );
    },
  };
}

/**
 * Creates a Browserbase Agents API client. Key: `apiKey` or `BROWSERBASE_API_KEY`; base URL: `baseUrl`,
 * `BROWSERBASE_BASE_URL`, else `https://api.browserbase.com`. Throws `InvalidArgumentError` when no key is found.
 */
export function createBrowserbaseClient(options: ClientOptions = {}): BrowserbaseClient {
  const provider = createProviderClient<paths>(browserbase, options);
  const runs = runHelpers(provider);
  return Object.assign(provider.client, {
    agents: agentHelpers(provider),
    runs,
    waitForRun(runId: string, options: WaitForRunOptions = {}) {
      const request = pollRequestOptions(options);
      return pollUntil<AgentRun>(
        {
          provider: PROVIDER,
          operation: "waitForRun",
          load: (signal) => runs.get(runId, { ...request, signal }),
          isTerminal: options.until ?? isTerminalRun,
          describe: (run) => `status ${run.status}`,
        },
        options,
      );
    },
  });
}
