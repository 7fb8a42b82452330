/**
 * `streamEvents()`: a session's Server-Sent Events as an async iterator of `Event`s, parsed with
 * eventsource-parser.
 *
 * Invariants: every event is yielded at most once and none is skipped. After a dropped connection the
 * stream reconnects with `since_id` = the id of the last event received (the server resumes after it), and
 * the ids already yielded are skipped should a server replay one. A drop is: a reset or cut connection (an
 * event cut in half is discarded and comes again after the resume), a response the server ends, or a
 * connection with no event and no heartbeat comment for `idleTimeoutMs`.
 *
 * The stream ends without an error when the caller's signal aborts or the consumer stops iterating; it
 * throws a `ConnectionError` after `maxReconnects` drops in a row with no event between them, and the
 * typed HTTP error (`NotFoundError`, ...) when a (re)connection gets an error status.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { SchemaClient } from "../core/schema-client.js";
import type { ProviderClient } from "../core/create-client.js";
import { ConnectionError, MalformedResponseError, TimeoutError } from "../core/errors.js";
import { assertPathId } from "../core/path-id.js";
import { sleep } from "../core/retry-policy.js";
import type { components, paths } from "../../generated/everruns/schema.js";
import { MalformedEventError } from "./errors.js";
import { everruns } from "./provider.js";

/** One event of a session's log. */
export type Event = components["schemas"]["Event"];

/** Default silence (no event, no heartbeat) after which a connection counts as dropped: 45 s. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 45_000;
/** Default number of reconnects in a row without an event before `streamEvents` gives up. */
export const DEFAULT_STREAM_MAX_RECONNECTS = 5;
/** Default wait before the first reconnect, doubled for each further one in a row, before jitter. */
export const DEFAULT_RECONNECT_DELAY_MS = 500;
/** The wait between reconnects never grows past this, before jitter. */
export const MAX_RECONNECT_DELAY_MS = 8_000;
/** How many recently yielded event ids are remembered to skip a replayed event. */
export const RECENT_EVENT_IDS = 1_000;

/** What `onReconnect` is told before each reconnect. */
export interface ReconnectInfo {
  /** Reconnects in a row without an event, this one included (1-based). */
  attempt: number;
  /** The `since_id` the reconnect sends (undefined when no event has been received yet). */
  sinceId: string | undefined;
  /** Why the previous connection counts as dropped. */
  reason: string;
  /** The wait before reconnecting, in ms. */
  delayMs: number;
}

/** Options of `streamEvents`. */
export interface StreamEventsOptions {
  /** Start after the event with this id (exclusive); default: the start of the session's log. */
  sinceId?: string;
  /** Aborting ends the iteration without an error (no `AbortError`) and closes the connection. */
  signal?: AbortSignal;
  /** A connection silent (no event, no heartbeat comment) for this long in ms is dropped and resumed. Default {@link DEFAULT_STREAM_IDLE_TIMEOUT_MS}. */
  idleTimeoutMs?: number;
  /** Reconnects in a row without an event before a `ConnectionError` is thrown; 0 never reconnects. Default {@link DEFAULT_STREAM_MAX_RECONNECTS}. */
  maxReconnects?: number;
  /** Wait before the first reconnect in ms, doubled per further reconnect in a row (max {@link MAX_RECONNECT_DELAY_MS}), jittered to 50-100%. Default {@link DEFAULT_RECONNECT_DELAY_MS}. */
  reconnectDelayMs?: number;
  /**
   * Receives each event whose `data:` is not an `Event`; such events are skipped and the stream keeps
   * going (the spec tells clients to ignore them). Throwing from here ends the stream with that error.
   */
  onError?: (error: MalformedEventError) => void;
  /** Called before each reconnect. */
  onReconnect?: (info: ReconnectInfo) => void;
  /** Jitter source, for tests. Default `Math.random`. */
  random?: () => number;
}

const OPERATION = "GET /v1/sessions/{session_id}/sse";
const PROVIDER = everruns.name;
const CONTEXT = { provider: PROVIDER, operation: OPERATION };

/** Why a connection ended, when it was not the caller's doing. */
interface Drop {
  reason: string;
  cause?: unknown;
}

const IDLE = Symbol("idle");

// Resolves with the next chunk, or IDLE after `ms`. A read left pending by IDLE is settled when the
// caller cancels the reader; Promise.race has already attached its handlers, so nothing goes unhandled.
function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<ReadableStreamReadResult<Uint8Array> | typeof IDLE> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<typeof IDLE>((resolve) => {
    timer = setTimeout(() => resolve(IDLE), ms);
  });
  return Promise.race([reader.read(), idle]).finally(() => clearTimeout(timer));
}

