/**
 * A call without middleware skips openapi-fetch's request building (client-request.ts): on a real socket it
 * must send the same request and read the same result as the same call through openapi-fetch, which a
 * registered middleware forces.
 */
import { describe, expect, it } from "vitest";
import { createBrowserUseClient } from "../browser-use/client.js";
import { respond, type FaultBehaviour, type RecordedRequest } from "./testing/fault-server.js";
import { faultServers } from "./testing/on-the-wire.js";

const SESSION_ID = "3f1c2a9e-8b7d-4e6f-9a10-5c2b7d8e9f01";
const session = { id: SESSION_ID, status: "idle", model: "bu-mini" };
const sessionJson = JSON.stringify(session);
const withLength = (status: number, body: string): FaultBehaviour => ({
  kind: "respond",
  status,
  headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
  body,
});

const serve = faultServers();

// What a call sent and got, without what differs between two connections.
function seen(request: RecordedRequest) {
  const { host, connection, ...headers } = request.headers;
  return { method: request.method, path: request.path, headers, body: request.body };
}

type Calls = ReturnType<typeof createBrowserUseClient>;
const calls: [string, FaultBehaviour, (client: Calls) => Promise<{ data?: unknown; error?: unknown; response: Response }>][] = [
  ["a GET with a path id, answered with a length", withLength(200, sessionJson), (c) => c.GET("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } } })],
  ["a GET with a query, answered in chunks", respond(200, { sessions: [session], total: 1, page: 2, pageSize: 5 }), (c) => c.GET("/sessions", { params: { query: { page: 2, page_size: 5 } } })],
  ["a POST with a JSON body", respond(201, session), (c) => c.POST("/sessions", { body: { task: "Find a mouse", maxCostUsd: "0.50" } })],
  ["a DELETE answered 204", respond(204), (c) => c.DELETE("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } } })],
  ["a 404 with a JSON error body", respond(404, { detail: "Session not found" }), (c) => c.GET("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } } })],
  ["a 400 with a text error body", { kind: "respond", status: 400, headers: { "content-type": "text/plain" }, body: "bad request" }, (c) => c.POST("/sessions", { body: {} })],
];

describe("a call without middleware", () => {
  it.each(calls)("sends and reads %s as openapi-fetch does", async (_name, behaviour, call) => {
    const server = await serve([behaviour]);
    const direct = createBrowserUseClient({ apiKey: "bu_client_request_key", baseUrl: `${server.url}/`, maxRetries: 0 });
    const viaOpenapiFetch = createBrowserUseClient({ apiKey: "bu_client_request_key", baseUrl: `${server.url}/`, maxRetries: 0 });
    viaOpenapiFetch.use({ onRequest: () => undefined });
    const [a, b] = [await call(direct), await call(viaOpenapiFetch)];
    expect(server.requests).toHaveLength(2);
    expect(seen(server.requests[0]!)).toEqual(seen(server.requests[1]!));
    expect({ data: a.data, error: a.error, status: a.response.status, url: a.response.url }).toEqual({ data: b.data, error: b.error, status: b.response.status, url: b.response.url });
  });

  it("that passes its own headers still sends them over the client's, case-insensitively", async () => {
    const server = await serve([withLength(200, sessionJson)]);
    const client = createBrowserUseClient({ apiKey: "bu_client_request_key", baseUrl: server.url, headers: { "X-Trace": "client" } });
    await client.sessions.get(SESSION_ID, { headers: { "x-trace": "call" } });
    expect(server.requests[0]!.headers["x-trace"]).toBe("call");
  });

  it("reads its error through a middleware registered while it was in flight, which sees a platform Request", async () => {
    const server = await serve([{ kind: "drip", status: 404, headers: { "content-type": "application/json" }, chunks: ['{"detail":', '"Session not found"}'], intervalMs: 30 }]);
    const client = createBrowserUseClient({ apiKey: "bu_client_request_key", baseUrl: server.url, maxRetries: 0 });
    const pending = client.GET("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } } });
    const seen: boolean[] = [];
    client.use({ onRequest: ({ request }) => void seen.push(request instanceof Request) });
    const { error, response } = await pending;
    expect([error, response.status]).toEqual([{ detail: "Session not found" }, 404]);
    expect(seen).toEqual([true]);
    expect(server.requests).toHaveLength(1);
  });

  it("whose body JSON cannot hold rejects instead of throwing, and sends nothing", async () => {
    const server = await serve([respond(201, session)]);
    const body: Record<string, unknown> = {};
    body.self = body;
    const sent = createBrowserUseClient({ apiKey: "bu_client_request_key", baseUrl: server.url }).POST("/sessions", { body });
    await expect(sent).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
  });
});
