/**
 * `streamEvents()`: a session's Server-Sent Events as an async iterator of `Event`s.
 *
 * Invariants: every event is yielded at most once and none is skipped. Each (re)connection sends
 * `since_id` = the id of the last event received (the server resumes after it), and the ids already
 * yielded are skipped should a server replay one.
 *
 * Connection cycling, as the Everruns server asks of its clients (docs: PROVIDERS.md): the server closes
 * every stream every few minutes, sending a `disconnecting` event first, and starts each stream with a
 * `connected` event; both are control events, never yielded. On `disconnecting` the stream reconnects at
 * once. A `retry:` field sets the reconnect delay (and the backoff's base, when longer than
 * `reconnectDelayMs`). A connection that was healthy (it delivered an event, or the server ended it after
 * sending anything, heartbeats included) is followed by a reconnect after the `retry:` delay and resets the
 * failure count. A failed connection (a transport error, a 408, 429 or 5xx
 * on connect, a response with nothing in it, or silence past `idleTimeoutMs` with no session event) is followed by
 * an exponential backoff from that delay (a `Retry-After` wins); after `maxReconnects` failed connections
 * in a row the stream throws `ConnectionError`. A `204 No Content`, SSE's "stop reconnecting", ends the
 * stream without an error. Any other error status (404, ...) or a response that is not
 * an event stream is thrown at once as its typed error.
 *
 * The stream ends without an error when the consumer stops iterating (`break` out of the loop); an abort
 * of the caller's signal throws `AbortError`, as every iterator of every client does.
 */
import type { ProviderClient } from "../core/create-client.js";
import { AbortError, ApiStatusError, ConnectionError, MalformedResponseError, TimeoutError } from "../core/errors.js";
import { checkedNumber } from "../core/check-option.js";
import { assertPathId } from "../core/path-id.js";
import { isTransientFailure } from "../core/poll.js";
import { exponentialDelayMs, MAX_RETRY_AFTER_MS, sleep } from "../core/retry-policy.js";
import type { components, paths } from "../../generated/everruns/schema.js";
import { MalformedEventError } from "./errors.js";
import { everruns } from "./provider.js";
import { createSseParser, type SseMessage } from "./sse-parser.js";

/** One event of a session's log. */
export type Event = components["schemas"]["Event"];

/** Default silence (not a byte, heartbeats included) after which a connection counts as failed: 45 s. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 45_000;
/**
 * Default number of failed connections in a row before `streamEvents` gives up. With the default delays a
 * server that is really gone (refusing, or answering 503) ends the stream after about 30-60 s of backoff,
 * longer only by the `Retry-After`s it sends (each honoured up to 60 s).
 */
export const DEFAULT_STREAM_MAX_RECONNECTS = 10;
/** Default reconnect delay (the server's `retry:` replaces it): the wait after a healthy connection, and the base of the backoff. */
export const DEFAULT_RECONNECT_DELAY_MS = 500;
/** The backoff between failed connections never grows past this, before jitter. */
export const MAX_RECONNECT_DELAY_MS = 8_000;
/** How many recently yielded event ids are remembered to skip a replayed event. */
export const RECENT_EVENT_IDS = 1_000;
/** Everruns's connection-cycling control events (SSE `event:` names): never yielded, never reported as malformed. */
export const CONTROL_EVENTS = ["connected", "disconnecting"] as const;

/** What `onReconnect` is told before each reconnect. */
export interface ReconnectInfo {
  /** 1 + the failed connections in a row before this reconnect (1 after a healthy connection). */
  attempt: number;
  /** Whether the connection that ended was healthy (see the module comment); a failed one counts toward `maxReconnects`. */
  healthy: boolean;
  /** The `since_id` the reconnect sends (undefined when no event has been received yet). */
  sinceId: string | undefined;
  /** Why the previous connection ended. */
  reason: string;
  /** The wait before reconnecting, in ms (0 after `disconnecting`). */
  delayMs: number;
}

