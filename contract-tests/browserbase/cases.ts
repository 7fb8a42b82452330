/** Browserbase Agents API contract cases: every operation x every documented status, plus requests the mock must reject. */
import type { ContractCase } from "../runner/types.js";

const AGENT = "4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61";
const RUN = "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50";
const agentPath = { agentId: AGENT };
const runPath = { runId: RUN };
const newAgent = { name: "Price checker", systemPrompt: "You compare product prices." };
const newRun = { task: "Find the price of the Logitech M720 mouse on amazon.com" };

// The statuses every operation documents, served by the mock on request (`Prefer: code`). Which example
// each one serves is checked by name.
const commonErrors = (operationId: string, request: ContractCase["request"]): ContractCase[] => [
  { name: `${operationId}: 401 body is Fastify's error shape`, operationId, request, prefer: { code: 401, example: "invalidApiKey" }, expect: { status: 401 } },
  { name: `${operationId}: 429 body is Fastify's error shape`, operationId, request, prefer: { code: 429, example: "rateLimited" }, expect: { status: 429 } },
  { name: `${operationId}: 500 body is Fastify's error shape`, operationId, request, prefer: { code: 500, example: "internalError" }, expect: { status: 500 } },
];

export const browserbaseCases: readonly ContractCase[] = [
  // createAgent
  { name: "createAgent: 201 with the agent and its default result schema", operationId: "createAgent", request: { body: { ...newAgent, resultSchema: { type: "object" } } }, expect: { status: 201 } },
  { name: "createAgent: 201 for a name-only agent, optional fields omitted", operationId: "createAgent", request: { body: { name: "Support ticket triage" } }, prefer: { example: "nameOnly" }, expect: { status: 201 }, mockOnly: true },
  { name: "createAgent: 400 body is Fastify's error shape", operationId: "createAgent", request: { body: newAgent }, prefer: { code: 400, example: "unknownProperty" }, expect: { status: 400 } },
  { name: "createAgent: 422 body is Fastify's error shape", operationId: "createAgent", request: { body: newAgent }, prefer: { code: 422, example: "invalidResultSchema" }, expect: { status: 422 } },
  ...commonErrors("createAgent", { body: newAgent }),
  { name: "createAgent: an unknown property in the closed body is rejected", operationId: "createAgent", request: { body: { ...newAgent, description: "not a field" } }, expect: { status: 422, violation: "must NOT have additional properties; found 'description'" }, mockOnly: true },
  { name: "createAgent: an empty name is rejected", operationId: "createAgent", request: { body: { name: "" } }, expect: { status: 422, violation: "property name must NOT have fewer than 1 characters" }, mockOnly: true },
  { name: "createAgent: a missing name is rejected", operationId: "createAgent", request: { body: { systemPrompt: "x" } }, expect: { status: 422, violation: "must have required property 'name'" }, mockOnly: true },

  // listAgents
  { name: "listAgents: 200 with a first page and a nextCursor", operationId: "listAgents", request: { query: { limit: 2 } }, expect: { status: 200 } },
  { name: "listAgents: 200 with the last page, nextCursor null", operationId: "listAgents", request: { query: { limit: 2, cursor: "eyJjcmVhdGVkQXQiOiIyMDI2LTExLTE4VDA4OjMwOjAwWiIsImlkIjoiNGI5ZTJmMWEifQ" } }, prefer: { example: "lastPage" }, expect: { status: 200 } },
  { name: "listAgents: 400 body is Fastify's error shape", operationId: "listAgents", prefer: { code: 400, example: "limitTooLarge" }, expect: { status: 400 } },
  { name: "listAgents: 422 body is Fastify's error shape", operationId: "listAgents", prefer: { code: 422, example: "invalidCursor" }, expect: { status: 422 } },
  ...commonErrors("listAgents", {}),
  { name: "listAgents: limit 0 is rejected", operationId: "listAgents", request: { query: { limit: 0 } }, expect: { status: 422, violation: "parameter limit must be >= 1" }, mockOnly: true },
  { name: "listAgents: limit 1001 is rejected", operationId: "listAgents", request: { query: { limit: 1001 } }, expect: { status: 422, violation: "parameter limit must be <= 1000" }, mockOnly: true },
  { name: "listAgents: a startAt that is not a date-time is rejected", operationId: "listAgents", request: { query: { startAt: "yesterday" } }, expect: { status: 422, violation: "startAt must match format" }, mockOnly: true },

  // getAgent
  { name: "getAgent: 200 with an agent that has a system prompt and result schema", operationId: "getAgent", request: { path: agentPath }, prefer: { example: "priceChecker" }, expect: { status: 200 } },
  { name: "getAgent: 200 with a name-only agent", operationId: "getAgent", request: { path: agentPath }, prefer: { example: "nameOnly" }, expect: { status: 200 } },
  { name: "getAgent: 404 for an unknown id", operationId: "getAgent", request: { path: agentPath }, prefer: { code: 404, example: "agentNotFound" }, expect: { status: 404 } },
  ...commonErrors("getAgent", { path: agentPath }),

  // updateAgent
  { name: "updateAgent: 200 with the agent after the update", operationId: "updateAgent", request: { path: agentPath, body: { systemPrompt: "Report the price in the page's currency." } }, prefer: { example: "updated" }, expect: { status: 200 } },
  { name: "updateAgent: 400 body is Fastify's error shape", operationId: "updateAgent", request: { path: agentPath, body: { name: "Renamed" } }, prefer: { code: 400, example: "unknownProperty" }, expect: { status: 400 } },
  { name: "updateAgent: 404 for an unknown id", operationId: "updateAgent", request: { path: agentPath, body: { name: "Renamed" } }, prefer: { code: 404, example: "agentNotFound" }, expect: { status: 404 } },
  { name: "updateAgent: 422 body is Fastify's error shape", operationId: "updateAgent", request: { path: agentPath, body: { name: "Renamed" } }, prefer: { code: 422, example: "invalidResultSchema" }, expect: { status: 422 } },
  ...commonErrors("updateAgent", { path: agentPath, body: { name: "Renamed" } }),
  { name: "updateAgent: an unknown property in the closed body is rejected", operationId: "updateAgent", request: { path: agentPath, body: { model: "gpt-4o" } }, expect: { status: 422, violation: "must NOT have additional properties; found 'model'" }, mockOnly: true },
  { name: "updateAgent: null does not clear a field", operationId: "updateAgent", request: { path: agentPath, body: { systemPrompt: null } }, expect: { status: 422, violation: "property systemPrompt must be string" }, mockOnly: true },

  // deleteAgent
  { name: "deleteAgent: 204 with no body", operationId: "deleteAgent", request: { path: agentPath }, expect: { status: 204 }, mockOnly: true },
  { name: "deleteAgent: 404 for an unknown id", operationId: "deleteAgent", request: { path: agentPath }, prefer: { code: 404, example: "agentNotFound" }, expect: { status: 404 } },
  ...commonErrors("deleteAgent", { path: agentPath }),

  // createAgentRun
  { name: "createAgentRun: 201 with the run in PENDING", operationId: "createAgentRun", request: { body: { ...newRun, agentId: AGENT } }, expect: { status: 201 } },
  { name: "createAgentRun: 201 for an ad-hoc run with browser settings and variables", operationId: "createAgentRun", request: { body: { task: "Log in as {{username}}", resultSchema: { type: "object" }, browserSettings: { context: { id: "0d2f4b6a", persist: true }, proxies: true, verified: false }, variables: { username: { value: "ops@example.com" } } } }, expect: { status: 201 }, mockOnly: true },
  { name: "createAgentRun: 400 body is Fastify's error shape", operationId: "createAgentRun", request: { body: newRun }, prefer: { code: 400, example: "emptyTask" }, expect: { status: 400 } },
  { name: "createAgentRun: 422 for an agent that does not exist", operationId: "createAgentRun", request: { body: { ...newRun, agentId: AGENT } }, prefer: { code: 422, example: "unknownAgent" }, expect: { status: 422 } },
  ...commonErrors("createAgentRun", { body: newRun }),
  { name: "createAgentRun: an empty task is rejected", operationId: "createAgentRun", request: { body: { task: "" } }, expect: { status: 422, violation: "property task must NOT have fewer than 1 characters" }, mockOnly: true },
  { name: "createAgentRun: a missing task is rejected", operationId: "createAgentRun", request: { body: { agentId: AGENT } }, expect: { status: 422, violation: "must have required property 'task'" }, mockOnly: true },
  { name: "createAgentRun: an unknown property in the closed body is rejected", operationId: "createAgentRun", request: { body: { ...newRun, maxSteps: 10 } }, expect: { status: 422, violation: "must NOT have additional properties; found 'maxSteps'" }, mockOnly: true },
  { name: "createAgentRun: an unknown property in the closed browserSettings is rejected", operationId: "createAgentRun", request: { body: { ...newRun, browserSettings: { proxy: true } } }, expect: { status: 422, violation: "property browserSettings must NOT have additional properties; found 'proxy'" }, mockOnly: true },
  { name: "createAgentRun: a variable without a value is rejected", operationId: "createAgentRun", request: { body: { ...newRun, variables: { username: {} } } }, expect: { status: 422, violation: "variables.username must have required property 'value'" }, mockOnly: true },

  // listAgentRuns
  { name: "listAgentRuns: 200 with a first page and a nextCursor", operationId: "listAgentRuns", request: { query: { limit: 2 } }, expect: { status: 200 } },
  { name: "listAgentRuns: 200 with the last page, nextCursor null", operationId: "listAgentRuns", request: { query: { status: "FAILED", limit: 2 } }, prefer: { example: "lastPage" }, expect: { status: 200 } },
  { name: "listAgentRuns: 200 with no runs matching the filters", operationId: "listAgentRuns", request: { query: { status: "TIMED_OUT", agentId: AGENT, startAt: "2026-11-01T00:00:00Z", endAt: "2026-11-02T00:00:00Z" } }, prefer: { example: "empty" }, expect: { status: 200 } },
  { name: "listAgentRuns: 400 body is Fastify's error shape", operationId: "listAgentRuns", prefer: { code: 400, example: "lowercaseStatus" }, expect: { status: 400 } },
  { name: "listAgentRuns: 422 body is Fastify's error shape", operationId: "listAgentRuns", prefer: { code: 422, example: "invalidCursor" }, expect: { status: 422 } },
  ...commonErrors("listAgentRuns", {}),
  { name: "listAgentRuns: a lowercase status filter (running) is rejected", operationId: "listAgentRuns", request: { query: { status: "running" } }, expect: { status: 422, violation: "parameter status must be equal to one of the allowed values" }, mockOnly: true },
  { name: "listAgentRuns: an unknown status filter is rejected", operationId: "listAgentRuns", request: { query: { status: "CANCELLED" } }, expect: { status: 422, violation: "parameter status must be equal to one of the allowed values" }, mockOnly: true },
  { name: "listAgentRuns: limit 0 is rejected", operationId: "listAgentRuns", request: { query: { limit: 0 } }, expect: { status: 422, violation: "parameter limit must be >= 1" }, mockOnly: true },
  { name: "listAgentRuns: limit 1001 is rejected", operationId: "listAgentRuns", request: { query: { limit: 1001 } }, expect: { status: 422, violation: "parameter limit must be <= 1000" }, mockOnly: true },
  { name: "listAgentRuns: an endAt that is not a date-time is rejected", operationId: "listAgentRuns", request: { query: { endAt: "2026-13-45" } }, expect: { status: 422, violation: "endAt must match format" }, mockOnly: true },

  // getAgentRun
  { name: "getAgentRun: 200 for a pending run", operationId: "getAgentRun", request: { path: runPath }, prefer: { example: "pending" }, expect: { status: 200 } },
  { name: "getAgentRun: 200 for a running run", operationId: "getAgentRun", request: { path: runPath }, prefer: { example: "running" }, expect: { status: 200 } },
  { name: "getAgentRun: 200 for a completed run with a result", operationId: "getAgentRun", request: { path: runPath }, prefer: { example: "completed" }, expect: { status: 200 } },
  { name: "getAgentRun: 200 for a failed run with a cause", operationId: "getAgentRun", request: { path: runPath }, prefer: { example: "failed" }, expect: { status: 200 } },
  { name: "getAgentRun: 200 for a timed-out run", operationId: "getAgentRun", request: { path: runPath }, prefer: { example: "timedOut" }, expect: { status: 200 } },
  { name: "getAgentRun: 200 for a stopped run", operationId: "getAgentRun", request: { path: runPath }, prefer: { example: "stopped" }, expect: { status: 200 } },
  { name: "getAgentRun: 404 for an unknown id", operationId: "getAgentRun", request: { path: runPath }, prefer: { code: 404, example: "runNotFound" }, expect: { status: 404 } },
  ...commonErrors("getAgentRun", { path: runPath }),
  { name: "getAgentRun: 401 without the X-BB-API-Key header", operationId: "getAgentRun", request: { path: runPath, withoutAuth: true }, expect: { status: 401 } },

  // listAgentRunMessages
  { name: "listAgentRunMessages: 200 with text and typed-part messages", operationId: "listAgentRunMessages", request: { path: runPath, query: { limit: 20 } }, prefer: { example: "page" }, expect: { status: 200 } },
  { name: "listAgentRunMessages: 200 with no new messages since the last poll", operationId: "listAgentRunMessages", request: { path: runPath, query: { since: "msg_01HZX8K4R6T8V0X2Z4B6D8F0H2", all: true } }, prefer: { example: "noNewMessages" }, expect: { status: 200 } },
  { name: "listAgentRunMessages: 400 body is Fastify's error shape", operationId: "listAgentRunMessages", request: { path: runPath }, prefer: { code: 400, example: "limitTooLarge" }, expect: { status: 400 } },
  { name: "listAgentRunMessages: 404 for an unknown run", operationId: "listAgentRunMessages", request: { path: runPath }, prefer: { code: 404, example: "runNotFound" }, expect: { status: 404 } },
  { name: "listAgentRunMessages: 422 for a since the service does not recognise", operationId: "listAgentRunMessages", request: { path: runPath, query: { since: "msg_unknown" } }, prefer: { code: 422, example: "invalidCursor" }, expect: { status: 422 } },
  ...commonErrors("listAgentRunMessages", { path: runPath }),
  { name: "listAgentRunMessages: limit 0 is rejected", operationId: "listAgentRunMessages", request: { path: runPath, query: { limit: 0 } }, expect: { status: 422, violation: "parameter limit must be >= 1" }, mockOnly: true },
  { name: "listAgentRunMessages: limit 101 is rejected", operationId: "listAgentRunMessages", request: { path: runPath, query: { limit: 101 } }, expect: { status: 422, violation: "parameter limit must be <= 100" }, mockOnly: true },
  { name: "listAgentRunMessages: a non-boolean all is rejected", operationId: "listAgentRunMessages", request: { path: runPath, query: { all: "yes" } }, expect: { status: 422, violation: "parameter all must be boolean" }, mockOnly: true },

  // stopAgentRun
  { name: "stopAgentRun: 202 with the run already stopped", operationId: "stopAgentRun", request: { path: runPath }, prefer: { example: "stopped" }, expect: { status: 202 }, mockOnly: true },
  { name: "stopAgentRun: 202 with the run still stopping", operationId: "stopAgentRun", request: { path: runPath }, prefer: { example: "stopping" }, expect: { status: 202 }, mockOnly: true },
  { name: "stopAgentRun: 404 for an unknown run", operationId: "stopAgentRun", request: { path: runPath }, prefer: { code: 404, example: "runNotFound" }, expect: { status: 404 } },
  { name: "stopAgentRun: 409 when the run already finished", operationId: "stopAgentRun", request: { path: runPath }, prefer: { code: 409, example: "runAlreadyFinished" }, expect: { status: 409 } },
  ...commonErrors("stopAgentRun", { path: runPath }),
];
