/**
 * Paginators against servers that break pagination, on real sockets: a repeated cursor, a server that
 * ignores `offset` and leaves out `total`, and the page cap.
 */
import { describe, expect, it } from "vitest";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createThinkRunClient } from "../thinkrun/client.js";
import { respond, type FaultServer } from "./testing/fault-server.js";
import { faultServers } from "./testing/on-the-wire.js";

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
