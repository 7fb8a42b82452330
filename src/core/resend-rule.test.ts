/**
 * The resend rule on real sockets: after a failure that may have reached the server (a timeout, a reset),
 * only idempotent operations are sent again; a stop or delete whose resend is answered with one of the
 * operation's `x-already-done-statuses` resolves as done. Facts from the generated operations modules.
 */
import { describe, expect, it } from "vitest";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createThinkRunClient } from "../thinkrun/client.js";
import { ConflictError, ConnectionError, InternalServerError, NotFoundError, TimeoutError } from "./errors.js";
import { respond, type FaultServer } from "./testing/fault-server.js";
import { faultServers, rejectionOf } from "./testing/on-the-wire.js";

const RUN_ID = "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50";
const AGENT_ID = "4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61";
/** Short enough for the timeout cases, long enough that a loaded machine answers a live request within it. */
const TIMEOUT_MS = 600;

const agent = { agentId: AGENT_ID, name: "price checker", createdAt: "2026-11-18T08:30:00Z", updatedAt: "2026-11-18T08:30:00Z" };
const run = (status: string) => ({ runId: RUN_ID, task: "Find the price", status, createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:01:00Z" });
const fastify = (statusCode: number, error: string, message: string) => respond(statusCode, { statusCode, error, message });

const serve = faultServers();

function browserbaseOn(server: FaultServer) {
  const lines: string[] = [];
  const client = createBrowserbaseClient({ apiKey: "bb_live_resend_rule_key", baseUrl: server.url, timeoutMs: TIMEOUT_MS, retryDelayScale: 0.01, debug: (line) => lines.push(line) });
  return { client, lines };
}

const calls = (server: FaultServer) => server.requests.map((r) => `${r.method} ${r.path}`);

describe("writes that are not idempotent", () => {
  it("agents.create whose answer comes after the per-attempt timeout reaches the server once", async () => {
    const server = await serve([{ kind: "neverRespond" }, respond(201, agent)]);
    const { client, lines } = browserbaseOn(server);
    const error = await rejectionOf(client.agents.create({ name: "price checker" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(calls(server)).toEqual(["POST /v1/agents"]);
    expect(lines).toContainEqual(expect.stringContaining("not re-sent, POST /v1/agents is not idempotent and may have reached the server"));
  });

  it("agents.create cut by a reset before the answer reaches the server once", async () => {
    const server = await serve([{ kind: "resetBeforeResponse" }, respond(201, agent)]);
    const error = await rejectionOf(browserbaseOn(server).client.agents.create({ name: "price checker" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it("agents.create answered 503 is surfaced, not sent again", async () => {
    const server = await serve([fastify(503, "Service Unavailable", "try later"), respond(201, agent)]);
    const error = await rejectionOf(browserbaseOn(server).client.agents.create({ name: "price checker" }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("idempotent operations", () => {
  it("agents.update (PATCH marked x-idempotent) is sent again after a timeout and returns the agent", async () => {
    const server = await serve([{ kind: "neverRespond" }, respond(200, agent)]);
    await expect(browserbaseOn(server).client.agents.update(AGENT_ID, { name: "price checker" })).resolves.toEqual(agent);
    expect(calls(server)).toEqual([`PATCH /v1/agents/${AGENT_ID}`, `PATCH /v1/agents/${AGENT_ID}`]);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
  });

  it("runs.stop that worked before its timeout resolves with the run read back when the resend is answered 409", async () => {
    const server = await serve([{ kind: "neverRespond" }, fastify(409, "Conflict", "Run already stopped"), respond(200, run("STOPPED"))]);
    const { client, lines } = browserbaseOn(server);
    await expect(client.runs.stop(RUN_ID)).resolves.toEqual(run("STOPPED"));
    expect(calls(server)).toEqual([`POST /v1/agents/runs/${RUN_ID}/stop`, `POST /v1/agents/runs/${RUN_ID}/stop`, `GET /v1/agents/runs/${RUN_ID}`]);
    expect(lines).toContainEqual(expect.stringMatching(/-> 409 attempt 2: already done by an earlier attempt that may have reached the server$/));
  });

  it("runs.stop answered 409 on its only attempt is a ConflictError: nothing was sent before", async () => {
    const server = await serve([fastify(409, "Conflict", "Run has already finished")]);
    const error = await rejectionOf(browserbaseOn(server).client.runs.stop(RUN_ID));
    expect(error).toBeInstanceOf(ConflictError);
    expect(server.requests).toHaveLength(1);
  });

  it("agents.delete cut by a reset resolves when the resend is answered 404", async () => {
    const server = await serve([{ kind: "resetBeforeResponse" }, fastify(404, "Not Found", "Agent not found")]);
    const { client, lines } = browserbaseOn(server);
    await expect(client.agents.delete(AGENT_ID)).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(lines.some((line) => line.includes("already done"))).toBe(true);
  });

  it("agents.delete answered 404 after a 503 is a NotFoundError: a 503 is an answer, not a possible delivery", async () => {
    const server = await serve([fastify(503, "Service Unavailable", "try later"), fastify(404, "Not Found", "Agent not found")]);
    const error = await rejectionOf(browserbaseOn(server).client.agents.delete(AGENT_ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(2);
  });

  it("the raw client keeps the resend's 404 as it came", async () => {
    const server = await serve([{ kind: "neverRespond" }, fastify(404, "Not Found", "Agent not found")]);
    const { client } = browserbaseOn(server);
    const result = await client.DELETE("/v1/agents/{agentId}", { params: { path: { agentId: AGENT_ID } } });
    expect(result.response.status).toBe(404);
    expect(result.error).toMatchObject({ message: "Agent not found" });
  });

  it("ThinkRun terminate that worked before a reset resolves as terminated when the resend is answered 410", async () => {
    const server = await serve([
      { kind: "resetBeforeResponse" },
      respond(410, { success: false, error: "Session is closed", code: "SESSION_CLOSED", hint: "Create a new session" }),
    ]);
    const client = createThinkRunClient({ apiKey: "tr_live_resend_rule_key", baseUrl: server.url, timeoutMs: TIMEOUT_MS, retryDelayScale: 0.01 });
    await expect(client.sessions.terminate("session-abc123")).resolves.toEqual({ success: true, message: "Session already terminated (HTTP 410 on the resend: Session is closed)" });
    expect(server.requests).toHaveLength(2);
  });
});
