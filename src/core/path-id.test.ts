import { describe, expect, it } from "vitest";
import { BrowserAgentError, InvalidArgumentError } from "./errors.js";
import { createBrowserUseClient } from "../browser-use/client.js";
import { assertPathId } from "./path-id.js";
import { recordingFetch } from "./testing/fetch-stub.js";
import { respond } from "./testing/fault-server.js";
import { faultServers } from "./testing/on-the-wire.js";

describe("assertPathId", () => {
  it.each(["3f2c9a8e-1b7d-4c6e-9f0a-5d4b3c2a1e0f", "a/b", "...", ".hidden", "id with spaces"])("returns %j unchanged (encoding is openapi-fetch's job)", (id) => {
    expect(assertPathId("browser-use", "GET /sessions/{session_id}", "sessionId", id)).toBe(id);
  });

  it.each([[""], ["   "], ["."], [".."], [undefined], [null], [42]])("throws InvalidArgumentError for %j before any request", (id) => {
    const call = () => assertPathId("browser-use", "GET /sessions/{session_id}", "sessionId", id);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(BrowserAgentError);
    expect(call).toThrow(/browser-use GET \/sessions\/\{session_id\}: sessionId must be a non-empty id/);
  });

  it("names the operation and the provider on the error", () => {
    try {
      assertPathId("browser-use", "DELETE /sessions/{session_id}", "sessionId", "..");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ provider: "browser-use", operation: "DELETE /sessions/{session_id}", status: undefined });
    }
  });
});

describe("path ids of every call", () => {
  const serve = faultServers();

  it("an id or a query value with a lone surrogate (a string cut through an emoji) rejects with InvalidArgumentError, not a URIError, and sends nothing", async () => {
    const server = await serve(() => respond(200, {}));
    const client = createBrowserUseClient({ apiKey: "bu_path_key", baseUrl: server.url, maxRetries: 0 });
    const cut = "session-\u{1F600}".slice(0, -1);
    await expect(client.sessions.get(cut)).rejects.toThrow(InvalidArgumentError);
    await expect(client.GET("/sessions/{session_id}", { params: { path: { session_id: cut } } })).rejects.toThrow(/session_id must be a non-empty id/);
    expect(server.requests).toHaveLength(0);
    // The same in a query value: typed, before any request.
    await expect(client.sessions.list({ filter_by: cut } as never)).rejects.toThrow(/query value holds a lone surrogate/);
    await expect(client.GET("/sessions", { params: { query: { filter_by: cut } as never } })).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
    // A whole emoji is a fine id: encoded, sent, answered.
    await expect(client.sessions.get("session-\u{1F600}")).resolves.toEqual({});
    expect(server.requests.map((r) => r.path)).toEqual(["/sessions/session-%F0%9F%98%80"]);
  });

  it("a raw call with a '..' path parameter rejects with InvalidArgumentError naming the operation, and sends nothing", async () => {
    const { fetch, requests } = recordingFetch(() => new Response("{}", { status: 200, headers: { "content-type": "application/json" } }));
    const client = createBrowserUseClient({ apiKey: "bu_path_key", fetch });
    const call = client.GET("/sessions/{session_id}", { params: { path: { session_id: ".." } } });
    await expect(call).rejects.toThrow(/browser-use GET \/sessions\/\{session_id\}: session_id must be a non-empty id/);
    await expect(client.sessions.stop("..")).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });
});
