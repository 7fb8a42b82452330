/**
 * Response bodies on real sockets: an empty 2xx body where the spec documents one, malformed JSON whether
 * the server sends a length or chunks, and the raw client's Response as the server sent it (url, redirected).
 */
import { describe, expect, it } from "vitest";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { MalformedResponseError } from "./errors.js";
import { respond, type FaultServer } from "./testing/fault-server.js";
import { faultServers, rejectionOf } from "./testing/on-the-wire.js";

const RUN_ID = "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50";
const run = { runId: RUN_ID, task: "Find the price", status: "RUNNING", createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:01:00Z" };
const runJson = JSON.stringify(run);

const serve = faultServers();
const clientOn = (server: FaultServer) => createBrowserbaseClient({ apiKey: "bb_live_response_body_key", baseUrl: server.url, timeoutMs: 3_000, retryDelayScale: 0.01 });

describe("empty bodies", () => {
  it("runs.create answered 201 with an empty chunked body rejects with MalformedResponseError, sent once", async () => {
    const server = await serve([respond(201)]);
    const error = await rejectionOf(clientOn(server).runs.create({ task: "Find the price" }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe("browserbase POST /v1/agents/runs: HTTP 201 has an empty body where the spec documents one");
    expect(error).toMatchObject({ status: 201, operation: "POST /v1/agents/runs" });
    expect(server.requests).toHaveLength(1);
  });

  it("runs.create answered 201 with a JSON null rejects with MalformedResponseError, sent once: the spec documents a run", async () => {
    const server = await serve([{ kind: "respond", status: 201, headers: { "content-type": "application/json" }, body: "null" }]);
    const error = await rejectionOf(clientOn(server).runs.create({ task: "Find the price" }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe("browserbase POST /v1/agents/runs: HTTP 201 body is null where the spec documents one");
    expect(server.requests).toHaveLength(1);
  });

  it("agents.delete answered 200 with a JSON null resolves: the spec documents no body", async () => {
    const server = await serve([{ kind: "respond", status: 200, headers: { "content-type": "application/json" }, body: "null" }]);
    await expect(clientOn(server).agents.delete("4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61")).resolves.toBeNull();
  });

  it("runs.get answered 200 with Content-Length: 0 rejects with MalformedResponseError", async () => {
    const server = await serve([{ kind: "respond", status: 200, headers: { "content-type": "application/json", "content-length": "0" }, body: "" }]);
    await expect(clientOn(server).runs.get(RUN_ID)).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it("runs.get answered 204 rejects with MalformedResponseError: the spec documents a run", async () => {
    const server = await serve([respond(204)]);
    await expect(clientOn(server).runs.get(RUN_ID)).rejects.toThrow("HTTP 204 has an empty body where the spec documents one");
  });

  it("agents.delete answered 204 resolves: the spec documents no body", async () => {
    const server = await serve([respond(204)]);
    await expect(clientOn(server).agents.delete("4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61")).resolves.toBeUndefined();
  });
});

describe("malformed JSON", () => {
  it("a 200 with Content-Length and a cut JSON body is a MalformedResponseError", async () => {
    const body = runJson.slice(0, 40);
    const server = await serve([{ kind: "respond", status: 200, headers: { "content-type": "application/json", "content-length": String(body.length) }, body }]);
    const error = await rejectionOf(clientOn(server).runs.get(RUN_ID));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe(`browserbase GET /v1/agents/runs/{runId}: HTTP 200 body is not valid JSON`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("a 200 HTML page with Content-Length is a MalformedResponseError naming its content type", async () => {
    const body = "<html><title>Sign in</title></html>";
    const server = await serve([{ kind: "respond", status: 200, headers: { "content-type": "text/html", "content-length": String(body.length) }, body }]);
    await expect(clientOn(server).runs.get(RUN_ID)).rejects.toThrow("HTTP 200 body is not JSON (content-type text/html)");
  });

  it("parseAs text on the raw client returns a non-JSON body as text", async () => {
    const server = await serve([{ kind: "respond", status: 200, headers: { "content-type": "text/plain" }, body: "plain words" }]);
    const { data } = await clientOn(server).GET("/v1/agents/runs/{runId}", { params: { path: { runId: RUN_ID } }, parseAs: "text" });
    expect(data).toBe("plain words");
  });
});

describe("the raw client's Response", () => {
  it("keeps the server's url and status, and its headers", async () => {
    const server = await serve([respond(200, run, { "x-request-id": "req_1" })]);
    const { data, response } = await clientOn(server).GET("/v1/agents/runs/{runId}", { params: { path: { runId: RUN_ID } } });
    expect(data).toEqual(run);
    expect(response.url).toBe(`${server.url}/v1/agents/runs/${RUN_ID}`);
    expect(response.redirected).toBe(false);
    expect(response.headers.get("x-request-id")).toBe("req_1");
  });

  it("keeps redirected and the final url after a redirect", async () => {
    const server = await serve((index) => (index === 0 ? respond(307, undefined, { location: `/v1/agents/runs/moved` }) : respond(200, run)));
    const { data, response } = await clientOn(server).GET("/v1/agents/runs/{runId}", { params: { path: { runId: RUN_ID } } });
    expect(data).toEqual(run);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${server.url}/v1/agents/runs/moved`);
  });

  it("can be cloned and read again by a user middleware", async () => {
    const server = await serve([respond(200, run)]);
    const client = clientOn(server);
    const seen: unknown[] = [];
    client.use({ onResponse: async ({ response }) => void seen.push(await response.clone().json()) });
    await expect(client.runs.get(RUN_ID)).resolves.toEqual(run);
    expect(seen).toEqual([run]);
  });
});

describe("user middleware", () => {
  const agent = { agentId: "4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61", name: "a", createdAt: "2026-11-18T08:30:00Z", updatedAt: "2026-11-18T08:30:00Z" };

  it("sees a platform Request, and the call keeps its operation's facts: an idempotent PATCH is still resent after a timeout", async () => {
    const server = await serve([{ kind: "neverRespond" }, respond(200, agent)]);
    const client = createBrowserbaseClient({ apiKey: "bb_live_response_body_key", baseUrl: server.url, timeoutMs: 600, retryDelayScale: 0.01 });
    const seen: unknown[] = [];
    client.use({ onRequest: ({ request }) => void seen.push(request instanceof Request && request.method) });
    await expect(client.agents.update(agent.agentId, { name: "a" })).resolves.toEqual(agent);
    expect(seen).toEqual(["PATCH"]);
    expect(server.requests).toHaveLength(2);
  });

  it("passed with one call sees a platform Request whose body it can read", async () => {
    const server = await serve([respond(201, agent)]);
    const bodies: unknown[] = [];
    const middleware = { onRequest: async ({ request }: { request: Request }) => void bodies.push(await request.clone().json()) };
    const { data } = await clientOn(server).POST("/v1/agents", { body: { name: "a" }, middleware: [middleware] });
    expect(data).toEqual(agent);
    expect(bodies).toEqual([{ name: "a" }]);
  });

  it("that replaces the request still gets the server's Response, readable as parsed JSON or as a stream", async () => {
    const server = await serve([respond(200, agent)]);
    const client = clientOn(server);
    client.use({ onRequest: ({ request }) => new Request(request) });
    const parsed = await client.GET("/v1/agents/{agentId}", { params: { path: { agentId: agent.agentId } } });
    expect(parsed.data).toEqual(agent);
    expect(parsed.response.url).toBe(`${server.url}/v1/agents/${agent.agentId}`);
    const streamed = await client.GET("/v1/agents/{agentId}", { params: { path: { agentId: agent.agentId } }, parseAs: "stream" });
    expect(JSON.parse(await new Response(streamed.data as unknown as ReadableStream).text())).toEqual(agent);
  });
});
