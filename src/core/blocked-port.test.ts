import { describe, expect, it } from "vitest";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createEverrunsClient } from "../everruns/client.js";
import { InvalidArgumentError } from "./errors.js";
import { rejectionOf } from "./testing/on-the-wire.js";

// Port 6000 (X11) is one of the Fetch standard's "bad ports": fetch refuses it before opening any connection,
// so nothing needs to listen there and nothing leaves the machine.
const BLOCKED = "http://127.0.0.1:6000";
const API_KEY = "bb_blocked_port_key_0123456789";

function logged() {
  const lines: string[] = [];
  return { lines, debug: (line: string) => lines.push(line) };
}

describe("a base URL on a port fetch refuses", () => {
  it("rejects a create with InvalidArgumentError naming the port, saying nothing was sent", async () => {
    const log = logged();
    const client = createBrowserbaseClient({ apiKey: API_KEY, baseUrl: BLOCKED, debug: log.debug });
    const error = await rejectionOf(client.agents.create({ name: "blocked" }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/port 6000/);
    expect((error as Error).message).toMatch(/not sent/);
    expect(log.lines.join("\n")).not.toMatch(/may have reached/);
    expect(log.lines.join("\n")).not.toContain(API_KEY);
  });

  it("does not retry a GET that fetch refuses, since every resend fails the same way", async () => {
    const log = logged();
    const client = createBrowserbaseClient({ apiKey: API_KEY, baseUrl: BLOCKED, debug: log.debug, maxRetries: 2 });
    expect(await rejectionOf(client.agents.list())).toBeInstanceOf(InvalidArgumentError);
    expect(log.lines.some((line) => / attempt 1\b/.test(line))).toBe(true);
    expect(log.lines.filter((line) => / attempt [2-9]| retry \d/.test(line))).toEqual([]);
  });

  it("ends an Everruns event stream at once instead of reconnecting", async () => {
    const client = createEverrunsClient({ apiKey: "evr_blocked_port_key_0123456789", baseUrl: BLOCKED, orgId: "org_0194a2e07b1c7d2e9f30a4b5c6d7e8f9" });
    const reconnects: unknown[] = [];
    const stream = client.streamEvents("session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b", { reconnectDelayMs: 1, onReconnect: (info) => reconnects.push(info) });
    expect(await rejectionOf(stream.next())).toBeInstanceOf(InvalidArgumentError);
    expect(reconnects).toEqual([]);
  });
});
