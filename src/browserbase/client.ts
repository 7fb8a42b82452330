/** `createBrowserbaseClient()`: the typed openapi-fetch client plus agent and run helpers. */
import type { SchemaClient } from "../core/schema-client.js";
import { createProviderClient, type ClientOptions, type ProviderClient } from "../core/create-client.js";
import { assertPathId } from "../core/path-id.js";
import { pollUntil, type PollOptions } from "../core/poll.js";
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

/** Per-call options of the helpers. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of `waitForRun`; `until` defaults to {@link isTerminalRun}. */
export interface WaitForRunOptions extends PollOptions<AgentRun> {
  until?: (run: AgentRun) => boolean;
}

/** The Browserbase client: openapi-fetch's `GET`/`POST`/… plus `agents` and `runs` helpers. */
export type BrowserbaseClient = SchemaClient<paths> & {
  agents: ReturnType<typeof agentHelpers>;
  runs: ReturnType<typeof runHelpers>;
  /** Polls a run until it is terminal (or `until` holds); returns the last run seen. */
  waitForRun(runId: string, options?: WaitForRunOptions): Promise<AgentRun>;
};

type Unwrap = ProviderClient<paths>["unwrap"];

const PROVIDER = browserbase.name;

function agentHelpers(client: SchemaClient<paths>, unwrap: Unwrap) {
  const id = (operation: string, agentId: string) => assertPathId(PROVIDER, operation, "agentId", agentId);
  const list = async (query: ListAgentsQuery = {}, options: CallOptions = {}): Promise<components["schemas"]["AgentListResponse"]> =>
    unwrap("GET /v1/agents", await client.GET("/v1/agents", { params: { query }, signal: options.signal }));
  return {
    /** Saves an agent configuration. */
    async create(body: CreateAgentBody, options: CallOptions = {}): Promise<Agent> {
      return unwrap("POST /v1/agents", await client.POST("/v1/agents", { body, signal: options.signal }));
    },
    /** One page of agents (`limit` 1–1000, default 20); pass `nextCursor` as `cursor` for the next. */
    list,
    /** Every agent matching the query, page after page; `query.cursor` sets where to start. */
    listAll(query: ListAgentsQuery = {}, options: CallOptions = {}): AsyncGenerator<Agent, void, undefined> {
      const { cursor, ...filters } = query;
      return iterateCursor({ provider: PROVIDER, operation: "GET /v1/agents", loadPage: (next, signal) => list({ ...filters, cursor: next }, { signal }) }, { cursor, signal: options.signal });
    },
    /** One agent. */
    async get(agentId: string, options: CallOptions = {}): Promise<Agent> {
      const op = "GET /v1/agents/{agentId}";
      const path = { agentId: id(op, agentId) };
      return unwrap(op, await client.GET("/v1/agents/{agentId}", { params: { path }, signal: options.signal }));
    },
    /** Changes the fields sent; the others keep their values. */
    async update(agentId: string, body: UpdateAgentBody, options: CallOptions = {}): Promise<Agent> {
      const op = "PATCH /v1/agents/{agentId}";
      const path = { agentId: id(op, agentId) };
      return unwrap(op, await client.PATCH("/v1/agents/{agentId}", { params: { path }, body, signal: options.signal }));
    },
    /** Deletes a saved agent. */
    async delete(agentId: string, options: CallOptions = {}): Promise<void> {
      const op = "DELETE /v1/agents/{agentId}";
      const path = { agentId: id(op, agentId) };
      unwrap(op, await client.DELETE("/v1/agents/{agentId}", { params: { path }, signal: options.signal }));
    },
  };
}

function runHelpers(client: SchemaClient<paths>, unwrap: Unwrap) {
  const id = (operation: string, runId: string) => assertPathId(PROVIDER, operation, "runId", runId);
  const list = async (query: ListRunsQuery = {}, options: CallOptions = {}): Promise<components["schemas"]["AgentRunListResponse"]> =>
    unwrap("GET /v1/agents/runs", await client.GET("/v1/agents/runs", { params: { query }, signal: options.signal }));
  const get = async (runId: string, options: CallOptions = {}): Promise<AgentRun> => {
    const op = "GET /v1/agents/runs/{runId}";
    const path = { runId: id(op, runId) };
    return unwrap(op, await client.GET("/v1/agents/runs/{runId}", { params: { path }, signal: options.signal }));
  };
  const messages = async (runId: string, query: ListRunMessagesQuery = {}, options: CallOptions = {}): Promise<components["schemas"]["AgentRunMessageListResponse"]> => {
    const op = "GET /v1/agents/runs/{runId}/messages";
    const path = { runId: id(op, runId) };
    return unwrap(op, await client.GET("/v1/agents/runs/{runId}/messages", { params: { path, query }, signal: options.signal }));
  };
  return {
    /** Starts a run (billable: never re-sent once delivered). Returns it in `PENDING`. */
    async create(body: CreateRunBody, options: CallOptions = {}): Promise<AgentRun> {
      return unwrap("POST /v1/agents/runs", await client.POST("/v1/agents/runs", { body, signal: options.signal }));
    },
    /** One page of runs (`limit` 1–1000, default 20); pass `nextCursor` as `cursor` for the next. */
    list,
    /** Every run matching the query, page after page; `query.cursor` sets where to start. */
    listAll(query: ListRunsQuery = {}, options: CallOptions = {}): AsyncGenerator<AgentRun, void, undefined> {
      const { cursor, ...filters } = query;
      return iterateCursor({ provider: PROVIDER, operation: "GET /v1/agents/runs", loadPage: (next, signal) => list({ ...filters, cursor: next }, { signal }) }, { cursor, signal: options.signal });
    },
    /** One run. */
    get,
    /** Asks the runner to stop the run (202: the returned run may still be `RUNNING`); `ConflictError` when it already finished. */
    async stop(runId: string, options: CallOptions = {}): Promise<AgentRun> {
      const op = "POST /v1/agents/runs/{runId}/stop";
      const path = { runId: id(op, runId) };
      return unwrap(op, await client.POST("/v1/agents/runs/{runId}/stop", { params: { path }, signal: options.signal }));
    },
    /** One batch of the run's messages after `since` (`limit` 1–100, default 20; `all` ignores it). */
    messages,
    /** Every message of the run, once each, polling with `since = nextSince` until the run is over; see {@link followRunMessages}. */
    followMessages(runId: string, options: FollowMessagesOptions = {}): AsyncGenerator<AgentRunMessage, void, undefined> {
      // Checked now, not at the first `next()`: a bad id is a programming error, reported where it is made.
      id("followMessages", runId);
      return followRunMessages(
        {
          loadRun: (signal) => get(runId, { signal }),
          loadMessages: (since, limit, signal) => messages(runId, since === undefined ? { limit } : { since, limit }, { signal }),
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
  const { client, unwrap } = createProviderClient<paths>(browserbase, options);
  const runs = runHelpers(client, unwrap);
  return Object.assign(client, {
    agents: agentHelpers(client, unwrap),
    runs,
    waitForRun(runId: string, { until = isTerminalRun, ...poll }: WaitForRunOptions = {}) {
      return pollUntil<AgentRun>(
        {
          provider: PROVIDER,
          operation: "waitForRun",
          load: (signal) => runs.get(runId, { signal }),
          isTerminal: until,
          describe: (run) => `status ${run.status}`,
        },
        poll,
      );
    },
  });
}
