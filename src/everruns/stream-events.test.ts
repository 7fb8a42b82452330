import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { AbortError, BrowserAgentError, ConnectionError, MalformedResponseError, NotFoundError, TimeoutError } from "../core/errors.js";
import { createEverrunsClient } from "./client.js";
import { MalformedEventError } from "./errors.js";
import type { Event, ReconnectInfo, StreamEventsOptions } from "./stream-events.js";

const SESSION = "session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b";
const API_KEY = "evr_stream_test_key_0123456789abcdef";

function event(sequence: number): Event {
  return {
    id: `event_${String(sequence).padStart(4, "0")}`,
    type: sequence === 1 ? "input.message" : "output.message.delta",
    ts: `2026-11-20T10:02:${String(10 + sequence).padStart(2, "0")}.000Z`,
    session_id: SESSION,
    context: { turn_id: "turn_0194a2f1c4037c4d9e5f607182930415" },
    data: { delta: `part ${sequence}` },
    sequence,
  };
}

const LOG = [1, 2, 3, 4, 5].map(event);

function sse(e: Event): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

/** The events of LOG after `sinceId` (exclusive), as the real server resumes. */
function after(sinceId: string | null): Event[] {
  if (sinceId === null) return LOG;
  return LOG.slice(LOG.findIndex((e) => e.id === sinceId) + 1);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SeenRequest {
  path: string;
  sinceId: string | null;
  headers: IncomingMessage["headers"];
  /** Resolves when the server sees this connection close. */
  closed: Promise<void>;
}

interface TestServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

type Handler = (request: SeenRequest, response: ServerResponse, index: number) => void | Promise<void>;

const servers: TestServer[] = [];

// A real HTTP server on 127.0.0.1 (port picked by the OS); `handler` decides what connection N gets.
async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const seen: SeenRequest = {
      path: url.pathname,
      sinceId: url.searchParams.get("since_id"),
      headers: req.headers,
      closed: new Promise((resolve) => res.once("close", () => resolve())),
    };
    requests.push(seen);
    void handler(seen, res, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const handle: TestServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function openStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
}

function clientFor(server: TestServer) {
  return createEverrunsClient({ apiKey: API_KEY, baseUrl: server.url, orgId: "org_0194a2e07b1c7d2e9f30a4b5c6d7e8f9", maxRetries: 0 });
}

// Short reconnect waits; an idle timeout long enough that only the idle tests (which shorten it) ever hit it.
const FAST: StreamEventsOptions = { idleTimeoutMs: 2_000, reconnectDelayMs: 5, maxReconnects: 3 };

async function take(stream: AsyncGenerator<Event, void, undefined>, count: number): Promise<Event[]> {
  const out: Event[] = [];
  if (count === 0) return out;
  for await (const e of stream) {
    out.push(e);
    if (out.length === count) break;
  }
  return out;
}

describe("streamEvents against a local SSE server", () => {
  it("yields the events of a normal stream in order, ignores heartbeats, and closes the connection when the consumer stops", async () => {
    const server = await startServer((_, res) => {
      openStream(res);
      res.write(": heartbeat\n\n");
      res.write(sse(LOG[0]!) + ": heartbeat\n\n" + sse(LOG[1]!));
      res.write(sse(LOG[2]!));
    });
    const events = await take(clientFor(server).streamEvents(SESSION, FAST), 3);

    expect(events).toEqual(LOG.slice(0, 3));
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe(`/v1/sessions/${SESSION}/sse`);
    expect(request!.sinceId).toBeNull();
    expect(request!.headers.authorization).toBe(API_KEY);
    expect(request!.headers["x-org-id"]).toBe("org_0194a2e07b1c7d2e9f30a4b5c6d7e8f9");
    expect(request!.headers.accept).toBe("text/event-stream");
    await request!.closed;
  });

  it("starts after sinceId when one is given", async () => {
    const server = await startServer((req, res) => {
      openStream(res);
      res.write(after(req.sinceId).map(sse).join(""));
    });
    const events = await take(clientFor(server).streamEvents(SESSION, { ...FAST, sinceId: "event_0003" }), 2);
    expect(events.map((e) => e.id)).toEqual(["event_0004", "event_0005"]);
    expect(server.requests[0]!.sinceId).toBe("event_0003");
  });

  it("resumes a connection cut mid-event with since_id = the last delivered id, losing and repeating nothing", async () => {
    const server = await startServer(async (req, res, index) => {
      openStream(res);
      if (index === 0) {
        res.write(sse(LOG[0]!) + sse(LOG[1]!));
        // Half of the third event, then the socket dies without the chunked terminator.
        res.write(sse(LOG[2]!).slice(0, 60));
        await pause(30);
        res.socket?.destroy();
        return;
      }
      res.write(after(req.sinceId).map(sse).join(""));
    });
    const reconnects: ReconnectInfo[] = [];
    const events = await take(clientFor(server).streamEvents(SESSION, { ...FAST, onReconnect: (info) => reconnects.push(info) }), 5);

    expect(events).toEqual(LOG);
    expect(server.requests.map((r) => r.sinceId)).toEqual([null, "event_0002"]);
    expect(reconnects).toEqual([expect.objectContaining({ attempt: 1, sinceId: "event_0002", reason: expect.stringContaining("connection failed") })]);
  });

  it("resumes after the server ends the response cleanly", async () => {
    const server = await startServer((req, res, index) => {
      openStream(res);
      if (index === 0) {
        res.end(sse(LOG[0]!) + sse(LOG[1]!));
        return;
      }
      res.write(after(req.sinceId).map(sse).join(""));
    });
    const events = await take(clientFor(server).streamEvents(SESSION, FAST), 5);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.sinceId)).toEqual([null, "event_0002"]);
  });

  it("resumes from the event's own id when the SSE id: field is empty", async () => {
    const server = await startServer((req, res, index) => {
      openStream(res);
      if (index === 0) {
        res.end(`id:\nevent: ${LOG[0]!.type}\ndata: ${JSON.stringify(LOG[0])}\n\n`);
        return;
      }
      res.write(after(req.sinceId).map(sse).join(""));
    });
    const events = await take(clientFor(server).streamEvents(SESSION, FAST), 5);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.sinceId)).toEqual([null, "event_0001"]);
  });

  it("skips an event the server replays after a resume, so none is yielded twice", async () => {
    // This server ignores since_id and always sends the whole log, then drops the connection.
    const server = await startServer((_, res, index) => {
      openStream(res);
      res.end(LOG.slice(0, index + 2).map(sse).join(""));
    });
    const events = await take(clientFor(server).streamEvents(SESSION, FAST), 3);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
  });

  it("keeps a connection that sends only heartbeats alive past the idle timeout", async () => {
    const server = await startServer(async (_, res) => {
      openStream(res);
      for (let i = 0; i < 25; i++) {
        res.write(": heartbeat\n\n");
        await pause(15);
      }
      res.write(sse(LOG[0]!));
    });
    const events = await take(clientFor(server).streamEvents(SESSION, { ...FAST, idleTimeoutMs: 250 }), 1);
    expect(events).toEqual([LOG[0]]);
    expect(server.requests).toHaveLength(1);
  });

  it("drops a connection that falls silent past the idle timeout and continues when events come back", async () => {
    const server = await startServer((req, res, index) => {
      openStream(res);
      if (index === 0) {
        // One event and one heartbeat, then silence: the connection stays open but nothing arrives.
        res.write(sse(LOG[0]!) + ": heartbeat\n\n");
        return;
      }
      res.write(after(req.sinceId).map(sse).join(""));
    });
    const reconnects: ReconnectInfo[] = [];
    const events = await take(clientFor(server).streamEvents(SESSION, { ...FAST, idleTimeoutMs: 80, onReconnect: (info) => reconnects.push(info) }), 5);

    expect(events).toEqual(LOG);
    expect(server.requests.map((r) => r.sinceId)).toEqual([null, "event_0001"]);
    expect(reconnects[0]?.reason).toBe("nothing received for 80 ms");
    await server.requests[0]!.closed;
  });

  it("throws a ConnectionError after maxReconnects silent connections in a row", async () => {
    const server = await startServer((_, res) => {
      openStream(res);
      res.write(": heartbeat\n\n");
    });
    const started = Date.now();
    const error = await take(clientFor(server).streamEvents(SESSION, { ...FAST, idleTimeoutMs: 40, maxReconnects: 2 }), 1).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/gave up after 3 dropped connections in a row/);
    expect((error as ConnectionError).cause).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a server's retry: 0 shortens the wait after a healthy connection, never the backoff after failed ones", async () => {
    const server = await startServer((_, res, index) => {
      if (index > 0) {
        res.writeHead(503, { "content-type": "application/json" });
        res.end("{}");
        return;
      }
      openStream(res);
      res.end(`retry: 0\n\n${sse(LOG[0]!)}`);
    });
    const reconnects: ReconnectInfo[] = [];
    const stream = clientFor(server).streamEvents(SESSION, { ...FAST, random: () => 0, onReconnect: (info) => reconnects.push(info) });
    const error = await take(stream, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    // Healthy first (the server's 0), then the backoff from the client's 5 ms, doubled, at the jitter's low end.
    expect(reconnects.map((r) => [r.healthy, r.delayMs])).toEqual([
      [true, 0],
      [false, 3],
      [false, 5],
      [false, 10],
    ]);
  });

  it("reports malformed event data to onError as a MalformedEventError, skips it and keeps going", async () => {
    const server = await startServer((_, res) => {
      openStream(res);
      res.write(sse(LOG[0]!));
      res.write("id: event_bad1\nevent: output.message.delta\ndata: {not json\n\n");
      res.write('id: event_bad2\ndata: {"hello":"world"}\n\n');
      res.write(sse(LOG[1]!));
    });
    const errors: MalformedEventError[] = [];
    const events = await take(clientFor(server).streamEvents(SESSION, { ...FAST, onError: (e) => errors.push(e) }), 2);

    expect(events).toEqual(LOG.slice(0, 2));
    expect(errors.map((e) => [e.eventId, e.data])).toEqual([
      ["event_bad1", "{not json"],
      ["event_bad2", '{"hello":"world"}'],
    ]);
    expect(errors[0]).toBeInstanceOf(MalformedResponseError);
    expect(errors[0]).toBeInstanceOf(BrowserAgentError);
    expect(errors[0]!.message).toContain("is not JSON");
    expect(errors[0]!.operation).toBe("GET /v1/sessions/{session_id}/sse");
  });

  it("never shows the key in a skipped event's error, even when the event's data or id echoes it", async () => {
    const server = await startServer((_, res) => {
      openStream(res);
      res.write(`id: bad_${API_KEY}\ndata: ${API_KEY} is not an event\n\n` + `data: {"token":"${API_KEY}"}\n\n` + sse(LOG[0]!));
    });
    const errors: MalformedEventError[] = [];
    expect((await take(clientFor(server).streamEvents(SESSION, { ...FAST, onError: (e) => errors.push(e) }), 1)).map((e) => e.sequence)).toEqual([1]);
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      for (const view of [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), error.data, String(error.eventId)]) expect(view).not.toContain(API_KEY.slice(0, 10));
    }
    expect(errors[1]!.data).toBe('{"token":"[REDACTED]"}');
  });

  it("ends with the error onError throws", async () => {
    const server = await startServer((_, res) => {
      openStream(res);
      res.write("data: nope\n\n" + sse(LOG[0]!));
    });
    const error = await take(
      clientFor(server).streamEvents(SESSION, {
        ...FAST,
        onError: (e) => {
          throw e;
        },
      }),
      1,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedEventError);
    expect(server.requests).toHaveLength(1);
  });

  it("throws AbortError when the signal aborts while waiting for an event, and closes the connection", async () => {
    const server = await startServer((_, res) => {
      openStream(res);
      res.write(sse(LOG[0]!));
    });
    const controller = new AbortController();
    const events: Event[] = [];
    const read = async () => {
      for await (const e of clientFor(server).streamEvents(SESSION, { ...FAST, idleTimeoutMs: 5_000, signal: controller.signal })) {
        events.push(e);
        setTimeout(() => controller.abort(), 20);
      }
    };
    await expect(read()).rejects.toBeInstanceOf(AbortError);
    expect(events).toEqual([LOG[0]]);
    expect(server.requests).toHaveLength(1);
    await server.requests[0]!.closed;
  });

  it("throws AbortError when the signal aborts during the wait before a reconnect", async () => {
    const server = await startServer((_, res) => {
      res.socket?.destroy();
    });
    const controller = new AbortController();
    const events = take(
      clientFor(server).streamEvents(SESSION, { ...FAST, reconnectDelayMs: 10_000, signal: controller.signal, onReconnect: () => controller.abort() }),
      1,
    );
    await expect(events).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("throws AbortError and sends no request when the signal is already aborted", async () => {
    const server = await startServer((_, res) => openStream(res));
    await expect(take(clientFor(server).streamEvents(SESSION, { signal: AbortSignal.abort() }), 1)).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });

  it("ends without an error, and does not reconnect, when a reconnect is answered 204 No Content (SSE's 'stop reconnecting')", async () => {
    const server = await startServer((_, res, index) => {
      if (index === 0) {
        openStream(res);
        res.end(sse(LOG[0]!) + sse(LOG[1]!));
        return;
      }
      res.writeHead(204);
      res.end();
    });
    const reconnects: ReconnectInfo[] = [];
    const events: Event[] = [];
    for await (const e of clientFor(server).streamEvents(SESSION, { ...FAST, onReconnect: (info) => reconnects.push(info) })) events.push(e);
    expect(events.map((e) => e.sequence)).toEqual([1, 2]);
    expect(server.requests.map((r) => r.sinceId)).toEqual([null, "event_0002"]);
    expect(reconnects).toHaveLength(1);
  });

  it("ends without an error when the first connection is answered 204 No Content", async () => {
    const server = await startServer((_, res) => {
      res.writeHead(204);
      res.end();
    });
    const events: Event[] = [];
    for await (const e of clientFor(server).streamEvents(SESSION, FAST)) events.push(e);
    expect(events).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("throws the typed NotFoundError for a 404 and does not reconnect", async () => {
    const server = await startServer((_, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "Session not found" }));
    });
    const error = await take(clientFor(server).streamEvents(SESSION, FAST), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).providerMessage).toBe("Session not found");
    expect(server.requests).toHaveLength(1);
  });

  it("throws a MalformedResponseError when the 200 is not an event stream", async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [] }));
    });
    const error = await take(clientFor(server).streamEvents(SESSION, FAST), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a dot-segment session id before any request", async () => {
    const server = await startServer((_, res) => openStream(res));
    const error = await take(clientFor(server).streamEvents(".."), 1).catch((e: unknown) => e);
    expect((error as Error).name).toBe("InvalidArgumentError");
    expect(server.requests).toHaveLength(0);
  });

  it("yields the generated Event type", () => {
    const client = createEverrunsClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" });
    expectTypeOf(client.streamEvents).returns.toEqualTypeOf<AsyncGenerator<Event, void, undefined>>();
    expectTypeOf<Event["sequence"]>().toEqualTypeOf<number>();
    // @ts-expect-error sinceId is a string cursor, not a sequence number
    void client.streamEvents(SESSION, { sinceId: 3 });
  });
});
