/** When and how long to wait before retrying. Pure functions; the loop lives in resilient-fetch.ts. */
import { causeChain } from "./transport-cause.js";

/** Retries after the first attempt, unless the caller says otherwise. */
export const DEFAULT_MAX_RETRIES = 2;
/** Backoff before the first retry, before jitter. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** Backoff never grows past this, before jitter. */
export const MAX_RETRY_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is not waited for: the response is surfaced instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * A longer retry schedule for statuses that mean "wait until capacity frees up" (Browser Use's 429, too
 * many concurrent sessions: a slot frees only when another session ends, minutes rather than seconds).
 * Its retries do not count against `maxRetries`; they stop once the waits would exceed `maxWaitMs`.
 */
export interface CapacityRetry {
  /** The statuses this schedule applies to. */
  statuses: ReadonlySet<number>;
  /** Wait before the first retry, before jitter. */
  initialDelayMs: number;
  /** Cap of the doubling wait, before jitter. */
  maxDelayMs: number;
  /** Total of all waits for one call; a wait that would pass it surfaces the response instead. */
  maxWaitMs: number;
}

/** Wait of retry number `retry` (1-based): `initialMs` doubling per retry, capped at `maxMs`, jittered to [50%, 100%]. */
export function exponentialDelayMs(initialMs: number, maxMs: number, retry: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** (retry - 1));
  return Math.round(base * (0.5 + random() * 0.5));
}

/** 408, 429 and every 5xx may succeed when sent again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Exponential backoff for retry number `retry` (1-based), capped, with jitter in [50%, 100%]. */
export function backoffDelayMs(retry: number, random: () => number = Math.random): number {
  return exponentialDelayMs(INITIAL_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, retry, random);
}

/**
 * The wait the server asked for: `retry-after-ms` (milliseconds), else `Retry-After` as seconds or an
 * HTTP date. Undefined when absent or unreadable; never negative.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && DECIMAL.test(ms)) return Number(ms);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (DECIMAL.test(value)) return Number(value) * 1000;
  // Only an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT` and its obsolete forms) is read as a date: V8's
  // lenient Date.parse would turn garbage like `-5` or `1 2` into a past date, i.e. "retry at once".
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const DECIMAL = /^\d+(\.\d+)?$/;
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;

// Error codes that prove the request never reached the server: nothing was sent, so even a billable
// create may be sent again.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * True when fetch itself refused the URL's port (one the Fetch standard blocks, `bad port` in Node): nothing was
 * sent, and every resend fails the same way.
 */
export function portRefusedByFetch(error: unknown): boolean {
  return causeChain(error, 5).some(({ message }) => message === "bad port");
}

/** True when a fetch failure proves the request was never delivered (connection refused, DNS failure). */
export function provesNotSent(error: unknown): boolean {
  return causeChain(error, 5).some(
    ({ code, errors }) => (typeof code === "string" && NOT_SENT_CODES.has(code)) || (Array.isArray(errors) && errors.length > 0 && errors.every(provesNotSent)),
  );
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
