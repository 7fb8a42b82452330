/**
 * Resilience of the shared client, proved on real sockets: a fault-injection server on 127.0.0.1 plays
 * each failure, and the Browser Use client (`sessions.create` billable, `sessions.get` not) meets it.
 */
import { execFile } from "node:child_process";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createBrowserUseClient, type BrowserUseClientOptions } from "../browser-use/client.js";
import {
  AbortError,
  ApiStatusError,
  AuthenticationError,
  ConnectionError,
  InsufficientCreditsError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
} from "./errors.js";
import { MAX_RETRY_AFTER_MS } from "./retry-policy.js";
import { htmlPage, respond, startFaultServer, unusedPort, type FaultScript, type FaultServer } from "./testing/fault-server.js";
import { rejectionOf } from "./testing/on-the-wire.js";

const KEY = "bu_live_9f8e7d6c5b4a3210fedcba";
const SESSION_ID = "3f2c9a8e-1b7d-4c6e-9f0a-5d4b3c2a1e0f";
/** The short per-attempt timeout of the timeout tests; the others use a generous one so load cannot flake them. */
const TIMEOUT_MS = 200;
const GENEROUS_TIMEOUT_MS = 3_000;
const session = (status: string) => ({ id: SESSION_ID, status, stepCount: 3, isTaskSuccessful: status === "stopped" ? true : null });

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(script: FaultScript): Promise<FaultServer> {
  const server = await startFaultServer(script);
  servers.push(server);
  return server;
}

