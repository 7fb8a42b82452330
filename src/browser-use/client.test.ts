import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BrowserAgentError, InvalidArgumentError, NotFoundError, UnprocessableEntityError } from "../core/errors.js";
import { jsonResponse, recordingFetch } from "../core/testing/fetch-stub.js";
import { createBrowserUseClient } from "./client.js";

const KEY = "bu_test_key_0123456789abcdef";
const SESSION_ID = "3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10";
const spec = JSON.parse(readFileSync("generated/browser-use/openapi.json", "utf8"));
const example = (name: string) => spec.components.examples[name].value;

const json = (status: number, body: unknown) => jsonResponse(body, { status });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createBrowserUseClient", () => {
  it("sends the key in X-Browser-Use-API-Key on every request", async () => {
    const { fetch, requests } = recordingFetch(() => json(200, example("SessionIdle")));
    const client = createBrowserUseClient({ apiKey: KEY, fetch });
    await client.sessions.get(SESSION_ID);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get("X-Browser-Use-API-Key")).toBe(KEY);
    expect(requests[0]!.url).toBe(`https://api.browser-use.com/api/v3/sessions/${SESSION_ID}`);
  });

  it("reads the key and base URL from BROWSER_USE_API_KEY and BROWSER_USE_BASE_URL", async () => {
    vi.stubEnv("BROWSER_USE_API_KEY", KEY);
    vi.stubEnv("BROWSER_USE_BASE_URL", "http://127.0.0.1:9/api/v3");
    const { fetch, requests } = recordingFetch(() => json(200, example("SessionListEmpty")));
    await createBrowserUseClient({ fetch }).sessions.list({ page: 3 });
    expect(requests[0]!.url).toBe("http://127.0.0.1:9/api/v3/sessions?page=3");
    expect(requests[0]!.headers.get("X-Browser-Use-API-Key")).toBe(KEY);
  });

  it("fails at construction without a key, naming the env var and the option", () => {
    vi.stubEnv("BROWSER_USE_API_KEY", "");
    expect(() => createBrowserUseClient()).toThrow(InvalidArgumentError);
    expect(() => createBrowserUseClient()).toThrow(/BROWSER_USE_API_KEY.*|apiKey/);
    try {
      createBrowserUseClient();
    } catch (error) {
      expect((error as Error).message).toContain("BROWSER_USE_API_KEY");
      expect((error as Error).message).toContain("`apiKey`");
    }
  });

  it("keeps the raw openapi-fetch client with its {data, error, response} result", async () => {
    const { fetch } = recordingFetch(() => json(404, { detail: "Session not found" }));
    const client = createBrowserUseClient({ apiKey: KEY, fetch });
    const { data, error, response } = await client.GET("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } } });
    expect(data).toBeUndefined();
    expect(error).toEqual({ detail: "Session not found" });
    expect(response.status).toBe(404);
  });
});

