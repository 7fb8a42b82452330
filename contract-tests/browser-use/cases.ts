/** Browser Use v3 contract cases: every operation x every documented status, plus requests the mock must reject. */
import type { ContractCase } from "../runner/types.js";

const SESSION = "3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10";
const path = { session_id: SESSION };

export const browserUseCases: readonly ContractCase[] = [
  // createSession
  { name: "createSession: an empty body creates an idle session (200)", operationId: "createSession", request: { body: {} }, expect: { status: 200 } },
  { name: "createSession: a task with a decimal-string maxCostUsd is accepted (200 running)", operationId: "createSession", request: { body: { task: "Return the title of example.com", maxCostUsd: "0.05", proxyCountryCode: "us", model: "bu-mini" } }, prefer: { example: "running" }, expect: { status: 200 } },
  { name: "createSession: a numeric maxCostUsd is accepted (200 idle)", operationId: "createSession", request: { body: { maxCostUsd: 0.05, proxyCountryCode: null } }, prefer: { example: "idle" }, expect: { status: 200 }, mockOnly: true },
  { name: "createSession: dispatching to an existing session with a task is accepted (200)", operationId: "createSession", request: { body: { sessionId: SESSION, task: "Open the first link" } }, expect: { status: 200 }, mockOnly: true },
  { name: "createSession: 402 when out of credits", operationId: "createSession", request: { body: {} }, prefer: { code: 402 }, expect: { status: 402 } },
  { name: "createSession: 404 when the target session does not exist", operationId: "createSession", request: { body: { sessionId: SESSION, task: "Continue" } }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "createSession: 422 body is FastAPI's validation shape", operationId: "createSession", request: { body: {} }, prefer: { code: 422 }, expect: { status: 422 } },
  { name: "createSession: 429 when too many sessions are active", operationId: "createSession", request: { body: {} }, prefer: { code: 429 }, expect: { status: 429 } },
  // The schema cannot make the mock enforce "sessionId needs a task" (see CreateSessionRequest), so the
  // case checks the documented 422 body for it instead.
  { name: "createSession: a sessionId without a task gets the documented 422", operationId: "createSession", request: { body: { sessionId: SESSION } }, prefer: { code: 422, example: "sessionIdWithoutTask" }, expect: { status: 422 } },
  { name: "createSession: proxy country gb is rejected (the enum has uk)", operationId: "createSession", request: { body: { proxyCountryCode: "gb" } }, expect: { status: 422, violation: "proxyCountryCode" }, mockOnly: true },
  { name: "createSession: uppercase proxy country US is rejected", operationId: "createSession", request: { body: { proxyCountryCode: "US" } }, expect: { status: 422, violation: "proxyCountryCode" }, mockOnly: true },
  { name: "createSession: maxCostUsd with a decimal comma is rejected", operationId: "createSession", request: { body: { maxCostUsd: "1,5" } }, expect: { status: 422, violation: "maxCostUsd" }, mockOnly: true },
  { name: "createSession: maxCostUsd of a lone sign is rejected", operationId: "createSession", request: { body: { maxCostUsd: "-" } }, expect: { status: 422, violation: "maxCostUsd" }, mockOnly: true },
  { name: "createSession: an unknown model is rejected", operationId: "createSession", request: { body: { task: "x", model: "gpt-4o" } }, expect: { status: 422, violation: "model" }, mockOnly: true },
  { name: "createSession: an unknown property in the closed body is rejected", operationId: "createSession", request: { body: { keep_alive: true } }, expect: { status: 422, violation: "keep_alive" }, mockOnly: true },

  // listSessions
  { name: "listSessions: 200 with a page of sessions", operationId: "listSessions", request: { query: { page: 1, page_size: 20 } }, expect: { status: 200 } },
  { name: "listSessions: 200 with an empty page past the end", operationId: "listSessions", request: { query: { page: 3 } }, prefer: { example: "empty" }, expect: { status: 200 } },
  { name: "listSessions: 422 body is FastAPI's validation shape", operationId: "listSessions", prefer: { code: 422 }, expect: { status: 422 } },
  { name: "listSessions: page_size 101 is rejected", operationId: "listSessions", request: { query: { page_size: 101 } }, expect: { status: 422, violation: "page_size" }, mockOnly: true },
  { name: "listSessions: page 0 is rejected", operationId: "listSessions", request: { query: { page: 0 } }, expect: { status: 422, violation: "page" }, mockOnly: true },

  // getSession
  { name: "getSession: 200 for an idle session", operationId: "getSession", request: { path }, prefer: { example: "idle" }, expect: { status: 200 } },
  { name: "getSession: 200 for a running session", operationId: "getSession", request: { path }, prefer: { example: "running" }, expect: { status: 200 } },
  { name: "getSession: 200 for a finished session with output and costs", operationId: "getSession", request: { path }, prefer: { example: "finished" }, expect: { status: 200 } },
  { name: "getSession: 200 for a timed-out session", operationId: "getSession", request: { path }, prefer: { example: "timedOut" }, expect: { status: 200 } },
  { name: "getSession: 200 for a session that ended in an error", operationId: "getSession", request: { path }, prefer: { example: "failed" }, expect: { status: 200 } },
  { name: "getSession: 404 for an unknown id", operationId: "getSession", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "getSession: 422 body is FastAPI's validation shape", operationId: "getSession", request: { path }, prefer: { code: 422 }, expect: { status: 422 } },
  { name: "getSession: a non-uuid session id is rejected", operationId: "getSession", request: { path: { session_id: "not-a-uuid" } }, expect: { status: 422, violation: "session_id" }, mockOnly: true },

  // deleteSession
  { name: "deleteSession: 204 with no body", operationId: "deleteSession", request: { path }, expect: { status: 204 }, mockOnly: true },
  { name: "deleteSession: 404 for an unknown id", operationId: "deleteSession", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "deleteSession: 422 body is FastAPI's validation shape", operationId: "deleteSession", request: { path }, prefer: { code: 422 }, expect: { status: 422 } },

  // stopSession
  { name: "stopSession: 200 with the session stopped", operationId: "stopSession", request: { path, body: { strategy: "session" } }, prefer: { example: "stopped" }, expect: { status: 200 }, mockOnly: true },
  { name: "stopSession: 200 with only the task stopped and the session idle", operationId: "stopSession", request: { path, body: { strategy: "task" } }, prefer: { example: "taskStopped" }, expect: { status: 200 } },
  { name: "stopSession: the body is optional (200)", operationId: "stopSession", request: { path }, expect: { status: 200 }, mockOnly: true },
  { name: "stopSession: 404 for an unknown id", operationId: "stopSession", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "stopSession: 422 body is FastAPI's validation shape", operationId: "stopSession", request: { path }, prefer: { code: 422 }, expect: { status: 422 } },
  { name: "stopSession: an unknown strategy is rejected", operationId: "stopSession", request: { path, body: { strategy: "everything" } }, expect: { status: 422, violation: "strategy" }, mockOnly: true },

  // listSessionMessages
  { name: "listSessionMessages: 200 with a page of messages", operationId: "listSessionMessages", request: { path, query: { limit: 10 } }, expect: { status: 200 } },
  { name: "listSessionMessages: 404 for an unknown session", operationId: "listSessionMessages", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "listSessionMessages: 422 body is FastAPI's validation shape", operationId: "listSessionMessages", request: { path }, prefer: { code: 422 }, expect: { status: 422 } },
  { name: "listSessionMessages: limit 0 is rejected", operationId: "listSessionMessages", request: { path, query: { limit: 0 } }, expect: { status: 422, violation: "limit" }, mockOnly: true },
  { name: "listSessionMessages: a non-uuid after cursor is rejected", operationId: "listSessionMessages", request: { path, query: { after: "abc" } }, expect: { status: 422, violation: "after" }, mockOnly: true },
];