/** A client on `server` with short timers; its debug lines land in `lines`. */
function clientOn(server: Pick<FaultServer, "url">, options: BrowserUseClientOptions = {}) {
  const lines: string[] = [];
  const client = createBrowserUseClient({
    apiKey: KEY,
    baseUrl: server.url,
    timeoutMs: GENEROUS_TIMEOUT_MS,
    retryDelayScale: 0.01,
    debug: (line) => lines.push(line),
    ...options,
  });
  return { client, lines };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

function expectNoKey(error: unknown, lines: readonly string[] = []): void {
  const views = [String(error), (error as Error).message, JSON.stringify(error), inspect(error), inspect(error, { depth: 10 }), ...lines];
  for (const view of views) expect(view).not.toContain(KEY);
}

describe("retries", () => {
  it("retries a 503 and a 502 HTML page, then returns the session of the third attempt", async () => {
    const server = await serve([htmlPage(503, "503 Service Unavailable"), htmlPage(502, "502 Bad Gateway"), respond(200, session("running"))]);
    const { client } = clientOn(server);
    await expect(client.sessions.get(SESSION_ID)).resolves.toMatchObject({ id: SESSION_ID, status: "running" });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill(`GET /sessions/${SESSION_ID}`));
  });

  it("surfaces an HTML 502 as InternalServerError titled by the page once the 2 default retries run out", async () => {
    const server = await serve([htmlPage(502, "502 Bad Gateway", { "x-request-id": "req_502_abc" })]);
    const { client } = clientOn(server);
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(server.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toBeInstanceOf(ApiStatusError);
    expect(error).toMatchObject({
      name: "InternalServerError",
      provider: "browser-use",
      operation: "GET /sessions/{session_id}",
      status: 502,
      providerMessage: "502 Bad Gateway",
      requestId: "req_502_abc",
    });
    expect(error.message).toBe("browser-use GET /sessions/{session_id} failed with HTTP 502 Bad Gateway: 502 Bad Gateway");
  });

  it("retries a 500 HTML page with no title using its text as the message", async () => {
    const body = "<html><body><p>upstream   connect error</p></body></html>";
    const server = await serve([{ kind: "respond", status: 500, headers: { "content-type": "text/html" }, body }]);
    const { client } = clientOn(server, { maxRetries: 1 });
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ status: 500, providerMessage: "upstream connect error" });
  });

  it("retries a 408 like a 5xx", async () => {
    const server = await serve([respond(408, { detail: "request timeout" }), respond(200, session("idle"))]);
    const { client } = clientOn(server);
    await expect(client.sessions.get(SESSION_ID)).resolves.toMatchObject({ status: "idle" });
    expect(server.requests).toHaveLength(2);
  });

  it("makes exactly 1 + maxRetries attempts", async () => {
    const server = await serve([respond(503, { detail: "overloaded" })]);
    await rejectionOf(clientOn(server, { maxRetries: 0 }).client.sessions.get(SESSION_ID));
    expect(server.requests).toHaveLength(1);
    await rejectionOf(clientOn(server, { maxRetries: 4 }).client.sessions.get(SESSION_ID));
    expect(server.requests).toHaveLength(1 + 5);
  });

  it("honours Retry-After in seconds", async () => {
    const server = await serve([respond(503, { detail: "busy" }, { "retry-after": "3" }), respond(200, session("idle"))]);
    const { client, lines } = clientOn(server);
    await client.sessions.get(SESSION_ID);
    // 3 s scaled by 0.01.
    expect(lines).toContainEqual(expect.stringMatching(/retry 1 in 30 ms \(retry-after\)$/));
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(25);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    const server = await serve([respond(503, { detail: "busy" }, { "retry-after": inFiveSeconds }), respond(200, session("idle"))]);
    const { client, lines } = clientOn(server);
    await client.sessions.get(SESSION_ID);
    // The date has whole seconds: between 4 and 5 s from now, scaled by 0.01.
    const wait = Number(/retry 1 in (\d+) ms \(retry-after\)/.exec(lines.join("\n"))?.[1]);
    expect(wait).toBeGreaterThanOrEqual(30);
    expect(wait).toBeLessThanOrEqual(50);
  });

  it("prefers retry-after-ms to Retry-After", async () => {
    const server = await serve([respond(503, { detail: "busy" }, { "retry-after-ms": "1500", "retry-after": "30" }), respond(200, session("idle"))]);
    const { client, lines } = clientOn(server);
    await client.sessions.get(SESSION_ID);
    expect(lines).toContainEqual(expect.stringMatching(/retry 1 in 15 ms \(retry-after\)$/));
  });

  it("falls back to the backoff for an unreadable Retry-After instead of retrying at once", async () => {
    const server = await serve([respond(503, { detail: "busy" }, { "retry-after": "-5" }), respond(200, session("idle"))]);
    const { client, lines } = clientOn(server, { retryDelayScale: 0.1 });
    await client.sessions.get(SESSION_ID);
    // Backoff for retry 1 is 250-500 ms, scaled by 0.1.
    expect(lines).toContainEqual(expect.stringMatching(/retry 1 in (2[5-9]|[34]\d|50) ms \(backoff\)$/));
  });

  it("surfaces a 503 whose Retry-After exceeds the maximum without waiting, carrying retryAfterMs", async () => {
    const seconds = MAX_RETRY_AFTER_MS / 1000 + 60;
    const server = await serve([respond(503, { detail: "maintenance" }, { "retry-after": String(seconds) })]);
    // Unscaled delays: waiting would blow the test timeout.
    const { client } = clientOn(server, { retryDelayScale: 1 });
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).retryAfterMs).toBe(seconds * 1000);
    expect(server.requests).toHaveLength(1);
  });

  it("retryConcurrencyLimit waits for a free session slot through more 429s than maxRetries, doubling from 2 s", async () => {
    const limited = respond(429, { detail: "Too many concurrent active sessions" });
    const server = await serve([limited, limited, limited, limited, respond(200, session("running"))]);
    const { client, lines } = clientOn(server, { retryConcurrencyLimit: true, maxRetries: 1, retryDelayScale: 0.001 });
    await expect(client.sessions.create({ task: "Find the weather in Paris" })).resolves.toMatchObject({ status: "running" });
    expect(server.requests).toHaveLength(5);
    // 2, 4, 8 and 16 s jittered to 50-100%, scaled by 0.001.
    const waits = lines.flatMap((line) => /retry \d in (\d+) ms \(backoff\)$/.exec(line)?.[1] ?? []).map(Number);
    expect(waits).toHaveLength(4);
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(2 ** i);
      expect(wait).toBeLessThanOrEqual(2 ** (i + 1));
    });
  });

  it("retryConcurrencyLimit surfaces the 429 once the waits would pass maxWaitMs", async () => {
    const server = await serve([respond(429, { detail: "Too many concurrent active sessions" }, { "retry-after": "3" })]);
    const { client } = clientOn(server, { retryConcurrencyLimit: { maxWaitMs: 10_000 }, retryDelayScale: 0.001 });
    const error = await rejectionOf(client.sessions.create({ task: "Find the weather in Paris" }));
    expect(error).toBeInstanceOf(RateLimitError);
    // 3 + 3 + 3 s fit in 10 s; a fourth wait would not.
    expect(server.requests).toHaveLength(4);
  });

  it("retryConcurrencyLimit surfaces at once a Retry-After longer than the whole budget", async () => {
    const server = await serve([respond(429, { detail: "slow down" }, { "retry-after": "600" })]);
    const { client } = clientOn(server, { retryConcurrencyLimit: true, retryDelayScale: 1 });
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toMatchObject({ name: "RateLimitError", retryAfterMs: 600_000 });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a 429 when retryConcurrencyLimit is true", async () => {
    const server = await serve([respond(429, { detail: "Too many concurrent active sessions" }, { "retry-after": "1" }), respond(200, session("idle"))]);
    const { client } = clientOn(server, { retryConcurrencyLimit: true });
    await expect(client.sessions.get(SESSION_ID)).resolves.toMatchObject({ status: "idle" });
    expect(server.requests).toHaveLength(2);
  });

  it("retries a refused create (429) when retryConcurrencyLimit is true, and a 500 on create still never", async () => {
    const server = await serve([respond(429, { detail: "Too many concurrent active sessions" }, { "retry-after": "0" }), respond(200, session("running")), respond(500, { detail: "boom" })]);
    const { client } = clientOn(server, { retryConcurrencyLimit: true });
    await expect(client.sessions.create({ task: "Find the weather in Paris" })).resolves.toMatchObject({ status: "running" });
    expect(server.requests).toHaveLength(2);
    await expect(client.sessions.create({ task: "Find the weather in Paris" })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3);
  });

  it("surfaces Browser Use's 429 concurrency limit at once by default, with the response headers and retryAfterMs", async () => {
    const server = await serve([respond(429, { detail: "Too many concurrent active sessions" }, { "retry-after": "0", "x-request-id": "req_429", "set-cookie": `session=${KEY}` })]);
    const { client } = clientOn(server);
    const fromGet = await rejectionOf(client.sessions.get(SESSION_ID));
    const fromCreate = await rejectionOf(client.sessions.create({ task: "Find the weather in Paris" }));
    expect(server.requests).toHaveLength(2);
    for (const error of [fromGet, fromCreate]) {
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ status: 429, providerMessage: "Too many concurrent active sessions", retryAfterMs: 0 });
      expect((error as RateLimitError).headers).toMatchObject({ "retry-after": "0", "x-request-id": "req_429", "set-cookie": "[REDACTED]", "content-type": "application/json" });
      expectNoKey(error);
    }
  });

  it("surfaces a 402 out-of-credits at once", async () => {
    const server = await serve([respond(402, { detail: "Insufficient credits" })]);
    const { client } = clientOn(server);
    const error = await rejectionOf(client.sessions.create({ task: "Find the weather in Paris" }));
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error).toMatchObject({ status: 402, providerMessage: "Insufficient credits", operation: "POST /sessions" });
  });
});

