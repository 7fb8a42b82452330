import type { APIPromise } from "../core/api-promise.js";
import { inspect } from "node:util";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { AuthenticationError, BadRequestError, InternalServerError, InvalidArgumentError, NotFoundError, PollTimeoutError } from "../core/errors.js";
import { jsonResponse, recordingFetch } from "../core/testing/fetch-stub.js";
import { createEverrunsClient, type CancelSessionResult, type Message } from "./client.js";
import { isTurnOver, TURN_OVER_STATUSES, type Session } from "./statuses.js";

const SESSION = "session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b";
const ORG = "org_0194a2e07b1c7d2e9f30a4b5c6d7e8f9";
const AGENT = "agent_0194a2e9d0e17f2a8b3c4d5e6f708192";
const API_KEY = "evr_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
// A JWT-shaped token (three base64url segments); not a real credential.
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyJ9.c2lnbmF0dXJlLW5vdC1yZWFs";
const BASE_URL = "https://everruns.test/api";

function session(status: string): Session {
  return {
    id: SESSION,
    organization_id: ORG,
    agent_id: AGENT,
    status,
    created_at: "2026-11-20T10:02:11Z",
    updated_at: "2026-11-20T10:02:40Z",
    usage: null,
  };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => jsonResponse(body, { status, headers });

function client(respond: (request: Request, index: number) => Response | Promise<Response>, options: Parameters<typeof createEverrunsClient>[0] = {}) {
  const recorded = recordingFetch(respond);
  return { ...recorded, client: createEverrunsClient({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: recorded.fetch, maxRetries: 0, ...options }) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("authentication and organization", () => {
  it("sends an evr_ API key as is in Authorization", async () => {
    const { client: c, requests } = client(() => json(session("idle")));
    await c.sessions.get(SESSION);
    expect(requests[0]!.headers.get("authorization")).toBe(API_KEY);
  });

  it("sends a JWT as a Bearer token", async () => {
    const { client: c, requests } = client(() => json(session("idle")), { apiKey: JWT });
    await c.sessions.get(SESSION);
    expect(requests[0]!.headers.get("authorization")).toBe(`Bearer ${JWT}`);
  });

  it("reads the key and base URL from EVERRUNS_API_KEY and EVERRUNS_API_URL", async () => {
    vi.stubEnv("EVERRUNS_API_KEY", API_KEY);
    vi.stubEnv("EVERRUNS_API_URL", "https://env.everruns.test/api");
    const { fetch, requests } = recordingFetch(() => json(session("idle")));
    await createEverrunsClient({ fetch, maxRetries: 0 }).sessions.get(SESSION);
    expect(requests[0]!.url).toBe(`https://env.everruns.test/api/v1/sessions/${SESSION}`);
    expect(requests[0]!.headers.get("authorization")).toBe(API_KEY);
  });

  it("fails at construction without a key, naming the env var and the option", () => {
    vi.stubEnv("EVERRUNS_API_KEY", "");
    expect(() => createEverrunsClient({ baseUrl: BASE_URL })).toThrow(InvalidArgumentError);
    expect(() => createEverrunsClient({ baseUrl: BASE_URL })).toThrow(/`apiKey`.*EVERRUNS_API_KEY/);
  });

  it("sends X-Org-Id from the orgId option", async () => {
    const { client: c, requests } = client(() => json(session("idle")), { orgId: ORG });
    await c.sessions.get(SESSION);
    expect(requests[0]!.headers.get("x-org-id")).toBe(ORG);
  });

  it("sends X-Org-Id from EVERRUNS_ORG_ID when no orgId is given", async () => {
    vi.stubEnv("EVERRUNS_ORG_ID", ORG);
    const { client: c, requests } = client(() => json({ data: [], total: 0, offset: 0, limit: 20 }));
    await c.sessions.list();
    expect(requests[0]!.headers.get("x-org-id")).toBe(ORG);
  });

  it("sends no X-Org-Id when neither orgId nor EVERRUNS_ORG_ID is set", async () => {
    vi.stubEnv("EVERRUNS_ORG_ID", "");
    const { client: c, requests } = client(() => json(session("idle")), { headers: { "X-Trace": "t1" } });
    await c.sessions.get(SESSION);
    expect(requests[0]!.headers.has("x-org-id")).toBe(false);
    expect(requests[0]!.headers.get("x-trace")).toBe("t1");
  });

  it("never shows the API key or the JWT in an error, even when the server echoes it", async () => {
    for (const key of [API_KEY, JWT]) {
      const { client: c } = client(() => json({ error: `invalid credentials: ${key} (Bearer ${key})` }, 401), { apiKey: key });
      const error = await c.sessions.get(SESSION).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      const shown = [String(error), (error as Error).message, JSON.stringify(error), inspect(error), JSON.stringify((error as AuthenticationError).body)].join("\n");
      expect(shown).not.toContain(key);
      expect(shown).toContain("[REDACTED]");
    }
  });
});

describe("helpers", () => {
  const cases: { name: string; call: (c: ReturnType<typeof createEverrunsClient>) => Promise<unknown>; method: string; url: string; body?: unknown; reply: Response }[] = [
    {
      name: "sessions.list sends agent_id, offset and limit",
      call: (c) => c.sessions.list({ agent_id: AGENT, offset: 20, limit: 10 }),
      method: "GET",
      url: `/v1/sessions?agent_id=${AGENT}&offset=20&limit=10`,
      reply: json({ data: [session("idle")], total: 21, offset: 20, limit: 10 }),
    },
    {
      name: "sessions.create posts the body",
      call: (c) => c.sessions.create({ agent_id: AGENT, title: "Triage", tags: ["support"] }),
      method: "POST",
      url: "/v1/sessions",
      body: { agent_id: AGENT, title: "Triage", tags: ["support"] },
      reply: json(session("started"), 201),
    },
    { name: "sessions.get reads one session", call: (c) => c.sessions.get(SESSION), method: "GET", url: `/v1/sessions/${SESSION}`, reply: json(session("idle")) },
    {
      name: "sessions.update patches title and tags",
      call: (c) => c.sessions.update(SESSION, { title: null, tags: ["a"] }),
      method: "PATCH",
      url: `/v1/sessions/${SESSION}`,
      body: { title: null, tags: ["a"] },
      reply: json(session("idle")),
    },
    { name: "sessions.delete sends DELETE", call: (c) => c.sessions.delete(SESSION), method: "DELETE", url: `/v1/sessions/${SESSION}`, reply: new Response(null, { status: 204 }) },
    {
      name: "sessions.cancel posts to /cancel",
      call: (c) => c.sessions.cancel(SESSION),
      method: "POST",
      url: `/v1/sessions/${SESSION}/cancel`,
      reply: json({ status: "no_op", message: "No turn is running" }),
    },
    { name: "messages.list reads the messages", call: (c) => c.messages.list(SESSION), method: "GET", url: `/v1/sessions/${SESSION}/messages`, reply: json({ data: [] }) },
    {
      name: "messages.create posts the message",
      call: (c) => c.messages.create(SESSION, { message: { role: "user", content: [{ type: "text", text: "Hi" }] } }),
      method: "POST",
      url: `/v1/sessions/${SESSION}/messages`,
      body: { message: { role: "user", content: [{ type: "text", text: "Hi" }] } },
      reply: json({ id: "message_1", role: "user", content: [{ type: "text", text: "Hi" }] }, 201),
    },
    {
      name: "events.list sends since_id and a comma-separated exclude",
      call: (c) => c.events.list(SESSION, { since_id: "event_7", exclude: ["output.message.delta", "reason.started"] }),
      method: "GET",
      url: `/v1/sessions/${SESSION}/events?since_id=event_7&exclude=output.message.delta,reason.started`,
      reply: json({ data: [] }),
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} and returns the parsed body`, async () => {
      const { client: c, requests } = client(() => testCase.reply.clone());
      const result = await testCase.call(c);
      const [request] = requests;
      expect(request!.method).toBe(testCase.method);
      expect(decodeURIComponent(request!.url)).toBe(BASE_URL + testCase.url);
      if (testCase.body !== undefined) expect(await request!.json()).toEqual(testCase.body);
      expect(result).toEqual(testCase.reply.status === 204 ? undefined : await testCase.reply.clone().json());
    });
  }

  it("encodes a session id with a slash instead of letting it change the path", async () => {
    const { client: c, requests } = client(() => json(session("idle")));
    await c.sessions.get("session_a/../../admin");
    expect(new URL(requests[0]!.url).pathname).toBe("/api/v1/sessions/session_a%2F..%2F..%2Fadmin");
  });

  it("rejects an empty, blank or dot-segment session id before any request, in every helper", async () => {
    const { client: c, requests } = client(() => json({}));
    const calls = (id: string) => [
      c.sessions.get(id),
      c.sessions.update(id, { title: "x" }),
      c.sessions.delete(id),
      c.sessions.cancel(id),
      c.messages.list(id),
      c.messages.create(id, { message: { content: [{ type: "text", text: "x" }] } }),
      c.events.list(id),
      c.waitForTurn(id, { intervalMs: 1 }),
    ];
    for (const id of ["", "  ", ".", ".."]) {
      for (const call of calls(id)) await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(requests).toHaveLength(0);
  });

  it("throws NotFoundError with the provider's message for a 404", async () => {
    const { client: c } = client(() => json({ error: "Session not found" }, 404, { "x-request-id": "req_42" }));
    const error = await c.sessions.get(SESSION).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, providerMessage: "Session not found", requestId: "req_42", operation: "GET /v1/sessions/{session_id}" });
  });

  it("throws BadRequestError for a 400", async () => {
    const { client: c } = client(() => json({ error: "Invalid agent ID" }, 400));
    await expect(c.sessions.create({ agent_id: "agent_x" })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("never re-sends a billable create after a 500, but retries a read", async () => {
    const { client: c, requests } = client(() => json({ error: "Internal server error" }, 500, { "retry-after-ms": "0" }), { maxRetries: 1 });
    await expect(c.messages.create(SESSION, { message: { content: [{ type: "text", text: "Go" }] } })).rejects.toBeInstanceOf(InternalServerError);
    await expect(c.sessions.create({ agent_id: AGENT })).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(2);
    await expect(c.sessions.get(SESSION)).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(4);
  });
});

describe("waitForTurn", () => {
  it("polls until the session is idle and returns it", async () => {
    const statuses = ["active", "active", "idle"];
    const { client: c, requests } = client((_, i) => json(session(statuses[i]!)));
    const seen: string[] = [];
    const done = await c.waitForTurn(SESSION, { intervalMs: 1, onProgress: (s) => seen.push(s.status) });
    expect(done.status).toBe("idle");
    expect(seen).toEqual(statuses);
    expect(requests).toHaveLength(3);
  });

  it("keeps polling a started session (its first turn has not run) and an unknown status", async () => {
    const statuses = ["started", "thinking", "idle"];
    const { client: c } = client((_, i) => json(session(statuses[i]!)));
    expect((await c.waitForTurn(SESSION, { intervalMs: 1 })).status).toBe("idle");
  });

  it("throws PollTimeoutError carrying the last session when the turn outlives the deadline", async () => {
    const { client: c } = client(() => json(session("active")));
    const error = await c.waitForTurn(SESSION, { intervalMs: 5, timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError<Session>).lastState?.status).toBe("active");
    expect((error as Error).message).toContain("status active");
  });

  it("stops at a custom until", async () => {
    const { client: c, requests } = client(() => json(session("active")));
    const s = await c.waitForTurn(SESSION, { until: (x) => x.status === "active" });
    expect(s.status).toBe("active");
    expect(requests).toHaveLength(1);
  });
});

describe("types", () => {
  it("derives helper types from the generated schema", () => {
    const c = createEverrunsClient({ apiKey: API_KEY, baseUrl: BASE_URL });
    expectTypeOf(c.sessions.get).returns.toEqualTypeOf<APIPromise<Session>>();
    expectTypeOf(c.sessions.cancel).returns.toEqualTypeOf<APIPromise<CancelSessionResult>>();
    expectTypeOf(c.messages.create).returns.toEqualTypeOf<APIPromise<Message>>();
    expectTypeOf(TURN_OVER_STATUSES).toEqualTypeOf<readonly ["idle"]>();
    expectTypeOf(isTurnOver).parameter(0).toEqualTypeOf<Pick<Session, "status">>();
    expectTypeOf<Message["content"][number]["type"]>().toEqualTypeOf<"text" | "image" | "image_file" | "tool_call" | "tool_result">();

    const never = async () => {
      // @ts-expect-error a create needs agent_id
      await c.sessions.create({ title: "no agent" });
      // @ts-expect-error a content part with an unknown type
      await c.messages.create(SESSION, { message: { content: [{ type: "audio", url: "https://x.test/a.mp3" }] } });
      // @ts-expect-error a role outside the closed request enum
      await c.messages.create(SESSION, { message: { role: "assistant", content: [{ type: "text", text: "x" }] } });
      // @ts-expect-error limit is a number
      await c.sessions.list({ limit: "10" });
    };
    expect(typeof never).toBe("function");
  });
});
