/**
 * `streamEvents` against a server that cycles its connections the way Everruns does (a `connected` event
 * first, `retry:` hints, heartbeats, a `disconnecting` event before it closes), with outages, on real sockets.
 * Time is compressed: one simulated minute lasts 60 ms. A connection's cycle is counted in the events it
 * delivered, not in wall time, so a loaded machine that slows the client changes no count the tests check.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError } from "../core/errors.js";
import { createEverrunsClient } from "./client.js";
import type { Event, ReconnectInfo } from "./stream-events.js";

const SESSION = "session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b";
/** One simulated minute, in real ms. */
const MINUTE_MS = 60;

const eventId = (n: number) => `event_${String(n).padStart(5, "0")}`;
function event(n: number): Event {
  return { id: eventId(n), type: "output.message.delta", ts: "2026-11-20T10:02:11.000Z", session_id: SESSION, context: {}, data: { n }, sequence: n };
}
const frame = (e: Event) => `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

/** What the server does with connection number `index` (0-based). */
type Connection = "stream" | "cut" | "reset" | { status: number; retryAfter?: string } | "endQuietly";

interface Simulation {
  url: string;
  sinceIds: (string | null)[];
  close(): Promise<void>;
}

const open: Simulation[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/**
 * A session whose log gains event n at `n * eventEveryMs` after start; each streamed connection delivers
 * at most `cycleEvents` events, then says `disconnecting` and ends. `plan(index)` picks what connection
 * `index` gets.
 */
async function simulate(options: { eventEveryMs: number; cycleEvents: number; retryMs: number; heartbeatMs: number; plan: (index: number) => Connection }): Promise<Simulation> {
  const started = performance.now();
  const produced = () => Math.floor((performance.now() - started) / options.eventEveryMs);
  const sinceIds: (string | null)[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const stream = (res: ServerResponse, sinceId: string | null, cut: boolean) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(`retry: ${options.retryMs}\nevent: connected\ndata: {}\n\n`);
    let next = sinceId === null ? 1 : Number(sinceId.slice("event_".length)) + 1;
    const last = next + options.cycleEvents - 1;
    const tick = () => {
      timers.delete(timer);
      const upTo = Math.min(produced(), last);
      if (next > upTo) res.write(": heartbeat\n\n");
      for (; next <= upTo; next++) res.write(frame(event(next)));
      if (cut && next > 3) {
        // Half of the next event, then the socket dies.
        res.write(frame(event(next)).slice(0, 40));
        return void res.socket?.destroy();
      }
      if (next > last) {
        res.end("event: disconnecting\ndata: {}\n\n");
        return;
      }
      timer = setTimeout(tick, options.heartbeatMs);
      timers.add(timer);
    };
    let timer = setTimeout(tick, 0);
    timers.add(timer);
    res.once("close", () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  const server = createServer((req, res) => {
    const sinceId = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("since_id");
    const index = sinceIds.push(sinceId) - 1;
    const plan = options.plan(index);
    if (plan === "reset") return void req.socket.destroy();
    if (plan === "endQuietly") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": heartbeat\n\n");
      const timer = setTimeout(() => res.end(), 10);
      timers.add(timer);
      return;
    }
    if (typeof plan === "object") {
      res.writeHead(plan.status, { "content-type": "application/json", ...(plan.retryAfter ? { "retry-after": plan.retryAfter } : {}) });
      return void res.end(JSON.stringify({ error: "deploy in progress" }));
    }
    stream(res, sinceId, plan === "cut");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const simulation: Simulation = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sinceIds,
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(simulation);
  return simulation;
}

const clientFor = (s: Simulation) => createEverrunsClient({ apiKey: "evr_stream_cycling_key", baseUrl: s.url, maxRetries: 0 });

async function take(stream: AsyncGenerator<Event, void, undefined>, count: number): Promise<Event[]> {
  const out: Event[] = [];
  for await (const e of stream) {
    out.push(e);
    if (out.length === count) break;
  }
  return out;
}

describe("streamEvents on a server that cycles its connections", () => {
  it("an hour of 5-minute cycles with deploy outages loses and repeats no event and never gives up", async () => {
    const HOUR_EVENTS = 360;
    // Connections 4-6: a deploy (503 with Retry-After, a reset, a 502); 9: cut mid-event; 12-13: 503s; 15: ends quietly.
    const outages: Record<number, Connection> = {
      4: { status: 503, retryAfter: "0.02" },
      5: "reset",
      6: { status: 502 },
      9: "cut",
      12: { status: 503 },
      13: { status: 429, retryAfter: "0.01" },
      15: "endQuietly",
    };
    // Six events a minute; a 5-minute cycle is 30 events.
    const simulation = await simulate({ eventEveryMs: MINUTE_MS / 6, cycleEvents: 30, retryMs: 7, heartbeatMs: 5, plan: (i) => outages[i] ?? "stream" });
    const reconnects: ReconnectInfo[] = [];
    const events = await take(clientFor(simulation).streamEvents(SESSION, { reconnectDelayMs: 5, idleTimeoutMs: 2_000, onReconnect: (info) => reconnects.push(info) }), HOUR_EVENTS);

    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: HOUR_EVENTS }, (_, i) => i + 1));
    // Every cycle the server announced was followed by an immediate reconnect resuming after the last event.
    const announced = reconnects.filter((r) => r.reason === "the server sent disconnecting");
    expect(announced.length).toBeGreaterThanOrEqual(8);
    expect(announced.every((r) => r.delayMs === 0 && r.healthy && r.attempt === 1)).toBe(true);
    // The outages were drops with backoff, the Retry-After honoured; the cut connection waited the server's retry: 7 ms.
    expect(reconnects.find((r) => r.reason.includes("HTTP 503"))?.delayMs).toBe(20);
    expect(reconnects.find((r) => r.reason.includes("HTTP 429"))?.delayMs).toBe(10);
    expect(reconnects.some((r) => !r.healthy && r.attempt === 3)).toBe(true);
    expect(reconnects.find((r) => r.reason.startsWith("the connection failed"))).toMatchObject({ healthy: true, delayMs: 7 });
    // Each connection resumed after the last event the one before it delivered.
    const delivered = new Set(events.map((e) => e.id));
    expect(simulation.sinceIds[0]).toBeNull();
    expect(simulation.sinceIds.slice(1).every((id) => id !== null && delivered.has(id))).toBe(true);
  });

  it("does not give up on a server that answers 200 and closes each idle stream after a heartbeat", async () => {
    const simulation = await simulate({ eventEveryMs: 1e9, cycleEvents: Infinity, retryMs: 5, heartbeatMs: 5, plan: (i) => (i < 8 ? "endQuietly" : "stream") });
    const reconnects: ReconnectInfo[] = [];
    const controller = new AbortController();
    const stream = clientFor(simulation).streamEvents(SESSION, { reconnectDelayMs: 1, maxReconnects: 2, signal: controller.signal, onReconnect: (info) => reconnects.push(info) });
    const first = stream.next();
    // No event ever comes here; the stream is still reconnecting after 8 closed connections, not failed.
    while (simulation.sinceIds.length < 9) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reconnects.slice(0, 8).every((r) => r.healthy && r.attempt === 1)).toBe(true);
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
  });

  it("resets the failure count after each healthy connection: failures that never come more than 2 in a row never end it", async () => {
    const simulation = await simulate({ eventEveryMs: 5, cycleEvents: 4, retryMs: 1, heartbeatMs: 5, plan: (i) => (i % 3 === 0 ? "stream" : { status: 503, retryAfter: "0" }) });
    const events = await take(clientFor(simulation).streamEvents(SESSION, { reconnectDelayMs: 1, maxReconnects: 2 }), 20);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(simulation.sinceIds.length).toBeGreaterThan(3);
  });

  it("ends with ConnectionError naming the refused connection when the server is really gone", async () => {
    const simulation = await simulate({ eventEveryMs: 2, cycleEvents: Infinity, retryMs: 1, heartbeatMs: 2, plan: () => "stream" });
    const reconnects: ReconnectInfo[] = [];
    const stream = clientFor(simulation).streamEvents(SESSION, { reconnectDelayMs: 1, maxReconnects: 3, onReconnect: (info) => reconnects.push(info) });
    const seen: Event[] = [];
    for (let i = 0; i < 3; i++) seen.push((await stream.next()).value as Event);
    await simulation.close();
    const rest: Event[] = [];
    const error = await (async () => {
      for await (const e of stream) rest.push(e);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/gave up after 4 dropped connections in a row \(last: .*ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
    expect(reconnects.filter((r) => !r.healthy).map((r) => r.attempt)).toEqual([2, 3, 4]);
    // Nothing was lost or repeated up to the end.
    const all = [...seen, ...rest].map((e) => e.sequence);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });
});
