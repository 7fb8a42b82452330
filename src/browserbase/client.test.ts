import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  ConflictError,
  createBrowserbaseClient,
  FOLLOW_PAGE_LIMIT,
  InternalServerError,
  InvalidArgumentError,
  isTerminalRun,
  NotFoundError,
  PollTimeoutError,
  TERMINAL_RUN_STATUSES,
  type Agent,
  type AgentRun,
  type AgentRunMessage,
  type ClientOptions,
  type KnownRunStatus,
} from "./index.js";
import { jsonResponse, recordingFetch } from "../core/testing/fetch-stub.js";

const BASE_URL = "http://127.0.0.1:9";
const API_KEY = "bb_live_7Qm2xR9kLp4Vt8Zc";
const RUN_ID = "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50";
const AGENT_ID = "4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61";

type Handler = (request: Request) => Response | Promise<Response>;

/** A client whose fetch records every Request and answers with `handler`; no network, no retries. */
function clientWith(handler: Handler, options: ClientOptions = {}) {
  const { fetch, requests } = recordingFetch(handler);
  const client = createBrowserbaseClient({ apiKey: API_KEY, baseUrl: BASE_URL, fetch, maxRetries: 0, ...options });
  return { client, requests };
}

const json = (body: unknown, status = 200, statusText = "") => jsonResponse(body, { status, statusText });

function fastifyError(statusCode: number, error: string, message: string): Response {
  return json({ statusCode, error, message }, statusCode, error);
}

function run(status: KnownRunStatus, runId = RUN_ID): AgentRun {
  return { runId, task: "Find the price of the Logitech M720 mouse", status, createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:00:00Z" };
}

function agent(agentId: string): Agent {
  return { agentId, name: `agent ${agentId}`, createdAt: "2026-11-18T08:30:00Z", updatedAt: "2026-11-18T08:30:00Z" };
}

function message(id: string): AgentRunMessage {
  return { id, createdAt: "2026-11-20T10:05:05Z", message: { role: "assistant", content: `text of ${id}` } };
}

const query = (request: Request, name: string) => new URL(request.url).searchParams.get(name);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createBrowserbaseClient", () => {
  it("sends the key in X-BB-API-Key on every request, never as a bearer token", async () => {
    const { client, requests } = clientWith((request) => (request.method === "GET" && request.url.includes("/runs/") ? json(run("RUNNING")) : json({ data: [], limit: 20, nextCursor: null })));
    await client.runs.get(RUN_ID);
    await client.agents.list();
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request.headers.get("x-bb-api-key")).toBe(API_KEY);
      expect(request.headers.get("authorization")).toBeNull();
    }
  });

  it("reads BROWSERBASE_API_KEY and BROWSERBASE_BASE_URL when no options are given", async () => {
    vi.stubEnv("BROWSERBASE_API_KEY", "bb_env_key_123456");
    vi.stubEnv("BROWSERBASE_BASE_URL", "http://127.0.0.1:7");
    const { fetch, requests } = recordingFetch(() => json(run("PENDING")));
    const client = createBrowserbaseClient({ fetch });
    await client.runs.get(RUN_ID);
    expect(requests[0]?.url).toBe(`http://127.0.0.1:7/v1/agents/runs/${RUN_ID}`);
    expect(requests[0]?.headers.get("x-bb-api-key")).toBe("bb_env_key_123456");
  });

  it("fails at construction naming BROWSERBASE_API_KEY and the apiKey option when no key is found", () => {
    vi.stubEnv("BROWSERBASE_API_KEY", "");
    expect(() => createBrowserbaseClient({ baseUrl: BASE_URL })).toThrow(InvalidArgumentError);
    expect(() => createBrowserbaseClient({ baseUrl: BASE_URL })).toThrow(/`apiKey` option or set the BROWSERBASE_API_KEY/);
  });

  it("never shows the key in an error, even when the provider's message echoes it", async () => {
    const lines: string[] = [];
    const { client } = clientWith(() => fastifyError(401, "Unauthorized", `Invalid API key ${API_KEY}`), { debug: (line) => lines.push(line) });
    const error = await client.runs.get(RUN_ID).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AuthenticationError", status: 401 });
    const shown = [String(error), (error as Error).message, JSON.stringify(error), inspect(error), JSON.stringify((error as { body: unknown }).body), ...lines].join("\n");
    expect(shown).toContain("Invalid API key [REDACTED]");
    expect(shown).not.toContain(API_KEY);
  });

  it("keeps the raw openapi-fetch client available", async () => {
    const { client, requests } = clientWith(() => json(agent(AGENT_ID)));
    const { data } = await client.GET("/v1/agents/{agentId}", { params: { path: { agentId: AGENT_ID } } });
    expect(data?.agentId).toBe(AGENT_ID);
    expect(requests[0]?.headers.get("x-bb-api-key")).toBe(API_KEY);
  });
});

