/**
 * Paginators against servers that break pagination, on real sockets: a repeated cursor, a server that
 * ignores `offset` (or the page number, or `after`, or `since_id`) and leaves out `total`, and the page cap.
 */
import { describe, expect, it } from "vitest";
import { createBrowserUseClient } from "../browser-use/client.js";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createEverrunsClient } from "../everruns/client.js";
import { createThinkRunClient } from "../thinkrun/client.js";
import { MalformedResponseError } from "./errors.js";
import { respond, type FaultServer } from "./testing/fault-server.js";
import { faultServers, rejectionOf } from "./testing/on-the-wire.js";

const serve = faultServers();
const run = (runId: string) => ({ runId, task: "Find the price", status: "COMPLETED", createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:01:00Z" });
const action = (n: number) => ({ type: "navigate", timestamp: `2026-11-20T10:00:0${n}Z`, success: true, details: { url: `https://example.com/${n}` }, duration: 120 });
const cursorOf = (path: string) => new URL(path, "http://x").searchParams.get("cursor");
const offsetOf = (path: string) => Number(new URL(path, "http://x").searchParams.get("offset") ?? 0);

const browserbaseOn = (server: FaultServer) => createBrowserbaseClient({ apiKey: "bb_live_pages_key", baseUrl: server.url, maxRetries: 0 });
const thinkrunOn = (server: FaultServer) => createThinkRunClient({ apiKey: "tr_live_pages_key", baseUrl: server.url, maxRetries: 0 });

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("Browserbase cursor pages", () => {
  it("runs.listAll stops when nextCursor repeats the cursor it just followed", async () => {
    const server = await serve((_i, request) => respond(200, { data: [run(cursorOf(request.path) ?? "first")], limit: 1, nextCursor: "stuck" }));
    const ids = (await collect(browserbaseOn(server).runs.listAll())).map((r) => r.runId);
    expect(ids).toEqual(["first", "stuck"]);
    expect(server.requests.map((r) => cursorOf(r.path))).toEqual([null, "stuck"]);
  });

  it("runs.listAll stops when the cursors cycle back to one followed before", async () => {
    const next: Record<string, string> = { "": "a", a: "b", b: "a" };
    const server = await serve((_i, request) => {
      const cursor = cursorOf(request.path) ?? "";
      return respond(200, { data: [run(`after-${cursor || "start"}`)], limit: 1, nextCursor: next[cursor] });
    });
    const ids = (await collect(browserbaseOn(server).runs.listAll())).map((r) => r.runId);
    expect(ids).toEqual(["after-start", "after-a", "after-b"]);
    expect(server.requests).toHaveLength(3);
  });

  it("agents.listAll stops before a page identical to the previous one (a server that ignores the cursor)", async () => {
    let n = 0;
    const agent = { agentId: "4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61", name: "a", createdAt: "2026-11-18T08:30:00Z", updatedAt: "2026-11-18T08:30:00Z" };
    const server = await serve(() => respond(200, { data: [agent], limit: 1, nextCursor: `c${++n}` }));
    expect(await collect(browserbaseOn(server).agents.listAll())).toEqual([agent]);
    expect(server.requests).toHaveLength(2);
  });

  it("runs.listAll loads no more than maxPages pages", async () => {
    const server = await serve((i) => respond(200, { data: [run(`r${i}`)], limit: 1, nextCursor: `c${i + 1}` }));
    const ids = (await collect(browserbaseOn(server).runs.listAll({}, { maxPages: 3 }))).map((r) => r.runId);
    expect(ids).toEqual(["r0", "r1", "r2"]);
    expect(server.requests).toHaveLength(3);
  });
});

describe("ThinkRun offset pages", () => {
  it("listAllActions of a 2-action log from a server that ignores offset and omits total yields 2 actions in 2 requests", async () => {
    const server = await serve(() => respond(200, { actions: [action(1), action(2)] }));
    expect(await collect(thinkrunOn(server).sessions.listAllActions("session-abc123", { limit: 2 }))).toEqual([action(1), action(2)]);
    expect(server.requests.map((r) => offsetOf(r.path))).toEqual([0, 2]);
  });

  it("sessions.listAll loads no more than maxPages pages of a long list", async () => {
    const summary = (n: number) => ({ sessionId: `s${n}`, status: "running", createdAt: "2025-01-15T10:30:00Z", navigationCount: 1 });
    const server = await serve((_i, request) => respond(200, { sessions: [summary(offsetOf(request.path))], total: 1_000, hasMore: true }));
    const ids = (await collect(thinkrunOn(server).sessions.listAll({ limit: 1 }, { maxPages: 2 }))).map((s) => s.sessionId);
    expect(ids).toEqual(["s0", "s1"]);
    expect(server.requests).toHaveLength(2);
  });
});

const SESSION = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
const buSession = (id: string) => ({ id, status: "idle", model: "bu-mini", stepCount: 0, isTaskSuccessful: null, createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:00:00Z" });
const buMessage = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, sessionId: SESSION, role: "ai", type: "text", data: `m${n}`, createdAt: "2026-11-20T10:00:00Z" });
const evSession = (n: number) => ({ id: `session_${n}`, agent_id: "agent_1", status: "idle", created_at: "2026-11-20T10:00:00Z" });
const event = (n: number) => ({ id: `evt_${n}`, type: "output.message.completed", sequence: n, ts: "2026-11-20T10:00:00Z", session_id: "session_1", data: {} });
const param = (path: string, name: string) => new URL(path, "http://x").searchParams.get(name);
const browserUseOn = (server: FaultServer) => createBrowserUseClient({ apiKey: "bu_pages_key", baseUrl: server.url, maxRetries: 0 });
const everrunsOn = (server: FaultServer) => createEverrunsClient({ apiKey: "evr_pages_key", baseUrl: server.url, maxRetries: 0 });

describe("Browser Use and Everruns pages", () => {
  it("Browser Use sessions.listAll follows page numbers until total and stops before a page that repeats (a server that ignores page)", async () => {
    const honest = await serve((_i, request) => respond(200, { sessions: [buSession(`p${param(request.path, "page")}`)], total: 3, page: 1, pageSize: 1 }));
    expect((await collect(browserUseOn(honest).sessions.listAll({ page_size: 1 }))).map((s) => s.id)).toEqual(["p1", "p2", "p3"]);
    const stuck = await serve(() => respond(200, { sessions: [buSession("same")], total: 1_000, page: 1, pageSize: 1 }));
    expect((await collect(browserUseOn(stuck).sessions.listAll({ page_size: 1 }))).map((s) => s.id)).toEqual(["same"]);
    expect(stuck.requests.map((r) => param(r.path, "page"))).toEqual(["1", "2"]);
  });

  it("Browser Use sessions.listAllMessages follows after = the last id and stops when a server ignores after", async () => {
    const honest = await serve((_i, request) => {
      const after = param(request.path, "after");
      return respond(200, after === null ? { messages: [buMessage(1), buMessage(2)], hasMore: true } : { messages: [buMessage(3)], hasMore: false });
    });
    expect((await collect(browserUseOn(honest).sessions.listAllMessages(SESSION))).map((m) => m.data)).toEqual(["m1", "m2", "m3"]);
    expect(honest.requests.map((r) => param(r.path, "after"))).toEqual([null, buMessage(2).id]);
    const stuck = await serve(() => respond(200, { messages: [buMessage(1)], hasMore: true }));
    expect((await collect(browserUseOn(stuck).sessions.listAllMessages(SESSION))).map((m) => m.data)).toEqual(["m1"]);
    expect(stuck.requests).toHaveLength(2);
  });

  it("Everruns sessions.listAll follows offsets until total and stops before a repeated page (a server that ignores offset)", async () => {
    const honest = await serve((_i, request) => respond(200, { data: [evSession(offsetOf(request.path))], total: 2, offset: 0, limit: 1 }));
    expect((await collect(everrunsOn(honest).sessions.listAll({ limit: 1 }))).map((s) => s.id)).toEqual(["session_0", "session_1"]);
    const stuck = await serve(() => respond(200, { data: [evSession(0)], total: 1_000, offset: 0, limit: 1 }));
    expect((await collect(everrunsOn(stuck).sessions.listAll({ limit: 1 }))).map((s) => s.id)).toEqual(["session_0"]);
    expect(stuck.requests.map((r) => offsetOf(r.path))).toEqual([0, 1]);
  });

  it("Everruns events.listAll asks again with since_id = the last id until an empty page, and stops when a server ignores since_id", async () => {
    const honest = await serve((_i, request) => {
      const since = param(request.path, "since_id");
      return respond(200, { data: since === null ? [event(1), event(2)] : since === "evt_2" ? [event(3)] : [] });
    });
    expect((await collect(everrunsOn(honest).events.listAll("session_1"))).map((e) => e.id)).toEqual(["evt_1", "evt_2", "evt_3"]);
    expect(honest.requests.map((r) => param(r.path, "since_id"))).toEqual([null, "evt_2", "evt_3"]);
    const stuck = await serve(() => respond(200, { data: [event(1), event(2)] }));
    expect((await collect(everrunsOn(stuck).events.listAll("session_1"))).map((e) => e.id)).toEqual(["evt_1", "evt_2"]);
    expect(stuck.requests).toHaveLength(2);
  });

  it("Everruns messages.listAll and agents.listAll read their unpaginated list once", async () => {
    const server = await serve((_i, request) => respond(200, { data: request.path.startsWith("/v1/agents") ? [{ id: "agent_1" }] : [{ id: "message_1" }] }));
    const client = everrunsOn(server);
    expect((await collect(client.messages.listAll("session_1"))).map((m) => m.id)).toEqual(["message_1"]);
    expect((await collect(client.agents.listAll())).map((a) => a.id)).toEqual(["agent_1"]);
    expect(server.requests).toHaveLength(2);
  });

  it("every new iterator ends with AbortError when its signal is aborted, before any request", async () => {
    const server = await serve(() => respond(200, { data: [] }));
    const signal = AbortSignal.abort();
    const walks: AsyncIterable<unknown>[] = [
      browserUseOn(server).sessions.listAll({}, { signal }),
      browserUseOn(server).sessions.listAllMessages(SESSION, {}, { signal }),
      everrunsOn(server).sessions.listAll({}, { signal }),
      everrunsOn(server).events.listAll("session_1", {}, { signal }),
      everrunsOn(server).messages.listAll("session_1", { signal }),
      everrunsOn(server).agents.listAll({ signal }),
    ];
    for (const walk of walks) await expect(collect(walk)).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("pages whose list is not a list", () => {
  // The list field renamed (`items` for `sessions` / `data` / `actions` / `messages`), as a changed API would send it.
  const renamed = { items: [buSession("s1")], total: 5, page: 1, pageSize: 1, hasMore: true, nextCursor: "c2" };

  it("every listAll… rejects with MalformedResponseError naming the walk when a page's list is missing, instead of a TypeError or an empty, complete-looking list", async () => {
    const server = await serve(() => respond(200, renamed));
    const walks: [string, AsyncIterable<unknown>][] = [
      ["sessions.listAll", browserUseOn(server).sessions.listAll()],
      ["sessions.listAllMessages", browserUseOn(server).sessions.listAllMessages(SESSION)],
      ["runs.listAll", browserbaseOn(server).runs.listAll()],
      ["agents.listAll", browserbaseOn(server).agents.listAll()],
      ["sessions.listAll", thinkrunOn(server).sessions.listAll()],
      ["sessions.listAllActions", thinkrunOn(server).sessions.listAllActions("session-abc123")],
      ["sessions.listAll", everrunsOn(server).sessions.listAll()],
      ["events.listAll", everrunsOn(server).events.listAll("session_1")],
      ["messages.listAll", everrunsOn(server).messages.listAll("session_1")],
      ["agents.listAll", everrunsOn(server).agents.listAll()],
    ];
    for (const [operation, walk] of walks) {
      const error = await rejectionOf(collect(walk));
      expect(error, operation).toBeInstanceOf(MalformedResponseError);
      expect(error.operation).toBe(operation);
      expect(error.message).toContain("not an array (got undefined)");
    }
    // One page each: nothing is followed past a page that could not be read.
    expect(server.requests).toHaveLength(walks.length);
  });

  it("a page whose list is an object rejects with MalformedResponseError too", async () => {
    const server = await serve(() => respond(200, { data: { evt_1: {} }, messages: { m1: {} }, hasMore: true }));
    const walks: AsyncIterable<unknown>[] = [everrunsOn(server).events.listAll("session_1"), browserUseOn(server).sessions.listAllMessages(SESSION)];
    for (const walk of walks) {
      const error = await rejectionOf(collect(walk));
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect(error.message).toContain("not an array (got object)");
    }
  });
});
