import { inspect } from "node:util";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  AuthenticationError,
  GoneError,
  InsufficientCreditsError,
  InternalServerError,
  InvalidArgumentError,
  NotFoundError,
  PayloadTooLargeError,
} from "../core/errors.js";
import { jsonResponse, recordingFetch } from "../core/testing/fetch-stub.js";
import { createThinkRunClient } from "./client.js";
import type { ListSessionsQuery, ThinkRunClient } from "./client.js";
import type { KnownSessionStatus, Session, SessionSummary } from "./statuses.js";

const API_KEY = "tr_live_9f3c2a7e5b1d4c68a0e7";
const BASE_URL = "https://api.thinkrun.test";

type Handler = (request: Request) => Response | Promise<Response>;

const json = (status: number, body: unknown) => jsonResponse(body, { status });

function errorBody(code: string, error: string, hint: string) {
  return { success: false, error, code, hint };
}

function session(status: string, overrides: Partial<Session> = {}): Session {
  return { sessionId: "session-abc123", status, actionCount: 0, screenshotCount: 0, duration: 1200, ...overrides };
}

function summary(sessionId: string): SessionSummary {
  return { sessionId, status: "running", createdAt: "2025-01-15T10:30:00Z", navigationCount: 1 };
}

// A client whose fetch records every request and answers with `handler`; retries off unless asked.
function clientWith(handler: Handler, options: { maxRetries?: number } = {}): { client: ThinkRunClient; requests: Request[] } {
  const { fetch, requests } = recordingFetch(handler);
  const client = createThinkRunClient({ apiKey: API_KEY, baseUrl: BASE_URL, maxRetries: options.maxRetries ?? 0, fetch });
  return { client, requests };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createThinkRunClient", () => {
  it("sends the key in X-API-Key to the given base URL", async () => {
    const { client, requests } = clientWith(() => json(200, session("running")));
    await client.sessions.get("session-abc123");
    expect(requests[0]!.headers.get("x-api-key")).toBe(API_KEY);
    expect(requests[0]!.url).toBe(`${BASE_URL}/api/sessions/session-abc123`);
  });

  it("reads THINKRUN_API_KEY and THINKRUN_BASE_URL when no options are given", async () => {
    vi.stubEnv("THINKRUN_API_KEY", API_KEY);
    vi.stubEnv("THINKRUN_BASE_URL", "https://legacy.thinkbrowse.test");
    const { fetch, requests } = recordingFetch(() => json(200, session("ready")));
    const client = createThinkRunClient({ fetch });
    await client.sessions.get("session-abc123");
    expect(requests[0]!.headers.get("x-api-key")).toBe(API_KEY);
    expect(requests[0]!.url).toBe("https://legacy.thinkbrowse.test/api/sessions/session-abc123");
  });

  it("fails at construction without a key, naming the env var and the option", () => {
    vi.stubEnv("THINKRUN_API_KEY", "");
    const build = () => createThinkRunClient({ fetch: async () => json(200, {}) });
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(/THINKRUN_API_KEY/);
    expect(build).toThrow(/`apiKey`/);
  });
});

