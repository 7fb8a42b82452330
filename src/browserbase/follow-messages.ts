/**
 * Follows a run's message log: polls `GET /v1/agents/runs/{runId}/messages` with `since = nextSince`,
 * yielding each message once, until the run is over and its last messages are drained.
 */
import type { CallOptions } from "../core/call-options.js";
import { checkedNumber } from "../core/check-option.js";
import { fullPageSize } from "../core/create-client.js";
import { AbortError, type ApiStatusError } from "../core/errors.js";
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_POLL_MAX_CONSECUTIVE_FAILURES, isTransientFailure } from "../core/poll.js";
import { sleep } from "../core/retry-policy.js";
import { listOf } from "../core/walk-pages.js";
import { operations } from "../../generated/browserbase/operations.js";
import type { components } from "../../generated/browserbase/schema.js";
import { isTerminalRun, type AgentRun, type AgentRunMessage } from "./statuses.js";

const PROVIDER = "browserbase";

/** Messages asked for per request while following: the spec's `maximum` of the messages' `limit` (its `x-page-size` parameter). */
export const FOLLOW_PAGE_LIMIT: number = /* @__PURE__ */ fullPageSize(operations["GET /v1/agents/runs/{runId}/messages"].pageSize);

/** Options of `runs.followMessages`: the per-call options of each request, and how to follow. */
export interface FollowMessagesOptions extends CallOptions {
  /** Pause between polls in ms. Default {@link DEFAULT_POLL_INTERVAL_MS} (2 s). */
  intervalMs?: number;
  /** When the run counts as over; default {@link isTerminalRun}. */
  until?: (run: AgentRun) => boolean;
  /** Start after this message id instead of at the first message. */
  since?: string;
  /** Called with the run each time it is polled, the last (terminal) one included. */
  onRun?: (run: AgentRun) => void;
  /**
   * Transient failures (a transport error, or a 408, 429 or 5xx left after the client's own retries) in a row
   * that do not end the following: the next poll comes after `intervalMs`. Default
   * {@link DEFAULT_POLL_MAX_CONSECUTIVE_FAILURES}, as a `waitFor…`.
   */
  maxConsecutiveFailures?: number;
}

/** What {@link followRunMessages} reads from: the run and one batch of its messages. */
export interface RunMessageSource {
  loadRun: (signal: AbortSignal | undefined) => Promise<AgentRun>;
  loadMessages: (since: string | undefined, limit: number, signal: AbortSignal | undefined) => Promise<components["schemas"]["AgentRunMessageListResponse"]>;
}

/**
 * Yields every message of a run once, oldest first. Each poll reads the run, then its messages; it ends
 * after the first poll that finds the run over, once a read brings nothing new. A transient failure ends a
 * poll, not the following, up to `maxConsecutiveFailures` in a row. An abort throws `AbortError`, as every
 * iterator of every client does (stop early without an error by leaving the `for await` loop).
 */
export async function* followRunMessages(source: RunMessageSource, options: FollowMessagesOptions = {}): AsyncGenerator<AgentRunMessage, void, undefined> {
  const { signal, intervalMs = DEFAULT_POLL_INTERVAL_MS, until = isTerminalRun, maxConsecutiveFailures = DEFAULT_POLL_MAX_CONSECUTIVE_FAILURES } = options;
  const context = { provider: PROVIDER, operation: "runs.followMessages" };
  checkedNumber(context, "intervalMs", intervalMs, 1);
  checkedNumber(context, "maxConsecutiveFailures", maxConsecutiveFailures, 0, true);
  const abortIfAsked = () => {
    if (signal?.aborted) throw new AbortError(`${PROVIDER} runs.followMessages: following aborted by the caller`, { ...context, cause: signal.reason });
  };
  // Ids already yielded: a server that ignores or repeats `since` cannot make a message appear twice,
  // and the drain below always ends because a repeated batch brings nothing new.
  const seen = new Set<string>();
  let since = options.since;
  let failures = 0;
  try {
    for (;;) {
      abortIfAsked();
      let over = false;
      // A wait the server asked for (a 429's or 503's Retry-After too long for the client's own retries) is kept.
      let asked = 0;
      try {
        // The run is read before its messages: once it is over, the messages read afterwards are its last.
        const run = await source.loadRun(signal);
        options.onRun?.(run);
        over = until(run);
        for (;;) {
          abortIfAsked();
          const batch = await source.loadMessages(since, FOLLOW_PAGE_LIMIT, signal);
          // A null nextSince (no messages yet) keeps the previous position instead of starting over.
          since = batch.nextSince ?? since;
          let fresh = 0;
          for (const message of listOf(batch.data, PROVIDER, context.operation)) {
            abortIfAsked();
            if (seen.has(message.id)) continue;
            seen.add(message.id);
            fresh++;
            yield message;
          }
          // Read again at once while more may be waiting: after a full batch, or, once the run is over,
          // after any batch that brought something new (drain until nothing is left).
          if (fresh === 0 || !(over || batch.data.length >= FOLLOW_PAGE_LIMIT)) break;
        }
        failures = 0;
      } catch (error) {
        // The next poll starts over from the run, at the same `since`: nothing is lost or yielded twice.
        if (signal?.aborted || !isTransientFailure(error) || ++failures > maxConsecutiveFailures) throw error;
        over = false;
        asked = (error as ApiStatusError).retryAfterMs ?? 0;
      }
      if (over) return;
      await sleep(Math.max(intervalMs, asked), signal).catch(() => undefined);
    }
  } catch (error) {
    // A request cut by the caller's abort surfaces as the same AbortError as an abort between requests.
    if (signal?.aborted && !(error instanceof AbortError)) abortIfAsked();
    throw error;
  }
}