describe("agent and run helpers", () => {
  it("agents.get: 404 throws NotFoundError carrying the provider's message", async () => {
    const { client } = clientWith(() => fastifyError(404, "Not Found", "Agent not found"));
    const error = await client.agents.get(AGENT_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, providerMessage: "Agent not found", providerCode: "Not Found", operation: "GET /v1/agents/{agentId}", provider: "browserbase" });
    expect((error as Error).message).toBe("browserbase GET /v1/agents/{agentId} failed with HTTP 404 Not Found [Not Found]: Agent not found");
  });

  it("runs.stop: 409 for a finished run throws ConflictError carrying the provider's message", async () => {
    const { client } = clientWith(() => fastifyError(409, "Conflict", "Run has already finished"));
    const error = await client.runs.stop(RUN_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, providerMessage: "Run has already finished", operation: "POST /v1/agents/runs/{runId}/stop" });
  });

  it("runs.stop: 202 returns the run as it is now", async () => {
    const { client, requests } = clientWith(() => json(run("STOPPED"), 202));
    await expect(client.runs.stop(RUN_ID)).resolves.toMatchObject({ status: "STOPPED" });
    expect(requests[0]?.method).toBe("POST");
    expect(new URL(requests[0]!.url).pathname).toBe(`/v1/agents/runs/${RUN_ID}/stop`);
  });

  it("runs.create posts the body as JSON and returns the pending run", async () => {
    const { client, requests } = clientWith(() => json(run("PENDING"), 201));
    const body = { task: "Find the price", agentId: AGENT_ID, browserSettings: { proxies: true } };
    await expect(client.runs.create(body)).resolves.toMatchObject({ status: "PENDING" });
    expect(await requests[0]?.json()).toEqual(body);
    expect(requests[0]?.headers.get("content-type")).toContain("application/json");
  });

  it("runs.create is never re-sent after a 500 (billable)", async () => {
    const { client, requests } = clientWith(() => fastifyError(500, "Internal Server Error", "An internal server error occurred"), { maxRetries: 2 });
    await expect(client.runs.create({ task: "Find the price" })).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  it("agents.update sends a PATCH with only the fields given", async () => {
    const { client, requests } = clientWith(() => json(agent(AGENT_ID)));
    await client.agents.update(AGENT_ID, { systemPrompt: "Report prices in EUR." });
    expect(requests[0]?.method).toBe("PATCH");
    expect(await requests[0]?.json()).toEqual({ systemPrompt: "Report prices in EUR." });
  });

  it("agents.delete resolves to undefined on 204", async () => {
    const { client, requests } = clientWith(() => new Response(null, { status: 204 }));
    await expect(client.agents.delete(AGENT_ID)).resolves.toBeUndefined();
    expect(requests[0]?.method).toBe("DELETE");
  });

  it("runs.messages sends since, limit and all as query parameters", async () => {
    const { client, requests } = clientWith(() => json({ data: [message("msg_2")], nextSince: "msg_2" }));
    await expect(client.runs.messages(RUN_ID, { since: "msg_1", limit: 5, all: true })).resolves.toMatchObject({ nextSince: "msg_2" });
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe(`/v1/agents/runs/${RUN_ID}/messages`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ since: "msg_1", limit: "5", all: "true" });
  });

  it("encodes an id that contains a slash or a space instead of changing the path", async () => {
    const { client, requests } = clientWith(() => json(run("RUNNING")));
    await client.runs.get("run/1 x");
    expect(new URL(requests[0]!.url).pathname).toBe("/v1/agents/runs/run%2F1%20x");
  });

  it.each(["", " ", ".", ".."])("rejects the id %j with InvalidArgumentError before any request", async (bad) => {
    const { client, requests } = clientWith(() => json(run("RUNNING")));
    const calls = [
      () => client.agents.get(bad),
      () => client.agents.update(bad, { name: "x" }),
      () => client.agents.delete(bad),
      () => client.runs.get(bad),
      () => client.runs.stop(bad),
      () => client.runs.messages(bad),
      () => client.waitForRun(bad),
      async () => client.runs.followMessages(bad),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });
});