describe("typed errors", () => {
  it("getSession: 404 carries the provider's code, hint and message", async () => {
    const { client } = clientWith(() => json(404, errorBody("SESSION_NOT_FOUND", "Session not found", "Check the session id.")));
    const error = await client.sessions.get("session-missing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      providerCode: "SESSION_NOT_FOUND",
      hint: "Check the session id.",
      providerMessage: "Session not found",
      operation: "GET /api/sessions/{sessionId}",
      provider: "thinkrun",
    });
    expect((error as Error).message).toContain("[SESSION_NOT_FOUND]");
  });

  it("getSessionArtifact: 410 for a closed session is a GoneError with code SESSION_CLOSED", async () => {
    const { client } = clientWith(() => json(410, errorBody("SESSION_CLOSED", "Session is closed", "Create a new session.")));
    await expect(client.artifacts.get("session-abc123", "notes")).rejects.toMatchObject({ name: "GoneError", providerCode: "SESSION_CLOSED" });
    await expect(client.artifacts.get("session-abc123", "notes")).rejects.toBeInstanceOf(GoneError);
  });

  it("createSessionArtifact: 413 is a PayloadTooLargeError with code PAYLOAD_TOO_LARGE", async () => {
    const { client } = clientWith(() => json(413, errorBody("PAYLOAD_TOO_LARGE", "Artifact content exceeds 500 KB", "Split the content.")));
    const error = await client.artifacts.create("session-abc123", { name: "big", content: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ providerCode: "PAYLOAD_TOO_LARGE", hint: "Split the content." });
  });

  it("createSession: 402 is an InsufficientCreditsError", async () => {
    const { client } = clientWith(() => json(402, errorBody("INSUFFICIENT_CREDITS", "Insufficient credits", "Top up.")));
    await expect(client.sessions.create()).rejects.toBeInstanceOf(InsufficientCreditsError);
  });

  it("createSession: a 503 is not re-sent, the create is billable", async () => {
    const { client, requests } = clientWith(() => json(503, errorBody("BROWSER_POOL_UNAVAILABLE", "Browser pool unavailable", "Retry later.")), { maxRetries: 2 });
    await expect(client.sessions.create()).rejects.toMatchObject({ name: "InternalServerError", providerCode: "BROWSER_POOL_UNAVAILABLE" });
    await expect(client.sessions.create()).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(2);
  });

  it("never shows the key in the message, the JSON or the inspected error, even when the body echoes it", async () => {
    const { client } = clientWith(() => json(401, errorBody("INVALID_API_KEY", `Invalid API key ${API_KEY}`, `Key ${API_KEY} was revoked.`)));
    const error = await client.sessions.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).providerCode).toBe("INVALID_API_KEY");
    expect((error as Error).message).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(inspect(error)).not.toContain(API_KEY);
    expect(JSON.stringify((error as AuthenticationError).body)).not.toContain(API_KEY);
    expect((error as AuthenticationError).hint).toBe("Key [REDACTED] was revoked.");
  });
});

