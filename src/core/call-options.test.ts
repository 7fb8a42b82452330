/**
 * Per-call options and `withResponse()` on real sockets: a call's `headers`, `maxRetries`, `timeoutMs` and
 * `signal` apply to that call only, and a helper's promise also gives the raw response of a success.
 */
import { describe, expect, it } from "vitest";
import { createBrowserUseClient } from "../browser-use/client.js";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createEverrunsClient } from "../everruns/client.js";
import { createThinkRunClient } from "../thinkrun/client.js";
import { AbortError, InternalServerError, NotFoundError, TimeoutError } from "./errors.js";
import { respond, type FaultServer } from "./testing/fault-server.js";
import { faultServers, rejectionOf } from "./testing/on-the-wire.js";

const serve = faultServers();
const SESSION_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
const session = { id: SESSION_ID, status: "idle", model: "bu-mini", stepCount: 0, isTaskSuccessful: null, createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:00:00Z" };
const browserUseOn = (server: FaultServer, options: { maxRetries?: number; timeoutMs?: number } = {}) =>
  createBrowserUseClient({ apiKey: "bu_call_options_key", baseUrl: server.url, retryDelayScale: 0, headers: { "x-team": "alpha" }, ...options });

describe("per-call options", () => {
  it("merges a call's headers over the client's for that call only, the next call sends the client's again", async () => {
    const server = await serve(() => respond(200, session));
    const client = browserUseOn(server);
    await client.sessions.get(SESSION_ID, { headers: { "x-team": "beta", "x-trace": "t1", "X-Browser-Use-API-Key": "bu_other_key" } });
    await client.sessions.get(SESSION_ID);
    const [first, second] = server.requests;
    expect([first!.headers["x-team"], first!.headers["x-trace"], first!.headers["x-browser-use-api-key"]]).toEqual(["beta", "t1", "bu_other_key"]);
    expect([second!.headers["x-team"], second!.headers["x-trace"], second!.headers["x-browser-use-api-key"]]).toEqual(["alpha", undefined, "bu_call_options_key"]);
  });

  it("a call's maxRetries: 0 surfaces the first 503 although the client retries twice, and the next call retries again", async () => {
    const server = await serve((i) => (i < 1 ? respond(503, { detail: "busy" }) : i === 1 ? respond(503, { detail: "busy" }) : respond(200, session)));
    const client = browserUseOn(server, { maxRetries: 2 });
    expect(await rejectionOf(client.sessions.get(SESSION_ID, { maxRetries: 0 }))).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
    expect((await client.sessions.get(SESSION_ID)).id).toBe(SESSION_ID);
    expect(server.requests).toHaveLength(3);
  });

  it("a call's timeoutMs bounds that call on a server that never answers, below the client's 60 s", async () => {
    const server = await serve([{ kind: "neverRespond" }]);
    const client = browserUseOn(server, { maxRetries: 0 });
    expect(await rejectionOf(client.sessions.get(SESSION_ID, { timeoutMs: 200 }))).toBeInstanceOf(TimeoutError);
  });

  it("a call's signal aborts it with AbortError", async () => {
    const server = await serve([{ kind: "neverRespond" }]);
    const controller = new AbortController();
    const call = browserUseOn(server).sessions.get(SESSION_ID, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await rejectionOf(call)).toBeInstanceOf(AbortError);
  });

  it("every page request of an iterator carries the iterator's call options", async () => {
    const server = await serve((i) => respond(200, { sessions: [{ ...session, id: `s${i}` }], total: 2, page: i + 1, pageSize: 1 }));
    const ids: string[] = [];
    for await (const s of browserUseOn(server).sessions.listAll({ page_size: 1 }, { headers: { "x-trace": "walk" } })) ids.push(s.id);
    expect(ids).toEqual(["s0", "s1"]);
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["walk", "walk"]);
  });

  it("every poll of a wait carries the wait's headers", async () => {
    const server = await serve([respond(200, { ...session, status: "running" }), respond(200, { ...session, status: "stopped" })]);
    await browserUseOn(server).waitForSession(SESSION_ID, { intervalMs: 1, headers: { "x-trace": "wait" } });
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["wait", "wait"]);
  });
});

describe("withResponse", () => {
  it("gives the data, the response's status and headers, and the request id of a successful call", async () => {
    const server = await serve(() => respond(201, session, { "x-request-id": "req_123", "x-ratelimit-remaining": "9" }));
    const { data, response, requestId } = await browserUseOn(server).sessions.create({ task: "Find the price" }).withResponse();
    expect(data).toEqual(session);
    expect([response.status, response.headers.get("x-ratelimit-remaining"), requestId]).toEqual([201, "9", "req_123"]);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects with the typed error for a failed call, and the helper's own promise reports nothing unhandled", async () => {
    const server = await serve(() => respond(404, { detail: "Session not found" }));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      expect(await rejectionOf(browserUseOn(server).sessions.get(SESSION_ID).withResponse())).toBeInstanceOf(NotFoundError);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it("is on the helpers of every client, a delete included (data undefined)", async () => {
    const server = await serve(() => respond(204));
    const calls = [
      createBrowserbaseClient({ apiKey: "bb_key", baseUrl: server.url }).agents.delete("4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61").withResponse(),
      createThinkRunClient({ apiKey: "tr_key", baseUrl: server.url }).artifacts.delete("session-abc123", "notes").withResponse(),
      createEverrunsClient({ apiKey: "evr_key", baseUrl: server.url }).sessions.delete("session_0123456789abcdef0123456789abcdef").withResponse(),
      browserUseOn(server).sessions.delete(SESSION_ID).withResponse(),
    ];
    for (const { data, response } of await Promise.all(calls)) expect([data, response.status]).toEqual([undefined, 204]);
  });
});
