/**
 * What a live run needs to know per provider beyond the spec: how to cap a create, which path ids a
 * created resource provides, how to undo a create, and which read-only list call yields ids for path
 * parameters. Keyed by provider name; a provider without an entry runs its read-only cases only
 * (path-less ones) and skips its creates.
 */
import type { ContractCase } from "./types.js";

/** A request the live runner sends on its own (id discovery, cleanup). */
export interface LiveRequest {
  operationId: string;
  request?: ContractCase["request"];
}

/** A create operation the live run may call, and how to undo what it creates. */
export interface CreateConfig {
  /** The path parameters the created resource provides to later cases, read from the create's 2xx body. */
  ids: (body: unknown) => Record<string, string>;
  /**
   * The calls that undo the resource, in order (stop, then delete), given its ids. Absent when another
   * create's cleanup covers it (a message in a session the run created). Every call runs even when the
   * one before it failed.
   */
  cleanup?: (ids: Record<string, string>) => LiveRequest[];
}

/** Where a path parameter's live value comes from when no resource of the run provides it. */
export interface IdSource {
  /** A read-only list operation. */
  list: LiveRequest;
  /** The id in the list's response body, or undefined when the list is empty. */
  pick: (body: unknown) => string | undefined;
}

/** The live facts of one provider. */
export interface LiveConfig {
  /** Rewrites a create case before it is sent live, to cap what it can cost. */
  capCreate?: (contractCase: ContractCase) => ContractCase;
  /** The creates a live run may send, by operationId; a create not listed here is skipped on live. */
  creates: Record<string, CreateConfig>;
  /** Id discovery by path parameter name. */
  idSources: Record<string, IdSource>;
}

/** The `maxCostUsd` injected into every live Browser Use create (a decimal string, in USD). */
export const LIVE_MAX_COST_USD = "0.05";

function field(body: unknown, ...path: (string | number)[]): string | undefined {
  const value = path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined), body);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function idFrom(param: string, ...path: (string | number)[]): (body: unknown) => Record<string, string> {
  return (body) => {
    const id = field(body, ...path);
    return id === undefined ? {} : { [param]: id };
  };
}

/** Live configuration by provider name. */
export const LIVE_CONFIG: Readonly<Record<string, LiveConfig>> = {
  "browser-use": {
    capCreate: (c) =>
      c.request?.body !== null && typeof c.request?.body === "object"
        ? { ...c, request: { ...c.request, body: { ...(c.request.body as object), maxCostUsd: LIVE_MAX_COST_USD } } }
        : c,
    creates: {
      createSession: {
        ids: idFrom("session_id", "id"),
        // Stop ends the billing at once; delete removes the session from the account.
        cleanup: ({ session_id }) => [
          { operationId: "stopSession", request: { path: { session_id: session_id! }, body: { strategy: "session" } } },
          { operationId: "deleteSession", request: { path: { session_id: session_id! } } },
        ],
      },
    },
    idSources: {
      session_id: { list: { operationId: "listSessions", request: { query: { page_size: 1 } } }, pick: (b) => field(b, "sessions", 0, "id") },
    },
  },
  browserbase: {
    creates: {
      createAgentRun: { ids: idFrom("runId", "id"), cleanup: ({ runId }) => [{ operationId: "stopAgentRun", request: { path: { runId: runId! } } }] },
      createAgent: { ids: idFrom("agentId", "id"), cleanup: ({ agentId }) => [{ operationId: "deleteAgent", request: { path: { agentId: agentId! } } }] },
    },
    idSources: {
      agentId: { list: { operationId: "listAgents", request: { query: { limit: 1 } } }, pick: (b) => field(b, "data", 0, "id") },
      runId: { list: { operationId: "listAgentRuns", request: { query: { limit: 1 } } }, pick: (b) => field(b, "data", 0, "id") },
    },
  },
  thinkrun: {
    creates: {
      createSession: { ids: idFrom("sessionId", "sessionId"), cleanup: ({ sessionId }) => [{ operationId: "terminateSession", request: { path: { sessionId: sessionId! } } }] },
      // An artifact lives in a session the run created; terminating that session covers it.
      createSessionArtifact: { ids: idFrom("name", "name") },
    },
    idSources: {
      sessionId: { list: { operationId: "listSessions", request: { query: { limit: 1 } } }, pick: (b) => field(b, "sessions", 0, "sessionId") },
    },
  },
  everruns: {
    creates: {
      createSession: {
        ids: idFrom("session_id", "id"),
        cleanup: ({ session_id }) => [
          { operationId: "cancelSession", request: { path: { session_id: session_id! } } },
          { operationId: "deleteSession", request: { path: { session_id: session_id! } } },
        ],
      },
      // A message is a turn in a session the run created; cancelling that session covers it.
      createSessionMessage: { ids: () => ({}) },
    },
    idSources: {
      session_id: { list: { operationId: "listSessions", request: { query: { limit: 1 } } }, pick: (b) => field(b, "data", 0, "id") },
    },
  },
};