describe("id guard", () => {
  it.each(["", " ", ".", ".."])("getSession: rejects the session id %j before any request", async (id) => {
    const { client, requests } = clientWith(() => json(200, session("running")));
    await expect(client.sessions.get(id)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });

  it("every session-scoped helper guards its id", async () => {
    const { client, requests } = clientWith(() => json(200, {}));
    const calls = [
      () => client.sessions.terminate(".."),
      () => client.sessions.actions(".."),
      () => client.sessions.artifacts(".."),
      () => client.sessions.health(".."),
      () => client.sessions.console(".."),
      () => client.sessions.network(".."),
      () => client.artifacts.create("..", { name: "notes", content: "x" }),
      () => client.artifacts.get("..", "notes"),
      () => client.artifacts.delete("..", "notes"),
      () => client.waitForSessionReady(".."),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });

  it.each(["", ".", ".."])("getSessionArtifact: rejects the artifact name %j before any request", async (name) => {
    const { client, requests } = clientWith(() => json(200, {}));
    await expect(client.artifacts.get("session-abc123", name)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });

  it("rejects an artifact name containing a colon on create, get and delete before any request", async () => {
    const { client, requests } = clientWith(() => json(200, {}));
    await expect(client.artifacts.create("session-abc123", { name: "run:1", content: "x" })).rejects.toThrow(/must not contain ":"/);
    await expect(client.artifacts.get("session-abc123", "run:1")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.artifacts.delete("session-abc123", "run:1")).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });

  it("listAllActions: a bad id throws at the call, before iterating", () => {
    const { client } = clientWith(() => json(200, {}));
    expect(() => client.sessions.listAllActions("..")).toThrow(InvalidArgumentError);
  });

  it("percent-encodes an artifact name with a slash and a space as one path segment", async () => {
    const { client, requests } = clientWith(() => new Response(null, { status: 204 }));
    await expect(client.artifacts.delete("session-abc123", "notes/v1 draft")).resolves.toBeUndefined();
    expect(new URL(requests[0]!.url).pathname).toBe("/api/sessions/session-abc123/artifacts/notes%2Fv1%20draft");
    expect(requests[0]!.method).toBe("DELETE");
  });
});

describe("helpers", () => {
  it("createSession: sends the body and returns the creating session", async () => {
    const created = { sessionId: "session-abc123", status: "creating", machineId: "e784079b449d48" };
    const { client, requests } = clientWith(() => json(201, created));
    const body = { initialPrompt: "https://example.com", options: { browser: "chromium", viewport: { width: 1280, height: 720 } } };
    await expect(client.sessions.create(body)).resolves.toEqual(created);
    expect(requests[0]!.method).toBe("POST");
    expect(await requests[0]!.json()).toEqual(body);
  });

  it("terminateSession: returns the {success, message} body", async () => {
    const { client, requests } = clientWith(() => json(200, { success: true, message: "Session terminated" }));
    await expect(client.sessions.terminate("session-abc123")).resolves.toEqual({ success: true, message: "Session terminated" });
    expect(requests[0]!.method).toBe("DELETE");
  });

  it("createSessionArtifact: posts the named artifact", async () => {
    const stored = { name: "notes", content: "hello", contentType: "text/plain", createdAt: "2025-01-15T10:31:00Z" };
    const { client, requests } = clientWith(() => json(201, stored));
    await expect(client.artifacts.create("session-abc123", { name: "notes", content: "hello" })).resolves.toEqual(stored);
    expect(new URL(requests[0]!.url).pathname).toBe("/api/sessions/session-abc123/artifacts");
    expect(await requests[0]!.json()).toEqual({ name: "notes", content: "hello" });
  });

  it("listAll: sends includeTerminated, offset and limit, and follows the pages until hasMore is false", async () => {
    const pages = [
      { sessions: [summary("s1"), summary("s2")], total: 3, hasMore: true },
      { sessions: [summary("s3")], total: 3, hasMore: false },
    ];
    let served = 0;
    const { client, requests } = clientWith(() => json(200, pages[served++]));
    const ids: string[] = [];
    for await (const s of client.sessions.listAll({ includeTerminated: true, limit: 2 })) ids.push(s.sessionId);
    expect(ids).toEqual(["s1", "s2", "s3"]);
    const queries = requests.map((r) => Object.fromEntries(new URL(r.url).searchParams));
    expect(queries).toEqual([
      { includeTerminated: "true", offset: "0", limit: "2" },
      { includeTerminated: "true", offset: "2", limit: "2" },
    ]);
  });

  it("listAll: asks for 100 sessions per page by default and stops on an empty page", async () => {
    const { client, requests } = clientWith(() => json(200, { sessions: [], total: 7, hasMore: true }));
    const seen: SessionSummary[] = [];
    for await (const s of client.sessions.listAll()) seen.push(s);
    expect(seen).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]!.url).searchParams.get("limit")).toBe("100");
  });

  it("listAllActions: pages through the action log until total is reached", async () => {
    const action = (n: number) => ({ type: "navigate", timestamp: "2025-01-15T10:30:05Z", success: true, details: { url: `https://example.com/${n}` }, duration: 1200 });
    const { client, requests } = clientWith((request) => {
      const offset = Number(new URL(request.url).searchParams.get("offset"));
      return json(200, { actions: offset === 0 ? [action(0), action(1)] : [action(2)], total: 3 });
    });
    const urls: unknown[] = [];
    for await (const a of client.sessions.listAllActions("session-abc123", { limit: 2 })) urls.push(a.details["url"]);
    expect(urls).toEqual(["https://example.com/0", "https://example.com/1", "https://example.com/2"]);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/api/sessions/session-abc123/actions", "/api/sessions/session-abc123/actions"]);
  });

  it("listAll: an aborted signal stops the iteration with an AbortError before any request", async () => {
    const { client, requests } = clientWith(() => json(200, { sessions: [summary("s1")], total: 1, hasMore: false }));
    const run = async () => {
      for await (const _ of client.sessions.listAll({}, { signal: AbortSignal.abort() })) void _;
    };
    await expect(run()).rejects.toMatchObject({ name: "AbortError" });
    expect(requests).toHaveLength(0);
  });
});

