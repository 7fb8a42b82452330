import { afterEach, describe, expect, it, vi } from "vitest";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createBrowserUseClient } from "../browser-use/client.js";
import { createEverrunsClient } from "../everruns/client.js";
import { createThinkRunClient } from "../thinkrun/client.js";
import { AbortError, BrowserAgentError, ConnectionError, InternalServerError, MalformedResponseError, NotFoundError, PollTimeoutError, RateLimitError, TimeoutError } from "./errors.js";
import { POLL_DEADLINE_GRACE_MS, pollUntil, type PollTarget } from "./poll.js";
import { respond, startFaultServer, type FaultServer } from "./testing/fault-server.js";
import { faultServers, rejectionOf } from "./testing/on-the-wire.js";

interface Run {
  status: "queued" | "running" | "done" | "failed";
}

/** A target whose loads return `states` in order (the last repeats), each after `loadMs`. */
function runTarget(states: Run["status"][], loadMs = 0, random = () => 0.5) {
  const loadsStartedAt: number[] = [];
  const target: PollTarget<Run> = {
    provider: "thinkrun",
    operation: "waitForRun",
    async load() {
      loadsStartedAt.push(performance.now());
      const status = states[Math.min(loadsStartedAt.length - 1, states.length - 1)]!;
      if (loadMs > 0) await new Promise((resolve) => setTimeout(resolve, loadMs));
      return { status };
    },
    isTerminal: (run) => run.status === "done" || run.status === "failed",
    describe: (run) => `status ${run.status}`,
    random,
  };
  return { target, loadsStartedAt };
}

