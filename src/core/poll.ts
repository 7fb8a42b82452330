/**
 * Polling until a long-running resource reaches a terminal state.
 *
 * Invariants: the whole wait, requests included, ends by the deadline plus {@link POLL_DEADLINE_GRACE_MS}: a
 * request still running then is aborted and the wait ends with `PollTimeoutError` carrying the last state
 * seen. A terminal state is never thrown away by the deadline: a load that started before it and returns a
 * terminal state within the grace wins. A transient failure (a transport error or a 408, 429 or 5xx left
 * after the client's own retries) does not end a long wait: up to `maxConsecutiveFailures` in a row are
 * skipped, and the next poll comes after the usual interval, or the server's `Retry-After` when it asked for
 * longer (never past the deadline).
 */
import { checkedNumber, MAX_TIMER_MS } from "./check-option.js";
import { AbortError, ApiStatusError, ConnectionError, MalformedResponseError, PollTimeoutError, TimeoutError } from "./errors.js";
import { isRetryableStatus, sleep } from "./retry-policy.js";

/** Default pause between polls. */
export const DEFAULT_POLL_INTERVAL_MS = 2_000;
/** Default overall deadline of a `waitFor…` helper: 15 minutes. */
export const DEFAULT_POLL_TIMEOUT_MS = 15 * 60_000;
/** How long past the deadline a request already in flight may still finish: 1 s. */
export const POLL_DEADLINE_GRACE_MS = 1_000;
/** Default number of transient failures in a row a wait survives (the next one is thrown). */
export const DEFAULT_POLL_MAX_CONSECUTIVE_FAILURES = 3;

/** Options every `waitFor…` helper accepts. */
export interface PollOptions<State> {
  /** Pause between polls in ms, jittered by up to ±20% (after a transient failure, at least its `Retry-After`). Default {@link DEFAULT_POLL_INTERVAL_MS}. */
  intervalMs?: number;
  /** Overall deadline in ms, requests included (see {@link POLL_DEADLINE_GRACE_MS}). Default {@link DEFAULT_POLL_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Stops polling with an `AbortError`. */
  signal?: AbortSignal;
  /** Called with every state seen, terminal included. */
  onProgress?: (state: State) => void;
  /** Transient failures in a row that are skipped; 0 throws the first. Default {@link DEFAULT_POLL_MAX_CONSECUTIVE_FAILURES}. */
  maxConsecutiveFailures?: number;
}

/**
 * Options of every `waitFor…` helper: the polling options, `until`, and the per-call options of each poll
 * request. `timeoutMs` is the deadline of the whole wait here; `requestTimeoutMs` is each request's timeout.
 */
export interface WaitOptions<State> extends PollOptions<State> {
  /** Ends the wait at the first state it accepts, instead of the helper's own rule. */
  until?: (state: State) => boolean;
  /** Per-attempt timeout of each poll request in ms. Default: the client's `timeoutMs`. */
  requestTimeoutMs?: number;
  /** Retries of each poll request. Default: the client's `maxRetries`. */
  maxRetries?: number;
  /** Headers for each poll request, merged over the client's. */
  headers?: Record<string, string>;
}

/** The per-call options of each request a wait makes (the caller's signal is the wait's, passed per load). */
export function pollRequestOptions(options: WaitOptions<any>): { timeoutMs?: number; maxRetries?: number; headers?: Record<string, string> } {
  const { requestTimeoutMs, maxRetries, headers } = options;
  return { ...(requestTimeoutMs !== undefined && { timeoutMs: requestTimeoutMs }), ...(maxRetries !== undefined && { maxRetries }), ...(headers && { headers }) };
}

/** What {@link pollUntil} needs besides the options. */
export interface PollTarget<State> {
  provider: string;
  operation: string;
  /** Loads the current state (honouring the signal): a resource with its required string `status`. */
  load: (signal: AbortSignal | undefined) => Promise<State>;
  /** True for a terminal state. */
  isTerminal: (state: State) => boolean;
  /** Describes a state in the timeout message, e.g. `status running`. */
  describe: (state: State) => string;
  random?: () => number;
}

/** A failure a later request may not meet (a poll, a stream's reconnect): a transport error, or a 408, 429 or 5xx. */
export function isTransientFailure(error: unknown): error is ConnectionError | TimeoutError | ApiStatusError {
  return error instanceof ConnectionError || error instanceof TimeoutError || (error instanceof ApiStatusError && isRetryableStatus(error.status));
}

/** Loads until `isTerminal`, sleeping between loads, never past the deadline (plus the grace). */
export async function pollUntil<State>(target: PollTarget<State>, options: PollOptions<State> = {}): Promise<State> {
  const {
    intervalMs = DEFAULT_POLL_INTERVAL_MS,
    timeoutMs = DEFAULT_POLL_TIMEOUT_MS,
    maxConsecutiveFailures: maxFailures = DEFAULT_POLL_MAX_CONSECUTIVE_FAILURES,
    signal: caller,
  } = options;
  const random = target.random ?? Math.random;
  const context = { provider: target.provider, operation: target.operation };
  checkedNumber(context, "intervalMs", intervalMs, 1);
  // The deadline's timer also holds the grace.
  checkedNumber(context, "timeoutMs", timeoutMs, 1, false, MAX_TIMER_MS - POLL_DEADLINE_GRACE_MS);
  checkedNumber(context, "maxConsecutiveFailures", maxFailures, 0, true);
  const deadline = Date.now() + timeoutMs;
  const aborted = (cause: unknown) => new AbortError(`${target.provider} ${target.operation}: polling aborted by the caller`, { ...context, cause });
  let last: State | undefined;
  let seen = false;
  const timedOut = (cause?: unknown) =>
    new PollTimeoutError(
      `${target.provider} ${target.operation}: no terminal state after ${timeoutMs} ms (last: ${seen ? target.describe(last as State) : "none, no request finished"})`,
      { ...context, lastState: last, cause },
    );
  if (caller?.aborted) throw aborted(caller.reason);
  // Aborted at the deadline plus the grace, or by the caller: every load runs under both.
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs + POLL_DEADLINE_GRACE_MS);
  const signal = caller ? AbortSignal.any([caller, stop.signal]) : stop.signal;
  try {
    for (let failures = 0; ; ) {
      let asked = 0;
      try {
        last = await target.load(signal);
        // Every polled resource's spec requires its `status`: without it no state is terminal, and the wait
        // would only end at its deadline (a renamed field, a wrong body).
        if (typeof (last as { status?: unknown } | null)?.status !== "string") {
          throw new MalformedResponseError(`${target.provider} ${target.operation}: the polled state has no status`, context);
        }
        seen = true;
        failures = 0;
      } catch (error) {
        if (caller?.aborted) throw aborted(caller.reason);
        if (stop.signal.aborted) throw timedOut(error);
        if (!isTransientFailure(error) || ++failures > maxFailures) throw error;
        if (Date.now() >= deadline) throw timedOut(error);
        // A wait the server asked for (a 429's or 503's Retry-After, too long for the client's own retries) is
        // kept, up to the deadline: polling sooner only spends the failures left on the same answer.
        asked = (error as ApiStatusError).retryAfterMs ?? 0;
      }
      if (failures === 0) {
        options.onProgress?.(last as State);
        if (target.isTerminal(last as State)) return last as State;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw timedOut();
      const jittered = intervalMs * (0.8 + random() * 0.4);
      await sleep(Math.min(Math.max(jittered, asked), left), caller).catch((reason: unknown) => {
        throw aborted(reason);
      });
    }
  } finally {
    clearTimeout(timer);
  }
}