describe("waitForSessionReady", () => {
  it("polls through creating and provisioning and returns the ready session", async () => {
    const statuses = ["creating", "provisioning", "ready"];
    const { client, requests } = clientWith(() => json(200, session(statuses[Math.min(requests.length - 1, 2)]!)));
    const seen: string[] = [];
    const ready = await client.waitForSessionReady("session-abc123", { intervalMs: 1, onProgress: (s) => seen.push(s.status) });
    expect(ready.status).toBe("ready");
    expect(seen).toEqual(["creating", "provisioning", "ready"]);
  });

  it("until replaces the ready rule: the wait goes on through ready to the state it accepts", async () => {
    const statuses = ["creating", "ready", "running"];
    const { client, requests } = clientWith(() => json(200, session(statuses[Math.min(requests.length - 1, 2)]!)));
    const running = await client.waitForSessionReady("session-abc123", { intervalMs: 1, until: (s) => s.status === "running" });
    expect(running.status).toBe("running");
    expect(requests).toHaveLength(3);
  });

  it("returns a running session at once", async () => {
    const { client, requests } = clientWith(() => json(200, session("running")));
    await expect(client.waitForSessionReady("session-abc123", { intervalMs: 1 })).resolves.toMatchObject({ status: "running" });
    expect(requests).toHaveLength(1);
  });

  it.each(["completed", "failed", "cancelled"])("returns a %s session instead of throwing, for the caller to inspect", async (status) => {
    const { client } = clientWith(() => json(200, session(status)));
    await expect(client.waitForSessionReady("session-abc123", { intervalMs: 1 })).resolves.toMatchObject({ status });
  });

  it("keeps polling through a status the docs do not list", async () => {
    const { client, requests } = clientWith(() => json(200, session(requests.length === 1 ? "warming_up" : "ready")));
    await expect(client.waitForSessionReady("session-abc123", { intervalMs: 1 })).resolves.toMatchObject({ status: "ready" });
    expect(requests).toHaveLength(2);
  });

  it("throws PollTimeoutError with the last session when the deadline passes", async () => {
    const { client } = clientWith(() => json(200, session("provisioning")));
    await expect(client.waitForSessionReady("session-abc123", { intervalMs: 1, timeoutMs: 5 })).rejects.toMatchObject({
      name: "PollTimeoutError",
      lastState: { status: "provisioning" },
    });
  });
});

describe("types", () => {
  it("derives helper types from the generated schema", () => {
    const { client } = clientWith(() => json(200, {}));
    expectTypeOf(client.sessions.get).returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf(client.sessions.listAll).returns.toEqualTypeOf<AsyncGenerator<SessionSummary, void, undefined>>();
    expectTypeOf(client.sessions.terminate).returns.resolves.toEqualTypeOf<{ success: boolean; message: string }>();
    expectTypeOf<ListSessionsQuery["limit"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<"ready">().toMatchTypeOf<KnownSessionStatus>();
    // Never called: only the compiler looks at these.
    const wrongCalls = () => {
      // @ts-expect-error limit is a number
      void client.sessions.list({ limit: "10" });
      // @ts-expect-error a viewport width is a number
      void client.sessions.create({ options: { viewport: { width: "1280", height: 720 } } });
      // @ts-expect-error an artifact needs its content
      void client.artifacts.create("session-abc123", { name: "notes" });
      // @ts-expect-error the session id path param is required by the raw client
      void client.GET("/api/sessions/{sessionId}", {});
    };
    expectTypeOf(wrongCalls).toBeFunction();
    // @ts-expect-error "stopped" is not a ThinkRun status
    const notAStatus: KnownSessionStatus = "stopped";
    void notAStatus;
  });
});
