/** Everruns contract cases: every operation x every documented status, plus requests the mock must reject. */
import type { ContractCase } from "../runner/types.js";

const SESSION = "session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b";
// The docs' own example ids have 31 hex digits, not the 32 they describe: both must be accepted.
const DOCS_SESSION = "session_01933b5a00007000800000000000001";
const AGENT = "agent_0194a2e9d0e17f2a8b3c4d5e6f708192";
const ORG = "org_0194a2e07b1c7d2e9f30a4b5c6d7e8f9";
const path = { session_id: SESSION };
const textMessage = { message: { role: "user", content: [{ type: "text", text: "Label the open tickets by urgency." }] } };
const agentPath = { agent_id: AGENT };
const newAgent = { name: "Contract check agent", system_prompt: "Answer in one short sentence." };

export const everrunsCases: readonly ContractCase[] = [
  // listAgents
  { name: "listAgents: 200 with the active agents", operationId: "listAgents", prefer: { example: "twoAgents" }, expect: { status: 200 } },
  { name: "listAgents: 200 with no active agent", operationId: "listAgents", prefer: { example: "empty" }, expect: { status: 200 } },
  { name: "listAgents: 400 for a malformed X-Org-Id", operationId: "listAgents", prefer: { code: 400, example: "invalidOrgId" }, expect: { status: 400 } },
  { name: "listAgents: 500 body is {error}", operationId: "listAgents", prefer: { code: 500 }, expect: { status: 500 } },
  { name: "listAgents: a malformed X-Org-Id is rejected with 400", operationId: "listAgents", request: { headers: { "X-Org-Id": "acme" } }, expect: { status: 400, violation: "x-org-id" }, mockOnly: true },

  // createAgent
  { name: "createAgent: 201 with the name and system prompt", operationId: "createAgent", request: { body: newAgent }, expect: { status: 201 } },
  { name: "createAgent: 400 for a body without a system prompt", operationId: "createAgent", request: { body: newAgent }, prefer: { code: 400, example: "invalidAgentBody" }, expect: { status: 400 } },
  { name: "createAgent: 500 body is {error}", operationId: "createAgent", request: { body: newAgent }, prefer: { code: 500 }, expect: { status: 500 } },
  { name: "createAgent: a body without system_prompt is rejected with 400", operationId: "createAgent", request: { body: { name: "No prompt" } }, expect: { status: 400, violation: "system_prompt" }, mockOnly: true },
  { name: "createAgent: camelCase systemPrompt is rejected with 400", operationId: "createAgent", request: { body: { name: "x", systemPrompt: "y" } }, expect: { status: 400, violation: "systemPrompt" }, mockOnly: true },

  // getAgent
  { name: "getAgent: 200 for an active agent", operationId: "getAgent", request: { path: agentPath }, prefer: { example: "active" }, expect: { status: 200 } },
  { name: "getAgent: 200 for an archived agent with only the required fields", operationId: "getAgent", request: { path: agentPath }, prefer: { example: "archived" }, expect: { status: 200 } },
  { name: "getAgent: 400 for an invalid agent id", operationId: "getAgent", request: { path: agentPath }, prefer: { code: 400, example: "invalidAgentId" }, expect: { status: 400 } },
  { name: "getAgent: 404 for an unknown id", operationId: "getAgent", request: { path: agentPath }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "getAgent: 500 body is {error}", operationId: "getAgent", request: { path: agentPath }, prefer: { code: 500 }, expect: { status: 500 } },
  { name: "getAgent: an id without the agent_ prefix is rejected with 400", operationId: "getAgent", request: { path: { agent_id: "0194a2e9d0e17f2a8b3c4d5e6f708192" } }, expect: { status: 400, violation: "agent_id" }, mockOnly: true },

  // updateAgent
  { name: "updateAgent: 200 with the new system prompt and tags", operationId: "updateAgent", request: { path: agentPath, body: { system_prompt: "Answer in one short sentence, in English.", tags: ["contract"] } }, prefer: { example: "updated" }, expect: { status: 200 } },
  { name: "updateAgent: 400 for an invalid body", operationId: "updateAgent", request: { path: agentPath, body: { name: "x" } }, prefer: { code: 400, example: "invalidBody" }, expect: { status: 400 } },
  { name: "updateAgent: 404 for an unknown id", operationId: "updateAgent", request: { path: agentPath, body: { name: "x" } }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "updateAgent: 500 body is {error}", operationId: "updateAgent", request: { path: agentPath, body: { name: "x" } }, prefer: { code: 500 }, expect: { status: 500 } },
  { name: "updateAgent: a field outside the agent's is rejected with 400", operationId: "updateAgent", request: { path: agentPath, body: { status: "archived" } }, expect: { status: 400, violation: "status" }, mockOnly: true },

  // deleteAgent (archives)
  { name: "deleteAgent: 204 with no body", operationId: "deleteAgent", request: { path: agentPath }, expect: { status: 204 }, mockOnly: true },
  { name: "deleteAgent: 400 for an invalid agent id", operationId: "deleteAgent", request: { path: agentPath }, prefer: { code: 400 }, expect: { status: 400 } },
  { name: "deleteAgent: 404 for an unknown id", operationId: "deleteAgent", request: { path: agentPath }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "deleteAgent: 500 body is {error}", operationId: "deleteAgent", request: { path: agentPath }, prefer: { code: 500 }, expect: { status: 500 } },

  // listSessions
  { name: "listSessions: 200 with a page of sessions", operationId: "listSessions", request: { query: { offset: 0, limit: 20 } }, prefer: { example: "onePage" }, expect: { status: 200 } },
  { name: "listSessions: 200 with an empty page for one agent", operationId: "listSessions", request: { query: { agent_id: AGENT, offset: 40 } }, prefer: { example: "empty" }, expect: { status: 200 } },
  { name: "listSessions: limit 1 and 100 are accepted (200)", operationId: "listSessions", request: { query: { limit: 100, offset: 0 } }, expect: { status: 200 } },
  { name: "listSessions: an X-Org-Id header is accepted (200)", operationId: "listSessions", request: { headers: { "X-Org-Id": ORG } }, expect: { status: 200 } },
  { name: "listSessions: 400 body is {error}", operationId: "listSessions", prefer: { code: 400, example: "invalidQuery" }, expect: { status: 400 } },
  { name: "listSessions: 500 body is {error}", operationId: "listSessions", prefer: { code: 500 }, expect: { status: 500 } },
  { name: "listSessions: limit 0 is rejected with 400", operationId: "listSessions", request: { query: { limit: 0 } }, expect: { status: 400, violation: "limit" }, mockOnly: true },
  { name: "listSessions: limit 101 is rejected with 400", operationId: "listSessions", request: { query: { limit: 101 } }, expect: { status: 400, violation: "limit" }, mockOnly: true },
  { name: "listSessions: a negative offset is rejected with 400", operationId: "listSessions", request: { query: { offset: -1 } }, expect: { status: 400, violation: "offset" }, mockOnly: true },
  { name: "listSessions: an agent_id without the agent_ prefix is rejected with 400", operationId: "listSessions", request: { query: { agent_id: "0194a2e9d0e17f2a8b3c4d5e6f708192" } }, expect: { status: 400, violation: "agent_id" }, mockOnly: true },
  { name: "listSessions: a malformed X-Org-Id is rejected with 400", operationId: "listSessions", request: { headers: { "X-Org-Id": "acme" } }, expect: { status: 400, violation: "x-org-id" }, mockOnly: true },

  // createSession
  { name: "createSession: 201 with only agent_id", operationId: "createSession", request: { body: { agent_id: AGENT } }, expect: { status: 201 } },
  {
    name: "createSession: 201 with every field",
    operationId: "createSession",
    request: { body: { agent_id: AGENT, title: "Triage", tags: ["support"], model_id: "model_01933b5a00007000800000000000001", capabilities: [{ ref: "web_search", config: { max_results: 5 } }, { ref: "current_time", config: null }] } },
    prefer: { example: "started" },
    expect: { status: 201 },
  },
  { name: "createSession: 400 for an invalid agent id", operationId: "createSession", request: { body: { agent_id: AGENT } }, prefer: { code: 400, example: "invalidAgentId" }, expect: { status: 400 } },
  { name: "createSession: 500 body is {error}", operationId: "createSession", request: { body: { agent_id: AGENT } }, prefer: { code: 500 }, expect: { status: 500 } },
  { name: "createSession: a body without agent_id is rejected with 400", operationId: "createSession", request: { body: { title: "No agent" } }, expect: { status: 400, violation: "agent_id" }, mockOnly: true },
  { name: "createSession: camelCase agentId is rejected with 400", operationId: "createSession", request: { body: { agentId: AGENT } }, expect: { status: 400, violation: "agentId" }, mockOnly: true },
  { name: "createSession: an agent id with 33 hex digits is rejected with 400", operationId: "createSession", request: { body: { agent_id: `${AGENT}0` } }, expect: { status: 400, violation: "agent_id" }, mockOnly: true },

  // getSession
  { name: "getSession: 200 for a started session", operationId: "getSession", request: { path }, prefer: { example: "started" }, expect: { status: 200 } },
  { name: "getSession: 200 for an active session", operationId: "getSession", request: { path }, prefer: { example: "active" }, expect: { status: 200 } },
  { name: "getSession: 200 for an idle session with usage", operationId: "getSession", request: { path }, prefer: { example: "idle" }, expect: { status: 200 } },
  { name: "getSession: 200 for a session with only the required fields", operationId: "getSession", request: { path }, prefer: { example: "minimal" }, expect: { status: 200 } },
  { name: "getSession: the docs' 31-hex-digit example id is accepted (200)", operationId: "getSession", request: { path: { session_id: DOCS_SESSION } }, expect: { status: 200 }, mockOnly: true },
  { name: "getSession: 400 for an invalid session id", operationId: "getSession", request: { path }, prefer: { code: 400, example: "invalidSessionId" }, expect: { status: 400 } },
  { name: "getSession: 404 for an unknown id", operationId: "getSession", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "getSession: 500 body is {error}", operationId: "getSession", request: { path }, prefer: { code: 500 }, expect: { status: 500 } },
  { name: "getSession: an id without the session_ prefix is rejected with 400", operationId: "getSession", request: { path: { session_id: "0194a2f1c3d57e6f8a9b0c1d2e3f4a5b" } }, expect: { status: 400, violation: "session_id" }, mockOnly: true },

  // updateSession
  { name: "updateSession: 200 with the new title and tags", operationId: "updateSession", request: { path, body: { title: "Support triage, week 47", tags: ["support"] } }, prefer: { example: "retitled" }, expect: { status: 200 } },
  { name: "updateSession: a null title clears it (200)", operationId: "updateSession", request: { path, body: { title: null } }, expect: { status: 200 }, mockOnly: true },
  { name: "updateSession: 400 for an invalid body", operationId: "updateSession", request: { path, body: {} }, prefer: { code: 400, example: "invalidBody" }, expect: { status: 400 } },
  { name: "updateSession: 404 for an unknown id", operationId: "updateSession", request: { path, body: { title: "x" } }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "updateSession: 500 body is {error}", operationId: "updateSession", request: { path, body: { title: "x" } }, prefer: { code: 500 }, expect: { status: 500 } },
  { name: "updateSession: a field outside title and tags is rejected with 400", operationId: "updateSession", request: { path, body: { status: "idle" } }, expect: { status: 400, violation: "status" }, mockOnly: true },

  // deleteSession
  { name: "deleteSession: 204 with no body", operationId: "deleteSession", request: { path }, expect: { status: 204 }, mockOnly: true },
  { name: "deleteSession: 400 for an invalid session id", operationId: "deleteSession", request: { path }, prefer: { code: 400 }, expect: { status: 400 } },
  { name: "deleteSession: 404 for an unknown id", operationId: "deleteSession", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "deleteSession: 500 body is {error}", operationId: "deleteSession", request: { path }, prefer: { code: 500 }, expect: { status: 500 } },

  // cancelSession
  { name: "cancelSession: 200 cancelled when a turn was running", operationId: "cancelSession", request: { path }, prefer: { example: "cancelled" }, expect: { status: 200 }, mockOnly: true },
  { name: "cancelSession: 200 no_op when no turn was running", operationId: "cancelSession", request: { path }, prefer: { example: "noOp" }, expect: { status: 200 } },
  { name: "cancelSession: 400 for an invalid session id", operationId: "cancelSession", request: { path }, prefer: { code: 400 }, expect: { status: 400 } },
  { name: "cancelSession: 404 for an unknown id", operationId: "cancelSession", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "cancelSession: 500 body is {error}", operationId: "cancelSession", request: { path }, prefer: { code: 500 }, expect: { status: 500 } },

  // listSessionMessages
  { name: "listSessionMessages: 200 with a turn and a tool call", operationId: "listSessionMessages", request: { path }, prefer: { example: "turnWithToolCall" }, expect: { status: 200 } },
  { name: "listSessionMessages: 200 with no messages", operationId: "listSessionMessages", request: { path }, prefer: { example: "empty" }, expect: { status: 200 } },
  { name: "listSessionMessages: 400 for an invalid session id", operationId: "listSessionMessages", request: { path }, prefer: { code: 400 }, expect: { status: 400 } },
  { name: "listSessionMessages: 404 for an unknown session", operationId: "listSessionMessages", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "listSessionMessages: 500 body is {error}", operationId: "listSessionMessages", request: { path }, prefer: { code: 500 }, expect: { status: 500 } },

  // createSessionMessage
  { name: "createSessionMessage: 201 for a user text message", operationId: "createSessionMessage", request: { path, body: textMessage }, prefer: { example: "userText" }, expect: { status: 201 } },
  {
    name: "createSessionMessage: 201 for text with an image URL and an uploaded image",
    operationId: "createSessionMessage",
    request: {
      path,
      body: {
        message: {
          content: [
            { type: "text", text: "Which dashboard shows the payout failures?" },
            { type: "image", url: "https://files.example-corp.com/screens/dashboard-a.png", media_type: "image/png" },
            { type: "image_file", image_id: "image_0194a30f11227c3d8e4f5a6b7c8d9e0f", filename: "dashboard-b.png" },
          ],
        },
      },
    },
    prefer: { example: "userImages" },
    expect: { status: 201 },
    mockOnly: true,
  },
  {
    name: "createSessionMessage: a tool_result part answering a tool_call is accepted (201)",
    operationId: "createSessionMessage",
    request: { path, body: { message: { role: "tool_result", content: [{ type: "tool_result", tool_call_id: "call_7Qp2Xv9mK1", result: { count: 14 } }] } } },
    expect: { status: 201 },
    mockOnly: true,
  },
  { name: "createSessionMessage: 400 for an invalid body", operationId: "createSessionMessage", request: { path, body: textMessage }, prefer: { code: 400, example: "invalidBody" }, expect: { status: 400 } },
  { name: "createSessionMessage: 404 for an unknown session", operationId: "createSessionMessage", request: { path, body: textMessage }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "createSessionMessage: 500 body is {error}", operationId: "createSessionMessage", request: { path, body: textMessage }, prefer: { code: 500 }, expect: { status: 500 } },
  {
    name: "createSessionMessage: a content part with an unknown type is rejected with 400",
    operationId: "createSessionMessage",
    request: { path, body: { message: { content: [{ type: "audio", url: "https://files.example-corp.com/a.mp3" }] } } },
    expect: { status: 400, violation: "message.content.0.type" },
    mockOnly: true,
  },
  {
    name: "createSessionMessage: an image part with neither base64 nor url is rejected with 400",
    operationId: "createSessionMessage",
    request: { path, body: { message: { content: [{ type: "image", media_type: "image/png" }] } } },
    expect: { status: 400, violation: "message.content.0" },
    mockOnly: true,
  },
  { name: "createSessionMessage: a role outside the four documented is rejected with 400", operationId: "createSessionMessage", request: { path, body: { message: { role: "assistant", content: [{ type: "text", text: "x" }] } } }, expect: { status: 400, violation: "role" }, mockOnly: true },
  { name: "createSessionMessage: empty content is rejected with 400", operationId: "createSessionMessage", request: { path, body: { message: { content: [] } } }, expect: { status: 400, violation: "content" }, mockOnly: true },

  // listSessionEvents
  { name: "listSessionEvents: 200 with the start of a turn", operationId: "listSessionEvents", request: { path }, prefer: { example: "turnStart" }, expect: { status: 200 } },
  { name: "listSessionEvents: 200 with nothing after since_id, deltas excluded", operationId: "listSessionEvents", request: { path, query: { since_id: "event_0194a2f1c9e87e6f9a0b1c2d3e4f5a6b", exclude: "output.message.delta,reason.started" } }, prefer: { example: "empty" }, expect: { status: 200 } },
  { name: "listSessionEvents: 400 for an invalid session id", operationId: "listSessionEvents", request: { path }, prefer: { code: 400 }, expect: { status: 400 } },
  { name: "listSessionEvents: 404 for an unknown session", operationId: "listSessionEvents", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "listSessionEvents: 500 body is {error}", operationId: "listSessionEvents", request: { path }, prefer: { code: 500 }, expect: { status: 500 } },

  // streamSessionEvents: the mock serves the documented stream body at once; live it would stay open.
  { name: "streamSessionEvents: 200 text/event-stream with events and a heartbeat", operationId: "streamSessionEvents", request: { path }, prefer: { example: "turnStart" }, expect: { status: 200 } },
  { name: "streamSessionEvents: 200 text/event-stream with only heartbeats after since_id", operationId: "streamSessionEvents", request: { path, query: { since_id: "event_0194a2f1c9e87e6f9a0b1c2d3e4f5a6b" } }, prefer: { example: "heartbeatsOnly" }, expect: { status: 200 } },
  { name: "streamSessionEvents: 400 for an invalid session id", operationId: "streamSessionEvents", request: { path }, prefer: { code: 400 }, expect: { status: 400 } },
  { name: "streamSessionEvents: 404 for an unknown session", operationId: "streamSessionEvents", request: { path }, prefer: { code: 404 }, expect: { status: 404 } },
  { name: "streamSessionEvents: 500 body is {error}", operationId: "streamSessionEvents", request: { path }, prefer: { code: 500 }, expect: { status: 500 } },
];