/** Yields the SSE messages of one connection; returns (never throws) why the connection ended. */
async function* readMessages(body: ReadableStream<Uint8Array>, idleTimeoutMs: number): AsyncGenerator<EventSourceMessage, Drop, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parsed: EventSourceMessage[] = [];
  let lastSignOfLife = Date.now();
  const parser = createParser({
    onEvent: (message) => {
      parsed.push(message);
      lastSignOfLife = Date.now();
    },
    onComment: () => {
      lastSignOfLife = Date.now();
    },
  });
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array> | typeof IDLE;
      try {
        step = await readWithin(reader, Math.max(0, lastSignOfLife + idleTimeoutMs - Date.now()));
      } catch (error) {
        return { reason: `the connection failed: ${(error as Error).message}`, cause: error };
      }
      if (step === IDLE) {
        const message = `no event or heartbeat for ${idleTimeoutMs} ms`;
        return { reason: message, cause: new TimeoutError(`${PROVIDER} ${OPERATION}: ${message}`, CONTEXT) };
      }
      if (step.done) return { reason: "the server ended the stream" };
      parser.feed(decoder.decode(step.value, { stream: true }));
      if (parsed.length === 0) continue;
      while (parsed.length > 0) yield parsed.shift()!;
      // The time the consumer spent on the events is not silence of the server.
      lastSignOfLife = Date.now();
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** The `Event` in a message's `data:`, or the error saying why it is not one. */
function toEvent(message: EventSourceMessage): Event | MalformedEventError {
  const malformed = (why: string, cause?: unknown) =>
    new MalformedEventError(`${PROVIDER} ${OPERATION}: event ${message.id ?? "(no id)"} skipped, its data ${why}`, {
      ...CONTEXT,
      cause,
      eventId: message.id,
      data: message.data,
    });
  let value: unknown;
  try {
    value = JSON.parse(message.data);
  } catch (error) {
    return malformed("is not JSON", error);
  }
  const candidate = value as Partial<Record<keyof Event, unknown>> | null;
  if (candidate === null || typeof candidate !== "object" || Array.isArray(candidate)) return malformed("is not a JSON object");
  if (typeof candidate.id !== "string" || candidate.id === "" || typeof candidate.type !== "string") return malformed("has no string id and type");
  return candidate as Event;
}

/** Opens one connection: the body of the event stream; typed HTTP errors and non-stream responses are thrown. */
async function open(client: SchemaClient<paths>, unwrap: ProviderClient<paths>["unwrap"], sessionId: string, sinceId: string | undefined, signal: AbortSignal) {
  const result = await client.GET("/v1/sessions/{session_id}/sse", {
    params: { path: { session_id: sessionId }, query: sinceId === undefined ? {} : { since_id: sinceId } },
    headers: { Accept: "text/event-stream" },
    parseAs: "stream",
    signal,
  });
  const body = unwrap(OPERATION, result);
  const contentType = result.response.headers.get("content-type") ?? "";
  if (!contentType.startsWith("text/event-stream")) {
    throw new MalformedResponseError(`${PROVIDER} ${OPERATION}: HTTP ${result.response.status} is not an event stream (content-type ${contentType || "none"})`, {
      ...CONTEXT,
      status: result.response.status,
    });
  }
  // openapi-fetch gives no body for `Content-Length: 0`: an empty stream, which reads as the server ending it.
  return (body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() })) as ReadableStream<Uint8Array>;
}

/** Streams a session's events; see the module comment for the resume, drop and abort rules. */
export async function* streamSessionEvents(
  client: SchemaClient<paths>,
  unwrap: ProviderClient<paths>["unwrap"],
  sessionId: string,
  options: StreamEventsOptions = {},
): AsyncGenerator<Event, void, undefined> {
  const path = assertPathId(PROVIDER, OPERATION, "sessionId", sessionId);
  const { signal, onError, onReconnect } = options;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
  const maxReconnects = options.maxReconnects ?? DEFAULT_STREAM_MAX_RECONNECTS;
  const reconnectDelayMs = options.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS;
  const random = options.random ?? Math.random;
  const recent = new Set<string>();
  let sinceId = options.sinceId;

  for (let dropsInARow = 0; ; ) {
    if (signal?.aborted) return;
    // Aborting this controller closes the connection whatever ends it: a drop, the consumer, the caller.
    const connection = new AbortController();
    let drop: Drop = { reason: "the connection closed" };
    let progressed = false;
    try {
      let body: ReadableStream<Uint8Array> | undefined;
      try {
        body = await open(client, unwrap, path, sinceId, signal ? AbortSignal.any([signal, connection.signal]) : connection.signal);
      } catch (error) {
        if (signal?.aborted) return;
        // Only transport failures are drops; an HTTP error status or a non-stream response is final.
        if (!(error instanceof ConnectionError || error instanceof TimeoutError)) throw error;
        body = undefined;
        drop = { reason: error.message, cause: error };
      }
      if (body) {
        const messages = readMessages(body, idleTimeoutMs);
        try {
          for (;;) {
            const step = await messages.next();
            if (step.done) {
              drop = step.value;
              break;
            }
            progressed = true;
            const message = step.value;
            const event = toEvent(message);
            const id = message.id ?? (event instanceof MalformedEventError ? undefined : event.id);
            // A skipped malformed event still moves the cursor: resuming before it would only repeat it.
            if (id !== undefined) sinceId = id;
            if (event instanceof MalformedEventError) {
              onError?.(event);
              continue;
            }
            if (recent.has(event.id)) continue;
            recent.add(event.id);
            if (recent.size > RECENT_EVENT_IDS) recent.delete(recent.values().next().value!);
            yield event;
          }
        } finally {
          await messages.return({ reason: "closed by the consumer" });
        }
      }
    } finally {
      connection.abort();
    }
    if (signal?.aborted) return;
    dropsInARow = progressed ? 1 : dropsInARow + 1;
    if (dropsInARow > maxReconnects) {
      const connections = `${dropsInARow} dropped connection${dropsInARow === 1 ? "" : "s"}`;
      throw new ConnectionError(`${PROVIDER} ${OPERATION}: gave up after ${connections} in a row with no event between them (last: ${drop.reason})`, {
        ...CONTEXT,
        cause: drop.cause,
      });
    }
    const base = Math.min(MAX_RECONNECT_DELAY_MS, reconnectDelayMs * 2 ** (dropsInARow - 1));
    const delayMs = Math.round(base * (0.5 + random() * 0.5));
    onReconnect?.({ attempt: dropsInARow, sinceId, reason: drop.reason, delayMs });
    try {
      await sleep(delayMs, signal);
    } catch {
      return;
    }
  }
}
