/**
 * `runs.followMessages` on a real socket: like every long wait, it outlasts a few transient failures in a row
 * (a 5xx, a reset) and ends on the first other error, or on one failure too many.
 */
import { describe, expect, it } from "vitest";
import { InternalServerError, InvalidArgumentError, MalformedResponseError, NotFoundError } from "../core/errors.js";
import { respond, type FaultBehaviour } from "../core/testing/fault-server.js";
import { faultServers, rejectionOf } from "../core/testing/on-the-wire.js";
import { createBrowserbaseClient } from "./client.js";
import type { AgentRunMessage } from "./index.js";

const serve = faultServers();
const RUN_ID = "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50";
const run = (status: string) => ({ runId: RUN_ID, task: "t", status, createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:01:00Z" });
const message = (id: string) => ({ id, runId: RUN_ID, role: "assistant", content: `text ${id}`, createdAt: "2026-11-20T10:00:30Z" });
const busy = respond(503, { statusCode: 503, error: "Service Unavailable", message: "busy" });

/** A server answering run reads from `runs` and message reads from `batches`, each in order (the last repeats). */
async function runServer(runs: FaultBehaviour[], batches: unknown[]) {
  let r = 0;
  let m = 0;
  const server = await serve((_, request) =>
    request.path.includes("/messages") ? respond(200, batches[Math.min(m++, batches.length - 1)]) : runs[Math.min(r++, runs.length - 1)]!,
  );
  return { server, client: createBrowserbaseClient({ apiKey: "bb_live_follow_key_0123", baseUrl: server.url, maxRetries: 0 }) };
}

async function collect(stream: AsyncGenerator<AgentRunMessage, void, undefined>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of stream) ids.push(item.id);
  return ids;
}

describe("runs.followMessages under transient failures", () => {
  it("outlasts a 503 and a reset between healthy polls, and yields every message once", async () => {
    const { client } = await runServer(
      [busy, respond(200, run("RUNNING")), { kind: "resetBeforeResponse" }, respond(200, run("COMPLETED"))],
      [{ data: [message("m1")], nextSince: "m1" }, { data: [message("m2")], nextSince: "m2" }, { data: [], nextSince: "m2" }],
    );
    expect(await collect(client.runs.followMessages(RUN_ID, { intervalMs: 1 }))).toEqual(["m1", "m2"]);
  });

  it("ends with the last failure after maxConsecutiveFailures + 1 in a row", async () => {
    const { client, server } = await runServer([respond(200, run("RUNNING")), busy], [{ data: [], nextSince: null }]);
    const error = await rejectionOf(collect(client.runs.followMessages(RUN_ID, { intervalMs: 1, maxConsecutiveFailures: 2 })));
    expect(error).toBeInstanceOf(InternalServerError);
    // One healthy poll (run + messages), then three failed run reads.
    expect(server.requests.map((r) => r.path.endsWith("/messages") || r.path.includes("/messages?"))).toEqual([false, true, false, false, false]);
  });

  it("ends at once on an error that is not transient (404)", async () => {
    const { client, server } = await runServer([respond(200, run("RUNNING")), respond(404, { statusCode: 404, error: "Not Found", message: "Run not found" })], [{ data: [], nextSince: null }]);
    await expect(collect(client.runs.followMessages(RUN_ID, { intervalMs: 1 }))).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(3);
  });

  it("waits the Retry-After of a 429 before the next poll instead of the shorter interval", async () => {
    const slowDown = respond(429, { statusCode: 429, error: "Too Many Requests", message: "slow down" }, { "retry-after-ms": "300" });
    const { client, server } = await runServer([slowDown, respond(200, run("COMPLETED"))], [{ data: [message("m1")], nextSince: "m1" }, { data: [], nextSince: "m1" }]);
    expect(await collect(client.runs.followMessages(RUN_ID, { intervalMs: 1 }))).toEqual(["m1"]);
    // A lower bound only (load makes the gap longer, never shorter): the server's 300 ms, not the 1 ms interval.
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it("rejects a batch whose data is not a list with MalformedResponseError, not a TypeError", async () => {
    const { client } = await runServer([respond(200, run("RUNNING"))], [{ messages: [message("m1")], nextSince: "m1" }]);
    const error = await rejectionOf(collect(client.runs.followMessages(RUN_ID, { intervalMs: 1 })));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain("runs.followMessages");
  });

  it.each([{ intervalMs: Number.NaN }, { maxConsecutiveFailures: -1 }])("refuses %j with InvalidArgumentError before any request", async (options) => {
    const { client, server } = await runServer([respond(200, run("RUNNING"))], [{ data: [], nextSince: null }]);
    await expect(collect(client.runs.followMessages(RUN_ID, options))).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });
});
