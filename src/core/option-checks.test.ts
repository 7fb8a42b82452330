/**
 * Numeric options out of range are refused with InvalidArgumentError before any request: NaN or a negative
 * poll interval used to poll without pause, a wait longer than a timer holds ended at once, and a negative
 * or fractional retry count passed silently.
 */
import { describe, expect, it } from "vitest";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createEverrunsClient } from "../everruns/client.js";
import { InvalidArgumentError } from "./errors.js";
import { respond } from "./testing/fault-server.js";
import { faultServers, rejectionOf } from "./testing/on-the-wire.js";

const serve = faultServers();
const RUN_ID = "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50";
const SESSION = "session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b";
const run = { runId: RUN_ID, task: "t", status: "RUNNING", createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:01:00Z" };
const KEY = "bb_live_option_checks_key_0123";

describe("client options", () => {
  it.each([
    [{ timeoutMs: -1 }, "timeoutMs must be a number from 1 to 2147483647, got -1"],
    [{ timeoutMs: 0 }, "timeoutMs must be a number from 1 to 2147483647, got 0"],
    [{ timeoutMs: Number.NaN }, "timeoutMs must be a number from 1 to 2147483647, got NaN"],
    [{ timeoutMs: 1e12 }, "timeoutMs must be a number from 1 to 2147483647, got 1000000000000"],
    [{ maxRetries: -1 }, "maxRetries must be a whole number from 0 to 9007199254740991, got -1"],
    [{ maxRetries: 1.5 }, "maxRetries must be a whole number from 0 to 9007199254740991, got 1.5"],
    [{ maxRetries: "2" }, 'maxRetries must be a whole number from 0 to 9007199254740991, got "2"'],
    [{ retryDelayScale: -0.5 }, "retryDelayScale must be a number from 0 to 2147483647, got -0.5"],
  ])("%j is refused when the client is made", (options, message) => {
    expect(() => createBrowserbaseClient({ apiKey: KEY, baseUrl: "http://127.0.0.1:9", ...(options as object) })).toThrow(new InvalidArgumentError(`browserbase createClient: ${message}`, { provider: "browserbase", operation: "createClient" }));
  });
});

describe("a call's own options", () => {
  it.each([
    [{ timeoutMs: -5 }, "timeoutMs must be a number from 1 to 2147483647, got -5"],
    [{ maxRetries: Number.POSITIVE_INFINITY }, "maxRetries must be a whole number from 0 to 9007199254740991, got Infinity"],
  ])("%j rejects the call with InvalidArgumentError, and nothing is sent", async (options, message) => {
    const server = await serve([respond(200, run)]);
    const error = await rejectionOf(createBrowserbaseClient({ apiKey: KEY, baseUrl: server.url }).runs.get(RUN_ID, options));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toBe(`browserbase GET /v1/agents/runs/{runId}: ${message}`);
    expect(server.requests).toHaveLength(0);
  });
});

describe("wait, page and stream options", () => {
  it.each([
    [{ intervalMs: -1 }, "intervalMs must be a number from 1 to 2147483647, got -1"],
    [{ intervalMs: Number.NaN }, "intervalMs must be a number from 1 to 2147483647, got NaN"],
    [{ timeoutMs: Number.MAX_SAFE_INTEGER }, "timeoutMs must be a number from 1 to 2147482647, got 9007199254740991"],
    [{ maxConsecutiveFailures: -1 }, "maxConsecutiveFailures must be a whole number from 0 to 9007199254740991, got -1"],
  ])("waitForRun with %j rejects with InvalidArgumentError before the first poll", async (options, message) => {
    const server = await serve([respond(200, run)]);
    const error = await rejectionOf(createBrowserbaseClient({ apiKey: KEY, baseUrl: server.url }).waitForRun(RUN_ID, options));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toBe(`browserbase waitForRun: ${message}`);
    expect(server.requests).toHaveLength(0);
  });

  it("listAll with maxPages 0 rejects with InvalidArgumentError instead of yielding nothing", async () => {
    const server = await serve([respond(200, { data: [], nextCursor: null })]);
    const error = await rejectionOf(createBrowserbaseClient({ apiKey: KEY, baseUrl: server.url }).agents.listAll({}, { maxPages: 0 }).next());
    expect(error.message).toBe("browserbase agents.listAll: maxPages must be a whole number from 1 to 9007199254740991, got 0");
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [{ idleTimeoutMs: 0 }, "idleTimeoutMs must be a number from 1 to 2147483647, got 0"],
    [{ maxReconnects: -1 }, "maxReconnects must be a whole number from 0 to 9007199254740991, got -1"],
    [{ reconnectDelayMs: Number.NaN }, "reconnectDelayMs must be a number from 0 to 2147483647, got NaN"],
  ])("streamEvents with %j throws InvalidArgumentError before connecting", async (options, message) => {
    const server = await serve([respond(200, {})]);
    const stream = createEverrunsClient({ apiKey: "evr_option_checks_key_0123", baseUrl: server.url }).streamEvents(SESSION, options);
    const error = await rejectionOf(stream.next());
    expect(error.message).toBe(`everruns GET /v1/sessions/{session_id}/sse: ${message}`);
    expect(server.requests).toHaveLength(0);
  });
});