/** Options of `streamEvents`. */
export interface StreamEventsOptions {
  /** Start after the event with this id (exclusive); default: the start of the session's log. */
  sinceId?: string;
  /** Aborting closes the connection and ends the iteration with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Headers for each connection, merged over the client's. */
  headers?: Record<string, string> | undefined;
  /**
   * A connection silent (not a byte, heartbeats included) for this long in ms is dropped and resumed; it also
   * bounds the wait for each connection's response headers. Default {@link DEFAULT_STREAM_IDLE_TIMEOUT_MS}.
   */
  idleTimeoutMs?: number;
  /** Failed connections in a row before a `ConnectionError` is thrown (0: the first failure). Default {@link DEFAULT_STREAM_MAX_RECONNECTS}. */
  maxReconnects?: number;
  /**
   * Reconnect delay in ms until the server sends `retry:`: the wait after a healthy connection, and the base of
   * the backoff after a failed one (doubled per failure in a row, max {@link MAX_RECONNECT_DELAY_MS}, jittered
   * to 50-100%). A server's `retry:` replaces the first and may raise the base, never lower it. Default
   * {@link DEFAULT_RECONNECT_DELAY_MS}.
   */
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
const CONTROL: readonly (string | undefined)[] = CONTROL_EVENTS;

/** How a connection ended, when it was not the caller's doing. */
interface Ending {
  reason: string;
  cause?: unknown;
  /** Healthy: delivered a session event, or ended by the server (not by silence) after sending anything. */
  healthy: boolean;
  /** The wait the server asked for: 0 after `disconnecting`, a refused connect's `Retry-After` (capped). */
  delayMs?: number | undefined;
  /** The server asked the client not to reconnect (`204 No Content`, as SSE defines it): the stream ends. */
  final?: boolean;
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

/** The `Event` in a message's `data:`, or the error saying why it is not one (what it shows of the event redacted). */
function toEvent(message: SseMessage, redact: (text: string) => string): Event | MalformedEventError {
  const eventId = message.id === undefined ? undefined : redact(message.id);
  const malformed = (why: string) =>
    new MalformedEventError(`${PROVIDER} ${OPERATION}: event ${eventId ?? "(no id)"} skipped, its data ${why}`, {
      ...CONTEXT,
      eventId,
      data: redact(message.data),
    });
  let value: unknown;
  try {
    value = JSON.parse(message.data);
  } catch {
    // No cause: JSON's SyntaxError quotes the start of the data, unredacted; `data` shows it redacted.
    return malformed("is not JSON");
  }
  const candidate = value as Partial<Record<keyof Event, unknown>> | null;
  if (candidate === null || typeof candidate !== "object" || Array.isArray(candidate)) return malformed("is not a JSON object");
  if (typeof candidate.id !== "string" || candidate.id === "" || typeof candidate.type !== "string") return malformed("has no string id and type");
  return candidate as Event;
}

/** Streams a session's events; see the module comment for the resume, cycling, backoff and abort rules. */
export async function* streamSessionEvents(
  { client, unwrap, redact }: Pick<ProviderClient<paths>, "client" | "unwrap" | "redact">,
  sessionId: string,
  options: StreamEventsOptions = {},
): AsyncGenerator<Event, void, undefined> {
  const { signal, onError, onReconnect } = options;
  const aborted = () => new AbortError(`${PROVIDER} streamEvents: stream aborted by the caller`, { ...CONTEXT, cause: signal?.reason });
  const idleTimeoutMs = checkedNumber(CONTEXT, "idleTimeoutMs", options.idleTimeoutMs, 1) ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
  const maxReconnects = checkedNumber(CONTEXT, "maxReconnects", options.maxReconnects, 0, true) ?? DEFAULT_STREAM_MAX_RECONNECTS;
  const random = options.random ?? Math.random;
  const clientDelayMs = checkedNumber(CONTEXT, "reconnectDelayMs", options.reconnectDelayMs, 0) ?? DEFAULT_RECONNECT_DELAY_MS;
  let reconnectDelayMs = clientDelayMs;
  const recent = new Set<string>();
  let sinceId = options.sinceId;

  // One connection: yields its new session events, returns (never throws for a drop) how it ended. Typed HTTP
  // errors other than 408, 429 and 5xx, a response that is not an event stream, and `onError`'s throws are thrown.
  async function* connect(path: string, connection: AbortSignal): AsyncGenerator<Event, Ending, undefined> {
    let result;
    let body: ReadableStream<Uint8Array> | undefined;
    try {
      result = await client.GET("/v1/sessions/{session_id}/sse", {
        params: { path: { session_id: path }, query: sinceId === undefined ? {} : { since_id: sinceId } },
        headers: { ...options.headers, Accept: "text/event-stream" },
        parseAs: "stream",
        signal: connection,
        // The stream's own backoff decides on reconnects, and the headers must come within the idle timeout.
        maxRetries: 0,
        timeoutMs: idleTimeoutMs,
      });
      body = unwrap(OPERATION, result) as ReadableStream<Uint8Array> | undefined;
    } catch (error) {
      // A failed connect the stream retries: a transport failure or a 408, 429 or 5xx (an abort ends the stream anyway).
      if (!signal?.aborted && !isTransientFailure(error)) throw error;
      const asked = error instanceof ApiStatusError ? error.retryAfterMs : undefined;
      return { reason: (error as Error).message, cause: error, healthy: false, delayMs: asked === undefined ? undefined : Math.min(asked, MAX_RETRY_AFTER_MS) };
    }
    const { status, headers } = result.response;
    if (status === 204) return { reason: "the server answered 204 No Content (no more events)", healthy: true, final: true };
    const contentType = headers.get("content-type") ?? "";
    if (!contentType.startsWith("text/event-stream")) {
      throw new MalformedResponseError(`${PROVIDER} ${OPERATION}: HTTP ${status} is not an event stream (content-type ${contentType || "none"})`, { ...CONTEXT, status });
    }
    // openapi-fetch gives no body for `Content-Length: 0`: an empty stream, which reads as the server ending it.
    if (!body) return { reason: "the server ended the stream before sending anything", healthy: false };
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parsed: SseMessage[] = [];
    // Only the next reconnect reads the delay, so a `retry:` takes effect at once.
    const feed = createSseParser({ onEvent: (message) => parsed.push(message), onRetry: (ms) => (reconnectDelayMs = ms) });
    let bytes = 0;
    let events = 0;
    try {
      for (;;) {
        let step: ReadableStreamReadResult<Uint8Array> | typeof IDLE;
        try {
          step = await readWithin(reader, idleTimeoutMs);
        } catch (error) {
          return { reason: `the connection failed: ${(error as Error).message}`, cause: error, healthy: events > 0 || bytes > 0 };
        }
        if (step === IDLE) {
          const message = `nothing received for ${idleTimeoutMs} ms`;
          return { reason: message, cause: new TimeoutError(`${PROVIDER} ${OPERATION}: ${message}`, CONTEXT), healthy: events > 0 };
        }
        if (step.done) return { reason: bytes === 0 ? "the server ended the stream before sending anything" : "the server ended the stream", healthy: bytes > 0 };
        bytes += step.value.byteLength;
        feed(decoder.decode(step.value, { stream: true }));
        for (const message of parsed.splice(0)) {
          if (CONTROL.includes(message.event)) {
            if (message.event === "disconnecting") return { reason: "the server sent disconnecting", healthy: true, delayMs: 0 };
            continue;
          }
          events++;
          // A message with no data carries no event (a named keep-alive, say): nothing to yield or report.
          if (message.data === "") continue;
          const event = toEvent(message, redact);
          // An empty `id:` (SSE's "forget the last id") is no cursor to resume from: the event's own id is.
          const id = message.id || (event instanceof MalformedEventError ? undefined : event.id);
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
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
  }

  try {
    const path = assertPathId(PROVIDER, OPERATION, "sessionId", sessionId);
    for (let failures = 0; ; ) {
      if (signal?.aborted) throw aborted();
      // Aborting this controller closes the connection whatever ends it: a drop, the consumer, the caller.
      const connection = new AbortController();
      let ending: Ending;
      try {
        ending = yield* connect(path, signal ? AbortSignal.any([signal, connection.signal]) : connection.signal);
      } finally {
        connection.abort();
      }
      if (signal?.aborted) throw aborted();
      if (ending.final) return;
      failures = ending.healthy ? 0 : failures + 1;
      if (failures > maxReconnects) {
        throw new ConnectionError(`${PROVIDER} ${OPERATION}: gave up after ${failures} dropped connection${failures === 1 ? "" : "s"} in a row (last: ${ending.reason})`, {
          ...CONTEXT,
          cause: ending.cause,
        });
      }
      // A server's `retry:` may lengthen the backoff's base, never shorten it: a `retry: 0` would turn it off.
      const base = Math.max(reconnectDelayMs, clientDelayMs);
      const delayMs = ending.delayMs ?? (ending.healthy ? reconnectDelayMs : exponentialDelayMs(base, Math.max(base, MAX_RECONNECT_DELAY_MS), failures, random));
      onReconnect?.({ attempt: failures + 1, healthy: ending.healthy, sinceId, reason: ending.reason, delayMs });
      if (delayMs > 0) await sleep(delayMs, signal);
    }
  } catch (error) {
    // Whatever the abort interrupted (a connect, a read, the wait before a reconnect), the caller sees the one AbortError.
    if (signal?.aborted && !(error instanceof AbortError)) throw aborted();
    throw error;
  }
}