describe("session helpers", () => {
  it("sessions.get returns the session as data", async () => {
    const { fetch } = recordingFetch(() => json(200, example("SessionRunning")));
    const session = await createBrowserUseClient({ apiKey: KEY, fetch }).sessions.get(SESSION_ID);
    expect(session.status).toBe("running");
    expect(session.totalCostUsd).toBe("0.0920");
  });

  it("sessions.create posts the body as JSON", async () => {
    const { fetch, requests } = recordingFetch(() => json(200, example("SessionRunning")));
    await createBrowserUseClient({ apiKey: KEY, fetch }).sessions.create({ task: "Find a mouse", maxCostUsd: "0.50", proxyCountryCode: "de" });
    expect(requests[0]!.method).toBe("POST");
    expect(await requests[0]!.json()).toEqual({ task: "Find a mouse", maxCostUsd: "0.50", proxyCountryCode: "de" });
  });

  it("sessions.stop sends the strategy, session by default", async () => {
    const { fetch, requests } = recordingFetch(() => json(200, example("SessionStopped")));
    const client = createBrowserUseClient({ apiKey: KEY, fetch });
    await client.sessions.stop(SESSION_ID);
    await client.sessions.stop(SESSION_ID, { strategy: "task" });
    expect(await requests[0]!.json()).toEqual({ strategy: "session" });
    expect(await requests[1]!.json()).toEqual({ strategy: "task" });
    expect(new URL(requests[1]!.url).pathname).toBe(`/api/v3/sessions/${SESSION_ID}/stop`);
  });

  it("sessions.delete resolves on 204", async () => {
    const { fetch, requests } = recordingFetch(() => new Response(null, { status: 204 }));
    await expect(createBrowserUseClient({ apiKey: KEY, fetch }).sessions.delete(SESSION_ID)).resolves.toBeUndefined();
    expect(requests[0]!.method).toBe("DELETE");
  });

  it("sessions.messages passes the cursor query", async () => {
    const { fetch, requests } = recordingFetch(() => json(200, example("SessionMessagesPage")));
    const page = await createBrowserUseClient({ apiKey: KEY, fetch }).sessions.messages(SESSION_ID, { after: SESSION_ID, limit: 50 });
    expect(new URL(requests[0]!.url).search).toBe(`?after=${SESSION_ID}&limit=50`);
    expect(page.hasMore).toBe(true);
  });

  it("getSession: 404 throws NotFoundError with the provider's detail", async () => {
    const { fetch } = recordingFetch(() => json(404, { detail: "Session not found" }));
    const error = await createBrowserUseClient({ apiKey: KEY, fetch }).sessions.get(SESSION_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(BrowserAgentError);
    expect(error).toMatchObject({ status: 404, provider: "browser-use", operation: "GET /sessions/{session_id}", providerMessage: "Session not found" });
  });

  it("createSession: 422 joins FastAPI's validation details into the message", async () => {
    const { fetch } = recordingFetch(() => json(422, example("SessionIdle") && spec.components.responses.ValidationError.content["application/json"].examples.invalidCountryCode.value));
    const error = await createBrowserUseClient({ apiKey: KEY, fetch }).sessions.create({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as UnprocessableEntityError).providerMessage).toMatch(/^body\.proxyCountryCode: Input should be/);
  });

  it("never puts the key in an error, even when the server echoes it", async () => {
    const { fetch } = recordingFetch(() => json(404, { detail: `Session not found for key ${KEY}` }));
    const error = (await createBrowserUseClient({ apiKey: KEY, fetch }).sessions.get(SESSION_ID).catch((e: unknown) => e)) as NotFoundError;
    expect(error.message).not.toContain(KEY);
    expect(error.providerMessage).toContain("[REDACTED]");
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(JSON.stringify(error.body)).not.toContain(KEY);
  });
});

describe("path id guard", () => {
  it.each(["", ".", "..", "   "])("rejects the session id %j before any request", async (id) => {
    const { fetch, requests } = recordingFetch(() => json(200, {}));
    const client = createBrowserUseClient({ apiKey: KEY, fetch });
    await expect(client.sessions.get(id)).rejects.toThrow(InvalidArgumentError);
    await expect(client.sessions.stop(id)).rejects.toThrow(InvalidArgumentError);
    await expect(client.sessions.delete(id)).rejects.toThrow(InvalidArgumentError);
    await expect(client.sessions.messages(id)).rejects.toThrow(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });

  it("encodes an id with a slash instead of changing the path", async () => {
    const { fetch, requests } = recordingFetch(() => json(404, { detail: "Session not found" }));
    await createBrowserUseClient({ apiKey: KEY, fetch }).sessions.get("../admin").catch(() => undefined);
    expect(new URL(requests[0]!.url).pathname).toBe("/api/v3/sessions/..%2Fadmin");
  });
});

describe("waitForSession", () => {
  it("polls until the task finishes and reports each state", async () => {
    const states = [example("SessionIdle"), example("SessionRunning"), example("SessionFinished")];
    let call = 0;
    const { fetch } = recordingFetch(() => json(200, { ...states[Math.min(call++, 2)], status: call === 1 ? "created" : states[Math.min(call - 1, 2)].status }));
    const seen: string[] = [];
    const session = await createBrowserUseClient({ apiKey: KEY, fetch }).waitForSession(SESSION_ID, {
      intervalMs: 1,
      onProgress: (s) => seen.push(`${s.status}:${s.stepCount}`),
    });
    expect(session.status).toBe("stopped");
    expect(seen).toEqual(["created:0", "running:4", "stopped:11"]);
  });
});