describe("pollUntil", () => {
  it("returns the terminal state and reports every state seen to onProgress", async () => {
    const { target, loadsStartedAt } = runTarget(["queued", "running", "running", "done"]);
    const seen: string[] = [];
    const run = await pollUntil(target, { intervalMs: 5, timeoutMs: 1_000, onProgress: (r) => seen.push(r.status) });
    expect(run).toEqual({ status: "done" });
    expect(seen).toEqual(["queued", "running", "running", "done"]);
    expect(loadsStartedAt).toHaveLength(4);
  });

  it("returns a failed terminal state instead of throwing", async () => {
    const { target } = runTarget(["running", "failed"]);
    await expect(pollUntil(target, { intervalMs: 5, timeoutMs: 1_000 })).resolves.toEqual({ status: "failed" });
  });

  it("throws PollTimeoutError with the last state at the deadline", async () => {
    const { target } = runTarget(["queued", "running"]);
    const started = performance.now();
    const error = await pollUntil(target, { intervalMs: 20, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toBeInstanceOf(BrowserAgentError);
    expect(error).toMatchObject({ provider: "thinkrun", operation: "waitForRun", lastState: { status: "running" } });
    expect((error as Error).message).toBe("thinkrun waitForRun: no terminal state after 100 ms (last: status running)");
    // Within the documented grace after the deadline (timer delays of a loaded machine included).
    expect(performance.now() - started).toBeLessThan(100 + POLL_DEADLINE_GRACE_MS);
  });

  it("clamps the last sleep to the time left, then loads once more at the deadline", async () => {
    const { target, loadsStartedAt } = runTarget(["running"]);
    const started = performance.now();
    await expect(pollUntil(target, { intervalMs: 10_000, timeoutMs: 80 })).rejects.toBeInstanceOf(PollTimeoutError);
    const ms = performance.now() - started;
    expect(loadsStartedAt).toHaveLength(2);
    expect(loadsStartedAt[1]! - started).toBeGreaterThanOrEqual(75);
    // Not the 10 s interval: within the documented grace after the deadline.
    expect(ms).toBeLessThan(80 + POLL_DEADLINE_GRACE_MS);
  });

  it("returns a terminal state that arrives just past the deadline", async () => {
    // The second load starts at the deadline and resolves 60 ms after it.
    const { target } = runTarget(["running", "done"], 60);
    await expect(pollUntil(target, { intervalMs: 10_000, timeoutMs: 100 })).resolves.toEqual({ status: "done" });
  });

  it("jitters the interval within ±20%", async () => {
    // The sleeps asked of the timer (not the wall-clock gaps, which a loaded machine stretches).
    const sleepsWith = async (random: () => number) => {
      const timer = vi.spyOn(globalThis, "setTimeout");
      try {
        await pollUntil(runTarget(["running", "running", "done"], 0, random).target, { intervalMs: 50, timeoutMs: 1_000 });
        // The wait's own deadline timer (timeoutMs plus the grace) is not a sleep between loads.
        return timer.mock.calls.map((call) => call[1] as number).filter((ms) => ms < 1_000);
      } finally {
        timer.mockRestore();
      }
    };
    expect(await sleepsWith(() => 0)).toEqual([40, 40]);
    const high = await sleepsWith(() => 0.999);
    expect(high).toHaveLength(2);
    for (const ms of high) expect(ms).toBeCloseTo(59.98, 2);
  });

  it("throws AbortError when the signal aborts during the sleep", async () => {
    const { target, loadsStartedAt } = runTarget(["running"]);
    const started = performance.now();
    const error = await pollUntil(target, { intervalMs: 5_000, timeoutMs: 60_000, signal: AbortSignal.timeout(40) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ operation: "waitForRun" });
    expect(loadsStartedAt).toHaveLength(1);
    // Not the 5 s interval.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("loads nothing for a signal that is already aborted", async () => {
    const { target, loadsStartedAt } = runTarget(["done"]);
    await expect(pollUntil(target, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(loadsStartedAt).toHaveLength(0);
  });

  it("lets a load error through unchanged", async () => {
    const failure = new Error("boom");
    const target: PollTarget<Run> = { ...runTarget([]).target, load: () => Promise.reject(failure) };
    await expect(pollUntil(target, { intervalMs: 5 })).rejects.toBe(failure);
  });
});

describe("waitForSession through the fault server", () => {
  const SESSION_ID = "3f2c9a8e-1b7d-4c6e-9f0a-5d4b3c2a1e0f";
  const session = (status: string, isTaskSuccessful: boolean | null = null) => ({ id: SESSION_ID, status, stepCount: 2, isTaskSuccessful });
  let server: FaultServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const clientOn = (s: FaultServer) => createBrowserUseClient({ apiKey: "bu_key_for_polling", baseUrl: s.url, timeoutMs: 3_000, retryDelayScale: 0.01 });

  it("polls until the session stops and returns it, surviving a 503 on the way", async () => {
    server = await startFaultServer([respond(200, session("created")), respond(503, { detail: "busy" }), respond(200, session("running")), respond(200, session("stopped", true))]);
    const seen: string[] = [];
    const result = await clientOn(server).waitForSession(SESSION_ID, { intervalMs: 5, timeoutMs: 2_000, onProgress: (s) => seen.push(s.status) });
    expect(result).toMatchObject({ status: "stopped", isTaskSuccessful: true });
    expect(seen).toEqual(["created", "running", "stopped"]);
    expect(server.requests).toHaveLength(4);
  });

  it("returns an idle session whose task failed (keepAlive) without throwing", async () => {
    server = await startFaultServer([respond(200, session("running")), respond(200, session("idle", false))]);
    await expect(clientOn(server).waitForSession(SESSION_ID, { intervalMs: 5 })).resolves.toMatchObject({ status: "idle", isTaskSuccessful: false });
  });

  it("throws PollTimeoutError with the last session when it keeps running", async () => {
    server = await startFaultServer([respond(200, session("running"))]);
    const error = await clientOn(server).waitForSession(SESSION_ID, { intervalMs: 20, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError).lastState).toMatchObject({ status: "running" });
    expect((error as Error).message).toContain("last: status running, 2 steps");
  });

  it("throws AbortError when the caller aborts while a poll request hangs", async () => {
    server = await startFaultServer([respond(200, session("running")), { kind: "neverRespond" }]);
    const client = createBrowserUseClient({ apiKey: "bu_key_for_polling", baseUrl: server.url, timeoutMs: 5_000 });
    const started = performance.now();
    const error = await client.waitForSession(SESSION_ID, { intervalMs: 5, signal: AbortSignal.timeout(80) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    // Not the 5 s per-attempt timeout of the hung request.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("waitForRun: deadlines and transient failures on real sockets", () => {
  const RUN_ID = "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50";
  const run = (status: string) => ({ runId: RUN_ID, task: "Find the price", status, createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:01:00Z" });
  const serve = faultServers();
  // A per-attempt timeout far longer than the waits: only the wait's own deadline can end a hung request.
  const clientOn = (s: FaultServer, maxRetries = 0) =>
    createBrowserbaseClient({ apiKey: "bb_live_poll_key", baseUrl: s.url, timeoutMs: 60_000, maxRetries, retryDelayScale: 0.01 });

  it("ends a wait whose request hangs with PollTimeoutError carrying the last run, not the request's TimeoutError", async () => {
    const server = await serve([respond(200, run("RUNNING")), { kind: "neverRespond" }]);
    const error = await rejectionOf(clientOn(server, 2).waitForRun(RUN_ID, { intervalMs: 10, timeoutMs: 300 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError).lastState).toEqual(run("RUNNING"));
    expect(error.message).toBe("browserbase waitForRun: no terminal state after 300 ms (last: status RUNNING)");
    // The hung request was aborted, not retried.
    expect(server.requests).toHaveLength(2);
  });

  it("ends with PollTimeoutError and no last state when the first request hangs", async () => {
    const server = await serve([{ kind: "neverRespond" }]);
    const error = await rejectionOf(clientOn(server).waitForRun(RUN_ID, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError).lastState).toBeUndefined();
    expect(error.message).toContain("(last: none, no request finished)");
  });

  it("survives three transient failures in a row (503, reset, per-attempt timeout) and returns the terminal run", async () => {
    const server = await serve([respond(200, run("RUNNING")), respond(503, { message: "busy" }), { kind: "resetBeforeResponse" }, { kind: "neverRespond" }, respond(200, run("COMPLETED"))]);
    const client = createBrowserbaseClient({ apiKey: "bb_live_poll_key", baseUrl: server.url, timeoutMs: 600, maxRetries: 0 });
    const seen: string[] = [];
    await expect(client.waitForRun(RUN_ID, { intervalMs: 5, timeoutMs: 20_000, onProgress: (r) => seen.push(r.status) })).resolves.toEqual(run("COMPLETED"));
    expect(seen).toEqual(["RUNNING", "COMPLETED"]);
    expect(server.requests).toHaveLength(5);
  });

  it("throws the fourth transient failure in a row", async () => {
    const server = await serve([respond(200, run("RUNNING")), respond(502, { message: "bad gateway" })]);
    const error = await rejectionOf(clientOn(server).waitForRun(RUN_ID, { intervalMs: 5, timeoutMs: 20_000 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1 + 4);
  });

  it("waits the Retry-After of a 429 before the next poll instead of the shorter interval", async () => {
    const server = await serve([respond(200, run("RUNNING")), respond(429, { message: "slow down" }, { "retry-after-ms": "300" }), respond(200, run("COMPLETED"))]);
    await expect(clientOn(server).waitForRun(RUN_ID, { intervalMs: 5, timeoutMs: 20_000 })).resolves.toEqual(run("COMPLETED"));
    expect(server.requests).toHaveLength(3);
    // A lower bound only (a loaded machine makes the gap longer, never shorter): the server's 300 ms, not the 5 ms interval.
    expect(server.requests[2]!.at - server.requests[1]!.at).toBeGreaterThanOrEqual(290);
  });

  it("does not spend its failures in a burst on a Retry-After past the deadline: one more poll at the deadline, then PollTimeoutError", async () => {
    const server = await serve([respond(200, run("RUNNING")), respond(429, { message: "slow down" }, { "retry-after": "120" })]);
    const error = await rejectionOf(clientOn(server).waitForRun(RUN_ID, { intervalMs: 5, timeoutMs: 300 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError).lastState).toEqual(run("RUNNING"));
    expect(error.cause).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(3);
  });

  it("throws a failure that is not transient (404) at once", async () => {
    const server = await serve([respond(404, { statusCode: 404, error: "Not Found", message: "Run not found" })]);
    await expect(clientOn(server, 2).waitForRun(RUN_ID, { intervalMs: 5 })).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("waits on a state without its status", () => {
  const serve = faultServers();
  // Each provider's wait, on a 200 whose body lacks the required `status` (a renamed field): the wait cannot
  // tell a terminal state, so it would poll to its deadline (15 minutes by default) and end "status undefined".
  const waits = {
    "browser-use waitForSession": (url: string) => createBrowserUseClient({ apiKey: "bu_poll_key", baseUrl: url, maxRetries: 0 }).waitForSession("3f2c9a8e-1b7d-4c6e-9f0a-5d4b3c2a1e0f", { intervalMs: 1 }),
    "browserbase waitForRun": (url: string) => createBrowserbaseClient({ apiKey: "bb_poll_key", baseUrl: url, maxRetries: 0 }).waitForRun("8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50", { intervalMs: 1 }),
    "thinkrun waitForSessionReady": (url: string) => createThinkRunClient({ apiKey: "tr_poll_key", baseUrl: url, maxRetries: 0 }).waitForSessionReady("session-abc123", { intervalMs: 1 }),
    "everruns waitForTurn": (url: string) =>
      createEverrunsClient({ apiKey: "evr_poll_key", baseUrl: url, orgId: "org_0194a2e07b1c7d2e9f30a4b5c6d7e8f9", maxRetries: 0 }).waitForTurn("session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b", { intervalMs: 1 }),
  };

  it.each(Object.keys(waits))("%s rejects with MalformedResponseError at the first such state instead of polling to its deadline", async (name) => {
    const server = await serve(() => respond(200, { id: "x", state: "running", data: [] }));
    const error = await rejectionOf(waits[name as keyof typeof waits](server.url));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain("has no status");
    expect(server.requests.filter((r) => !r.path.includes("/messages"))).toHaveLength(1);
  });
});

describe("pollUntil failure counting", () => {
  const failing = (errors: unknown[]) => {
    let calls = 0;
    const target: PollTarget<Run> = {
      ...runTarget([]).target,
      async load() {
        const error = errors[calls++];
        if (error === "done") return { status: "done" };
        if (error) throw error;
        return { status: "running" };
      },
    };
    return target;
  };
  const context = { provider: "thinkrun", operation: "GET /x" };

  it("counts only failures in a row: a successful load starts the count again", async () => {
    const transient = () => new ConnectionError("reset", context);
    const target = failing([transient(), transient(), undefined, transient(), transient(), "done"]);
    await expect(pollUntil(target, { intervalMs: 1, maxConsecutiveFailures: 2 })).resolves.toEqual({ status: "done" });
  });

  it("with maxConsecutiveFailures 0 throws the first transient failure", async () => {
    const failure = new TimeoutError("slow", context);
    await expect(pollUntil(failing([failure]), { intervalMs: 1, maxConsecutiveFailures: 0 })).rejects.toBe(failure);
  });
});
