/** `waitForTurn` on a real socket: `idle` ends the wait only once there is evidence the message's turn ran. */
import { describe, expect, it } from "vitest";
import { MalformedResponseError, PollTimeoutError } from "../core/errors.js";
import { respond, type FaultBehaviour, type FaultServer, type RecordedRequest } from "../core/testing/fault-server.js";
import { faultServers, rejectionOf } from "../core/testing/on-the-wire.js";
import { createEverrunsClient } from "./client.js";

const SESSION = "session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b";
const session = (status: string) => ({
  id: SESSION,
  organization_id: "org_0194a2e07b1c7d2e9f30a4b5c6d7e8f9",
  agent_id: "agent_0194a2e9d0e17f2a8b3c4d5e6f708192",
  status,
  created_at: "2026-11-20T10:02:11Z",
  updated_at: "2026-11-20T10:02:40Z",
});
const message = (id: string, role: string) => ({ id, role, content: [{ type: "text", text: `${role} ${id}` }] });

const serve = faultServers();

/** A server answering session reads with `statuses` and message lists with `lists`, each in order (the last repeats). */
function everruns(statuses: string[], lists: ReturnType<typeof message>[][]) {
  let s = 0;
  let m = 0;
  return (_index: number, request: RecordedRequest): FaultBehaviour =>
    request.path.endsWith("/messages")
      ? respond(200, { data: lists[Math.min(m++, lists.length - 1)] })
      : respond(200, session(statuses[Math.min(s++, statuses.length - 1)]!));
}

const clientOn = (server: FaultServer) => createEverrunsClient({ apiKey: "evr_wait_for_turn_key", baseUrl: server.url, maxRetries: 0 });
const paths = (server: FaultServer) => server.requests.map((r) => r.path.replace(`/v1/sessions/${SESSION}`, "") || "/");

describe("waitForTurn", () => {
  it("keeps waiting while the turn is queued (idle with no reply yet), then returns once it ran", async () => {
    const server = await serve(everruns(["idle", "active", "idle"], [[message("m1", "user")]]));
    await expect(clientOn(server).waitForTurn(SESSION, { intervalMs: 5 })).resolves.toMatchObject({ status: "idle" });
    expect(paths(server)).toEqual(["/", "/messages", "/", "/"]);
  });

  it("returns at the first idle poll when the reply is already there (a turn that ran between polls)", async () => {
    const server = await serve(everruns(["idle"], [[message("m1", "user"), message("m2", "agent")]]));
    await expect(clientOn(server).waitForTurn(SESSION, { intervalMs: 5 })).resolves.toMatchObject({ status: "idle" });
    expect(paths(server)).toEqual(["/", "/messages"]);
  });

  it("waits for the reply to the given message, not to an earlier one", async () => {
    const earlier = [message("m1", "user"), message("m2", "agent"), message("m3", "user")];
    const server = await serve(everruns(["idle"], [earlier, [...earlier, message("m4", "tool_result")]]));
    await expect(clientOn(server).waitForTurn(SESSION, { intervalMs: 5, messageId: "m3" })).resolves.toMatchObject({ status: "idle" });
    expect(paths(server)).toEqual(["/", "/messages", "/", "/messages"]);
  });

  it("ends with PollTimeoutError saying the turn has not run when it never does", async () => {
    const server = await serve(everruns(["idle"], [[message("m1", "user")]]));
    const error = await rejectionOf(clientOn(server).waitForTurn(SESSION, { intervalMs: 20, timeoutMs: 100 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.message).toContain("(last: status idle, the turn has not run yet)");
    expect((error as PollTimeoutError).lastState).toMatchObject({ status: "idle" });
  });

  it("rejects with MalformedResponseError when the message list it reads for evidence is not a list, instead of a TypeError", async () => {
    const server = await serve((_i, request) => respond(200, request.path.endsWith("/messages") ? { messages: [message("m1", "user")] } : session("idle")));
    const error = await rejectionOf(clientOn(server).waitForTurn(SESSION, { intervalMs: 5 }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ provider: "everruns", operation: "waitForTurn" });
    expect(paths(server)).toEqual(["/", "/messages"]);
  });

  it("with until, stops at the first session it accepts and reads no messages", async () => {
    const server = await serve(everruns(["idle"], [[]]));
    await expect(clientOn(server).waitForTurn(SESSION, { until: (s) => s.status === "idle" })).resolves.toMatchObject({ status: "idle" });
    expect(paths(server)).toEqual(["/"]);
  });
});