describe("billable create", () => {
  it("is sent exactly once on a 500", async () => {
    const server = await serve([respond(500, { detail: "Internal error" }), respond(200, session("created"))]);
    const { client } = clientOn(server);
    const error = await rejectionOf(client.sessions.create({ task: "Find the weather in Paris" }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ task: "Find the weather in Paris" });
  });

  it("is sent exactly once on a connection reset mid-body", async () => {
    const server = await serve([{ kind: "resetMidBody", partialBody: '{"id":"3f2c9a8e' }, respond(200, session("created"))]);
    const { client } = clientOn(server);
    const error = await rejectionOf(client.sessions.create());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it("is sent exactly once on a reset before the response", async () => {
    const server = await serve([{ kind: "resetBeforeResponse" }, respond(200, session("created"))]);
    const { client } = clientOn(server);
    await expect(client.sessions.create()).rejects.toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it("is sent exactly once on a timeout", async () => {
    const server = await serve([{ kind: "neverRespond" }, respond(200, session("created"))]);
    const { client } = clientOn(server, { timeoutMs: TIMEOUT_MS });
    const { result: error, ms } = await timed(() => rejectionOf(client.sessions.create()));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(ms).toBeLessThan(TIMEOUT_MS + 300);
  });

  it("is retried after a refused connection and delivered exactly once", async () => {
    const port = await unusedPort();
    let attempts = 0;
    let server: FaultServer | undefined;
    // The first attempt meets a closed port; the server comes up before the retry.
    const fetchThenStart: typeof fetch = async (input, init) => {
      attempts++;
      try {
        return await fetch(input, init);
      } catch (error) {
        if (!server) servers.push((server = await startFaultServer([respond(201, session("created"))], { port })));
        throw error;
      }
    };
    const { client, lines } = clientOn({ url: `http://127.0.0.1:${port}` }, { fetch: fetchThenStart });
    await expect(client.sessions.create({ task: "Find the weather in Paris" })).resolves.toMatchObject({ status: "created" });
    expect(attempts).toBe(2);
    expect(server?.requests).toHaveLength(1);
    expect(lines[0]).toMatch(/POST .*\/sessions attempt 1 ConnectionError/);
  });

  it("surfaces ConnectionError after 1 + maxRetries refused attempts, naming the root cause and address", async () => {
    const port = await unusedPort();
    const { client, lines } = clientOn({ url: `http://127.0.0.1:${port}` });
    const error = await rejectionOf(client.sessions.create());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`browser-use POST /sessions: connection failed (attempt 3): connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(inspect(error)).toContain(`code: 'ECONNREFUSED'`);
    expect(lines.filter((line) => / attempt \d ConnectionError/.test(line))).toHaveLength(3);
  });

  it("does not make a non-billable POST billable: stop is retried on a 503", async () => {
    const server = await serve([respond(503, { detail: "busy" }), respond(200, session("stopped"))]);
    const { client } = clientOn(server);
    await expect(client.sessions.stop(SESSION_ID)).resolves.toMatchObject({ status: "stopped" });
    expect(server.requests).toHaveLength(2);
  });
});

describe("a user middleware that returns a new Request", () => {
  // A tracing middleware as users write them: a new Request with one more header.
  const tracing = {
    onRequest: ({ request }: { request: Request }) => {
      const headers = new Headers(request.headers);
      headers.set("x-trace-id", "trace-0001");
      return new Request(request, { headers });
    },
  };

  it("keeps the operation's facts: stop (x-idempotent) is still retried on a 503, with the middleware's header", async () => {
    const server = await serve([respond(503, { detail: "busy" }), respond(200, session("stopped"))]);
    const { client } = clientOn(server);
    client.use(tracing);
    await expect(client.sessions.stop(SESSION_ID)).resolves.toMatchObject({ status: "stopped" });
    expect(server.requests.map((r) => r.headers["x-trace-id"])).toEqual(["trace-0001", "trace-0001"]);
  });

  it("keeps a billable create protected: sent once after a timeout", async () => {
    const server = await serve([{ kind: "neverRespond" }, respond(201, session("created"))]);
    const { client, lines } = clientOn(server, { timeoutMs: TIMEOUT_MS });
    client.use(tracing);
    expect(await rejectionOf(client.sessions.create({ task: "Find the weather in Paris" }))).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
    expect(lines.join("\n")).toContain("POST /sessions is not idempotent");
  });

  it("keeps the operation's label in transport errors", async () => {
    const server = await serve([{ kind: "neverRespond" }]);
    const { client } = clientOn(server, { timeoutMs: TIMEOUT_MS, maxRetries: 0 });
    client.use(tracing);
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toMatchObject({ name: "TimeoutError", operation: "GET /sessions/{session_id}" });
  });

  it("keeps the call's own timeoutMs and maxRetries (raw client options)", async () => {
    const server = await serve([{ kind: "neverRespond" }]);
    const { client } = clientOn(server);
    client.use(tracing);
    const call = client.GET("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } }, timeoutMs: TIMEOUT_MS, maxRetries: 0 });
    const error = await rejectionOf(call);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain(`timed out after ${TIMEOUT_MS} ms (attempt 1)`);
    expect(server.requests).toHaveLength(1);
  });

  it("passed with one call keeps the operation's facts too", async () => {
    const server = await serve([respond(503, { detail: "busy" }), respond(200, session("stopped"))]);
    const { client } = clientOn(server);
    const result = await client.POST("/sessions/{session_id}/stop", { params: { path: { session_id: SESSION_ID } }, body: {}, middleware: [tracing] });
    expect(result.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

});

describe("timeouts, aborts and broken bodies", () => {
  it("times out a response that never starts on every attempt: TimeoutError after 3 x timeoutMs", async () => {
    const server = await serve([{ kind: "neverRespond" }]);
    const { client } = clientOn(server, { timeoutMs: TIMEOUT_MS });
    const { result: error, ms } = await timed(() => rejectionOf(client.sessions.get(SESSION_ID)));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ name: "TimeoutError", operation: "GET /sessions/{session_id}", status: undefined });
    expect(error.message).toContain(`timed out after ${TIMEOUT_MS} ms (attempt 3)`);
    expect(server.requests).toHaveLength(3);
    expect(ms).toBeGreaterThanOrEqual(3 * TIMEOUT_MS - 5);
    expect(ms).toBeLessThan(3 * TIMEOUT_MS + 400);
  });

  it("times out a body that stalls after the headers", async () => {
    const server = await serve([{ kind: "stallAfterHeaders", partialBody: '{"id":' }]);
    const { client } = clientOn(server, { maxRetries: 0, timeoutMs: TIMEOUT_MS });
    const { result: error, ms } = await timed(() => rejectionOf(client.sessions.get(SESSION_ID)));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(TIMEOUT_MS + 200);
  });

  it("times out a slow drip that outlasts the per-attempt timeout", async () => {
    const chunks = JSON.stringify(session("running")).match(/.{1,8}/g)!;
    const server = await serve([{ kind: "drip", chunks, intervalMs: 40 }]);
    const { client } = clientOn(server, { maxRetries: 1, timeoutMs: TIMEOUT_MS });
    const { result: error, ms } = await timed(() => rejectionOf(client.sessions.get(SESSION_ID)));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(2);
    expect(ms).toBeLessThan(2 * TIMEOUT_MS + 300);
  });

  it("accepts a slow drip that ends within the timeout", async () => {
    const server = await serve([{ kind: "drip", chunks: ['{"id":"', SESSION_ID, '","status":', '"idle"}'], intervalMs: 20 }]);
    // 80 ms of drip under a 400 ms per-attempt timeout.
    const { client } = clientOn(server, { timeoutMs: 2 * TIMEOUT_MS });
    await expect(client.sessions.get(SESSION_ID)).resolves.toEqual({ id: SESSION_ID, status: "idle" });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a connection reset mid-body on a read and then succeeds", async () => {
    const server = await serve([{ kind: "resetMidBody", partialBody: '{"id":"3f2c' }, respond(200, session("running"))]);
    const { client } = clientOn(server);
    await expect(client.sessions.get(SESSION_ID)).resolves.toMatchObject({ status: "running" });
    expect(server.requests).toHaveLength(2);
  });

  it("turns a reset on every attempt into ConnectionError with the socket error as cause", async () => {
    const server = await serve([{ kind: "resetMidBody", partialBody: "{" }]);
    const { client } = clientOn(server, { maxRetries: 1 });
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toMatch(new RegExp(`connection failed \\(attempt 2\\): UND_ERR_SOCKET other side closed \\(127\\.0\\.0\\.1:${server.port}\\)$`));
    expect(inspect(error)).toContain("cause: TypeError: terminated");
    expect(server.requests).toHaveLength(2);
  });

  it("gives AbortError, not TimeoutError, when the caller aborts, and sends nothing more", async () => {
    const server = await serve([{ kind: "neverRespond" }]);
    const { client } = clientOn(server, { timeoutMs: 5_000 });
    const controller = new AbortController();
    const { result: error, ms } = await timed(async () => {
      const pending = rejectionOf(client.sessions.get(SESSION_ID, { signal: controller.signal }));
      // Aborted once the server holds the request, however long a loaded machine takes to send it.
      while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      return pending;
    });
    expect(error).toBeInstanceOf(AbortError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
    // Well before the 5 s per-attempt timeout would have ended it.
    expect(ms).toBeLessThan(4_000);
  });

  it("gives AbortError when the caller aborts during the backoff", async () => {
    const server = await serve([respond(503, { detail: "busy" }, { "retry-after": "5" })]);
    const controller = new AbortController();
    // Aborted when the debug log says the 5 s wait before the retry began.
    const { client } = clientOn(server, { retryDelayScale: 1, debug: (line) => line.includes(" retry 1 in ") && controller.abort() });
    const { result: error, ms } = await timed(() => rejectionOf(client.sessions.get(SESSION_ID, { signal: controller.signal })));
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
    // Well before the 5 s Retry-After would have ended the wait.
    expect(ms).toBeLessThan(4_000);
  });

  it("sends nothing for a signal that is already aborted", async () => {
    const server = await serve([respond(200, session("idle"))]);
    const { client } = clientOn(server);
    await expect(client.sessions.get(SESSION_ID, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });

  it("keeps the timeout when the caller passes a signal that never aborts", async () => {
    const server = await serve([{ kind: "neverRespond" }]);
    const { client } = clientOn(server, { maxRetries: 0, timeoutMs: TIMEOUT_MS });
    const error = await rejectionOf(client.sessions.get(SESSION_ID, { signal: new AbortController().signal }));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("tells timeout, caller abort and network failure apart", async () => {
    const server = await serve((index) => [{ kind: "neverRespond" } as const, { kind: "neverRespond" } as const, { kind: "resetBeforeResponse" } as const][index]!);
    const { client } = clientOn(server, { maxRetries: 0, timeoutMs: 100 });
    const errors = [
      await rejectionOf(client.sessions.get(SESSION_ID)),
      await rejectionOf(client.sessions.get(SESSION_ID, { signal: AbortSignal.timeout(30) })),
      await rejectionOf(client.sessions.get(SESSION_ID)),
    ];
    expect(errors.map((e) => e.name)).toEqual(["TimeoutError", "AbortError", "ConnectionError"]);
  });

  it("rejects a 200 with malformed JSON as MalformedResponseError without retrying", async () => {
    const server = await serve([{ kind: "respond", status: 200, headers: { "content-type": "application/json" }, body: '{"id": "3f2c9a8e", "status": ' }]);
    const { client } = clientOn(server);
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ status: 200, operation: "GET /sessions/{session_id}" });
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a 200 HTML page (a captive portal) as MalformedResponseError, not a bare SyntaxError", async () => {
    const server = await serve([htmlPage(200, "Sign in to Wi-Fi")]);
    const { client } = clientOn(server);
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe("browser-use GET /sessions/{session_id}: HTTP 200 body is not JSON (content-type text/html; charset=utf-8)");
    expect(server.requests).toHaveLength(1);
  });
});

describe("errors, redaction and the debug log", () => {
  it("keeps openapi-fetch's {data, error, response} for callers who do not unwrap", async () => {
    const server = await serve([respond(404, { detail: "Session not found" }, { "x-request-id": "req_404" })]);
    const { client } = clientOn(server);
    const result = await client.GET("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ detail: "Session not found" });
    expect(result.response.status).toBe(404);
    expect(result.response.headers.get("x-request-id")).toBe("req_404");
  });

  it("narrows a 404 with instanceof and carries the provider's message and request id", async () => {
    const server = await serve([respond(404, { detail: "Session not found" }, { "request-id": "req_7Hq2" })]);
    const { client } = clientOn(server);
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(ApiStatusError);
    expect(error).toMatchObject({ name: "NotFoundError", status: 404, providerMessage: "Session not found", requestId: "req_7Hq2" });
    expect(server.requests).toHaveLength(1);
  });

  it("never shows the key, even when the server echoes it in the body, code, headers and reason", async () => {
    const server = await serve([
      respond(401, { detail: `Invalid API key ${KEY}`, echo: { [KEY]: KEY } }, { "x-request-id": `req_${KEY}` }),
    ]);
    const { client, lines } = clientOn(server);
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.providerMessage).toBe("Invalid API key [REDACTED]");
    expect(JSON.stringify(error.body)).not.toContain(KEY);
    expect(server.requests[0]!.headers["x-browser-use-api-key"]).toBe(KEY);
    expectNoKey(error, lines);
  });

  it.each([
    ["option", { apiKey: `  ${KEY}\n` }],
    ["environment variable", { env: `${KEY}\r\n` }],
  ])("never shows a key given with surrounding whitespace (%s) when the server echoes the key it received", async (_, given) => {
    const server = await serve((_, request) => respond(401, { detail: `Invalid API key ${String(request.headers["x-browser-use-api-key"])}` }));
    const previous = process.env.BROWSER_USE_API_KEY;
    if ("env" in given) process.env.BROWSER_USE_API_KEY = given.env;
    try {
      const lines: string[] = [];
      const client = createBrowserUseClient({ ...("apiKey" in given ? { apiKey: given.apiKey } : {}), baseUrl: server.url, maxRetries: 0, debug: (line) => lines.push(line) });
      const error = await rejectionOf(client.sessions.get(SESSION_ID));
      // fetch strips the whitespace around a header value: the server saw the bare key, and echoed it.
      expect(server.requests[0]!.headers["x-browser-use-api-key"]).toBe(KEY);
      expect(error.providerMessage).toBe("Invalid API key [REDACTED]");
      expectNoKey(error, lines);
    } finally {
      if (previous === undefined) delete process.env.BROWSER_USE_API_KEY;
      else process.env.BROWSER_USE_API_KEY = previous;
    }
  });

  it("never shows the key, nor most of it, when a plain-text error body echoes it across the 200-character cut", async () => {
    // The key ends at character 201: a cut before the redaction would keep all of it but its last character.
    const text = `${"Denied: ".padEnd(201 - KEY.length, ".")}${KEY} is not a valid key`;
    const server = await serve([{ kind: "respond", status: 401, headers: { "content-type": "text/plain" }, body: text }]);
    const { client, lines } = clientOn(server);
    const error = await rejectionOf(client.sessions.get(SESSION_ID));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.providerMessage).toContain("[REDACTED]");
    const views = [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), JSON.stringify(error.body)];
    for (const view of views) expect(view).not.toContain(KEY.slice(0, -1));
    expectNoKey(error, lines);
  });

  it("never shows the key in transport errors or their log lines", async () => {
    const server = await serve([{ kind: "neverRespond" }, { kind: "resetMidBody", partialBody: "{" }]);
    const { client, lines } = clientOn(server, { maxRetries: 0, timeoutMs: TIMEOUT_MS, headers: { Authorization: `Bearer ${KEY}` } });
    const timeout = await rejectionOf(client.sessions.get(SESSION_ID));
    const reset = await rejectionOf(client.sessions.get(SESSION_ID));
    expectNoKey(timeout, lines);
    expectNoKey(reset, lines);
  });

  it("logs method, URL, status, attempt and ms for each attempt, with the auth header redacted", async () => {
    const server = await serve([respond(503, { detail: "busy" }), respond(200, session("idle"))]);
    const { client, lines } = clientOn(server, { headers: { "x-trace": "t-1" } });
    await client.sessions.get(SESSION_ID);
    const url = `${server.url}/sessions/${SESSION_ID}`;
    const attempts = lines.filter((line) => line.includes(" -> "));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatch(new RegExp(`^browser-use GET ${url} -> 503 attempt 1 \\d+ ms \\{.*x-browser-use-api-key: \\[REDACTED\\]`));
    expect(attempts[1]).toMatch(new RegExp(`^browser-use GET ${url} -> 200 attempt 2 \\d+ ms`));
    expect(attempts[0]).toContain("x-trace: t-1");
    expect(lines.join("\n")).not.toContain(KEY);
  });

  it("prints the debug log on stderr when BROWSER_AGENT_DEBUG=1", async () => {
    const server = await serve([respond(200, session("idle"))]);
    const script = [
      `import { createBrowserUseClient } from "./src/browser-use/client.ts";`,
      `await createBrowserUseClient({ apiKey: "${KEY}", baseUrl: "${server.url}" }).sessions.get("${SESSION_ID}");`,
    ].join("\n");
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        { env: { ...process.env, BROWSER_AGENT_DEBUG: "1" }, timeout: 10_000 },
        (error, _stdout, err) => (error ? reject(error) : resolve(err)),
      );
    });
    expect(stderr).toMatch(new RegExp(`\\[debug\\] browser-use GET ${server.url}/sessions/${SESSION_ID} -> 200 attempt 1 \\d+ ms`));
    expect(stderr).toContain("x-browser-use-api-key: [REDACTED]");
    expect(stderr).not.toContain(KEY);
  });
});

describe("streamed bodies", () => {
  it("a caller's abort still closes an event stream after its headers arrived", async () => {
    const server = await serve([{ kind: "stallAfterHeaders", status: 200, headers: { "content-type": "text/event-stream" }, partialBody: "data: {}\n\n" }]);
    const { client } = clientOn(server, { timeoutMs: TIMEOUT_MS });
    const controller = new AbortController();
    const { data } = await client.GET("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } }, parseAs: "stream", signal: controller.signal });
    const reader = (data as unknown as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    // Past the per-attempt timeout: the stream is not cut by it, only by the caller.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2));
    const pending = reader.read();
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});
