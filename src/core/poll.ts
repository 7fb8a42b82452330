/**
 * Polling until a long-running resource reaches a terminal state. Invariant: a terminal state is never
 * thrown away by the deadline; a load that started before the deadline and returns a terminal state wins.
 */
import { AbortError, PollTimeoutError } from "./errors.js";
import { sleep } from "./retry-policy.js";

/** Default pause between polls. */
export const DEFAULT_POLL_INTERVAL_MS = 2_000;
/** Default overall deadline of a `waitFor…` helper: 15 minutes. */
export const DEFAULT_POLL_TIMEOUT_MS = 15 * 60_000;

/** Options every `waitFor…` helper accepts. */
export interface PollOptions<State> {
  /** Pause between polls in ms, jittered by up to ±20%. Default {@link DEFAULT_POLL_INTERVAL_MS}. */
  intervalMs?: number;
  /** Overall deadline in ms. Default {@link DEFAULT_POLL_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Stops polling with an `AbortError`. */
  signal?: AbortSignal;
  /** Called with every state seen, terminal included. */
  onProgress?: (state: State) => void;
}

/** What {@link pollUntil} needs besides the options. */
export interface PollTarget<State> {
  provider: string;
  operation: string;
  /** Loads the current state (honouring the signal). */
  load: (signal: AbortSignal | undefined) => Promise<State>;
  /** True for a terminal state. */
  isTerminal: (state: State) => boolean;
  /** Describes a state in the timeout message, e.g. `status running`. */
  describe: (state: State) => string;
  random?: () => number;
}

/** Loads until `isTerminal`, sleeping between loads, never past the deadline. */
export async function pollUntil<State>(target: PollTarget<State>, options: PollOptions<State> = {}): Promise<State> {
  const intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const random = target.random ?? Math.random;
  const deadline = Date.now() + timeoutMs;
  const context = { provider: target.provider, operation: target.operation };
  const aborted = (cause: unknown) => new AbortError(`${target.provider} ${target.operation}: polling aborted by the caller`, { ...context, cause });
  let last: State | undefined;
  for (;;) {
    if (options.signal?.aborted) throw aborted(options.signal.reason);
    last = await target.load(options.signal);
    options.onProgress?.(last);
    if (target.isTerminal(last)) return last;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new PollTimeoutError(`${target.provider} ${target.operation}: no terminal state after ${timeoutMs} ms (last: ${target.describe(last)})`, {
        ...context,
        lastState: last,
      });
    }
    const jittered = intervalMs * (0.8 + random() * 0.4);
    await sleep(Math.min(jittered, left), options.signal).catch((reason: unknown) => {
      throw aborted(reason);
    });
  }
}