describe("listAll", () => {
  it("runs.listAll follows nextCursor across three pages, keeping the filters", async () => {
    const pages: Record<string, { data: AgentRun[]; nextCursor: string | null }> = {
      "": { data: [run("RUNNING", "r1"), run("RUNNING", "r2")], nextCursor: "c2" },
      c2: { data: [run("RUNNING", "r3")], nextCursor: "c3" },
      c3: { data: [run("RUNNING", "r4")], nextCursor: null },
    };
    const { client, requests } = clientWith((request) => json({ ...pages[query(request, "cursor") ?? ""], limit: 2 }));
    const ids = (await collect(client.runs.listAll({ status: "RUNNING", limit: 2 }))).map((r) => r.runId);
    expect(ids).toEqual(["r1", "r2", "r3", "r4"]);
    expect(requests.map((r) => query(r, "cursor"))).toEqual([null, "c2", "c3"]);
    expect(requests.every((r) => query(r, "status") === "RUNNING" && query(r, "limit") === "2")).toBe(true);
  });

  it("runs.listAll stops after a page whose nextCursor is null", async () => {
    const { client, requests } = clientWith(() => json({ data: [run("FAILED", "r1")], limit: 20, nextCursor: null }));
    expect(await collect(client.runs.listAll())).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  it("runs.listAll stops at an empty page even when it carries a cursor", async () => {
    const pages: Record<string, unknown> = {
      "": { data: [run("COMPLETED", "r1")], limit: 20, nextCursor: "c2" },
      c2: { data: [], limit: 20, nextCursor: "c3" },
    };
    const { client, requests } = clientWith((request) => json(pages[query(request, "cursor") ?? ""]));
    expect((await collect(client.runs.listAll())).map((r) => r.runId)).toEqual(["r1"]);
    expect(requests).toHaveLength(2);
  });

  it("runs.listAll yields nothing for an empty first page", async () => {
    const { client, requests } = clientWith(() => json({ data: [], limit: 20, nextCursor: null }));
    expect(await collect(client.runs.listAll({ status: "PENDING" }))).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("agents.listAll starts at query.cursor and follows nextCursor", async () => {
    const pages: Record<string, unknown> = {
      start: { data: [agent("a1")], limit: 1, nextCursor: "next" },
      next: { data: [agent("a2")], limit: 1, nextCursor: null },
    };
    const { client, requests } = clientWith((request) => json(pages[query(request, "cursor") ?? ""]));
    expect((await collect(client.agents.listAll({ cursor: "start", limit: 1 }))).map((a) => a.agentId)).toEqual(["a1", "a2"]);
    expect(requests.map((r) => query(r, "cursor"))).toEqual(["start", "next"]);
  });

  it("runs.listAll throws AbortError when the signal aborts, and asks for no further page", async () => {
    const { client, requests } = clientWith(() => json({ data: [run("RUNNING", "r1"), run("RUNNING", "r2")], limit: 2, nextCursor: "more" }));
    const controller = new AbortController();
    const seen: string[] = [];
    const walk = async () => {
      for await (const item of client.runs.listAll({}, { signal: controller.signal })) {
        seen.push(item.runId);
        controller.abort();
      }
    };
    await expect(walk()).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual(["r1"]);
    expect(requests).toHaveLength(1);
  });

  it("runs.listAll surfaces a failed page as the typed error", async () => {
    const { client } = clientWith(() => fastifyError(422, "Unprocessable Entity", "Invalid cursor"));
    await expect(collect(client.runs.listAll({ cursor: "stale" }))).rejects.toMatchObject({ name: "UnprocessableEntityError", providerMessage: "Invalid cursor" });
  });
});

/** A fake API for one run: the run's states and the message batches are served in order; the last one repeats. */
function runServer(states: KnownRunStatus[], batches: { data: AgentRunMessage[]; nextSince: string | null }[]) {
  const log: string[] = [];
  let state = 0;
  let batch = 0;
  const { client, requests } = clientWith((request) => {
    if (new URL(request.url).pathname.endsWith("/messages")) {
      log.push(`messages since=${query(request, "since") ?? "-"}`);
      return json(batches[Math.min(batch++, batches.length - 1)]);
    }
    const status = states[Math.min(state++, states.length - 1)]!;
    log.push(`run ${status}`);
    return json(run(status));
  });
  return { client, requests, log };
}

describe("followMessages", () => {
  it("yields each message once, polling with since = nextSince, and ends once the terminal run is drained", async () => {
    const { client, log } = runServer(
      ["RUNNING", "RUNNING", "COMPLETED"],
      [
        { data: [message("m1"), message("m2")], nextSince: "m2" },
        { data: [], nextSince: "m2" },
        { data: [message("m3")], nextSince: "m3" },
        { data: [], nextSince: "m3" },
      ],
    );
    const ids = (await collect(client.runs.followMessages(RUN_ID, { intervalMs: 1 }))).map((m) => m.id);
    expect(ids).toEqual(["m1", "m2", "m3"]);
    expect(log).toEqual(["run RUNNING", "messages since=-", "run RUNNING", "messages since=m2", "run COMPLETED", "messages since=m2", "messages since=m3"]);
  });

  it("keeps the previous since when nextSince is null", async () => {
    const { client, log } = runServer(
      ["RUNNING", "RUNNING", "FAILED"],
      [
        { data: [message("m1")], nextSince: "m1" },
        { data: [], nextSince: null },
        { data: [], nextSince: null },
      ],
    );
    await collect(client.runs.followMessages(RUN_ID, { intervalMs: 1 }));
    expect(log.filter((line) => line.startsWith("messages"))).toEqual(["messages since=-", "messages since=m1", "messages since=m1"]);
  });

  it("never yields a message twice when the server repeats it", async () => {
    const { client } = runServer(["RUNNING", "STOPPED"], [{ data: [message("m1"), message("m2")], nextSince: "m2" }]);
    const ids = (await collect(client.runs.followMessages(RUN_ID, { intervalMs: 1 }))).map((m) => m.id);
    expect(ids).toEqual(["m1", "m2"]);
  });

  it("reads the next batch at once after a full one, without waiting for the next poll", async () => {
    const full = Array.from({ length: FOLLOW_PAGE_LIMIT }, (_, i) => message(`m${i}`));
    const { client, log, requests } = runServer(["RUNNING", "COMPLETED"], [{ data: full, nextSince: "m99" }, { data: [], nextSince: "m99" }]);
    const ids = await collect(client.runs.followMessages(RUN_ID, { intervalMs: 1 }));
    expect(ids).toHaveLength(FOLLOW_PAGE_LIMIT);
    expect(log).toEqual(["run RUNNING", "messages since=-", "messages since=m99", "run COMPLETED", "messages since=m99"]);
    expect(query(requests[1]!, "limit")).toBe(String(FOLLOW_PAGE_LIMIT));
  });

  it("starts after options.since and lets until decide when the run is over", async () => {
    const { client, log } = runServer(["RUNNING"], [{ data: [message("m5")], nextSince: "m5" }, { data: [], nextSince: "m5" }]);
    const onRun = vi.fn();
    const ids = (await collect(client.runs.followMessages(RUN_ID, { intervalMs: 1, since: "m4", until: (r) => r.status === "RUNNING", onRun }))).map((m) => m.id);
    expect(ids).toEqual(["m5"]);
    expect(log).toEqual(["run RUNNING", "messages since=m4", "messages since=m5"]);
    expect(onRun).toHaveBeenCalledWith(expect.objectContaining({ status: "RUNNING" }));
  });

  it("throws AbortError when the signal aborts between messages, after yielding only what came before", async () => {
    const { client, requests } = runServer(["RUNNING"], [{ data: [message("m1"), message("m2")], nextSince: "m2" }]);
    const controller = new AbortController();
    const seen: string[] = [];
    const follow = async () => {
      for await (const item of client.runs.followMessages(RUN_ID, { intervalMs: 1, signal: controller.signal })) {
        seen.push(item.id);
        controller.abort();
      }
    };
    await expect(follow()).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual(["m1"]);
    expect(requests).toHaveLength(2);
  });

  it("throws AbortError when the signal aborts during the pause between polls", async () => {
    const { client } = runServer(["RUNNING"], [{ data: [], nextSince: null }]);
    const controller = new AbortController();
    const follow = collect(client.runs.followMessages(RUN_ID, { intervalMs: 600_000, signal: controller.signal, onRun: () => setTimeout(() => controller.abort(), 10) }));
    await expect(follow).rejects.toBeInstanceOf(AbortError);
  });

  it("throws NotFoundError for an unknown run", async () => {
    const { client } = clientWith(() => fastifyError(404, "Not Found", "Run not found"));
    await expect(collect(client.runs.followMessages(RUN_ID))).rejects.toMatchObject({ name: "NotFoundError", providerMessage: "Run not found" });
  });
});

describe("waitForRun and statuses", () => {
  it("waitForRun polls until a terminal status and returns that run", async () => {
    const { client, log } = runServer(["PENDING", "RUNNING", "TIMED_OUT"], []);
    const progress: string[] = [];
    const final = await client.waitForRun(RUN_ID, { intervalMs: 1, onProgress: (r) => progress.push(r.status) });
    expect(final.status).toBe("TIMED_OUT");
    expect(progress).toEqual(["PENDING", "RUNNING", "TIMED_OUT"]);
    expect(log).toHaveLength(3);
  });

  it("waitForRun throws PollTimeoutError with the last run when the deadline passes", async () => {
    const { client } = runServer(["RUNNING"], []);
    const error = await client.waitForRun(RUN_ID, { intervalMs: 1, timeoutMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError<AgentRun>).lastState?.status).toBe("RUNNING");
  });

  it("terminal statuses are COMPLETED, FAILED, STOPPED and TIMED_OUT; an unknown status is not terminal", () => {
    expect(TERMINAL_RUN_STATUSES).toEqual(["COMPLETED", "FAILED", "STOPPED", "TIMED_OUT"]);
    expect(["PENDING", "RUNNING", "PAUSED"].map((status) => isTerminalRun({ status }))).toEqual([false, false, false]);
    expect(TERMINAL_RUN_STATUSES.every((status) => isTerminalRun({ status }))).toBe(true);
  });

});
