/**
 * Cleanup of what a live run created. Each created resource registers its cleanup the moment its create
 * answers; cleanups run newest first (a run is stopped before its agent is deleted), once each, when the
 * provider's scenario ends for any reason, including an interrupt. A cleanup call without an answer or
 * with a 5xx is sent again (cleanup calls are idempotent); a status the spec lists in the operation's
 * `x-already-done-statuses` counts as done.
 */
import { setTimeout as delay } from "node:timers/promises";
import { CLEANUP_ATTEMPTS, CLEANUP_RETRY_DELAY_MS } from "./live-policy.js";
import type { SentCase } from "./run-case.js";

/** What undoing one created resource did. */
export interface CleanupResult {
  /** The create that made the resource. */
  operationId: string;
  /** The resource, e.g. `session_id=3f0c…`. */
  resource: string;
  /**
   * `done`: every cleanup call succeeded (or answered "already done"); `failed`: one did not;
   * `impossible`: created, but the answer names no id to clean up with; `unknown`: no answer came, so
   * it may have been created (check the provider's dashboard); `not-sent`: the connection was refused,
   * so nothing was sent and nothing created.
   */
  outcome: "done" | "failed" | "impossible" | "unknown" | "not-sent";
  /** The calls and their statuses, or why nothing could be called. */
  message: string;
}

/** One cleanup call: what to send, and which statuses mean "already done". */
export interface CleanupCall {
  operationId: string;
  send: () => Promise<SentCase>;
  alreadyDone: readonly number[];
}

/** Pending cleanups of created resources; each runs once, newest first, per provider or all. */
export class CleanupRegistry {
  private next = 0;
  private readonly pending = new Map<number, { provider: string; resource: string; run: () => Promise<void> }>();
  private running: Promise<void> = Promise.resolve();

  /** Registers the cleanup of one created resource. */
  add(provider: string, resource: string, run: () => Promise<void>): void {
    this.pending.set(this.next++, { provider, resource, run });
  }

  /** Cleanups registered and not yet started. */
  get size(): number {
    return this.pending.size;
  }

  /** The resources whose cleanup has not started, as `provider resource`. */
  get waiting(): string[] {
    return [...this.pending.values()].map((e) => `${e.provider} ${e.resource}`);
  }

  /** Runs the pending cleanups (of one provider, or of all) one at a time, newest first; resolves when they are done. */
  run(provider?: string): Promise<void> {
    this.running = this.running.then(async () => {
      for (const id of [...this.pending.keys()].reverse()) {
        const entry = this.pending.get(id);
        if (!entry || (provider !== undefined && entry.provider !== provider)) continue;
        this.pending.delete(id);
        await entry.run().catch(() => undefined);
      }
    });
    return this.running;
  }
}

/**
 * Sends a resource's cleanup calls in order (every call, even after one failed), each up to
 * {@link CLEANUP_ATTEMPTS} times while it gets no answer or a 5xx; returns the outcome.
 */
export async function runCleanupCalls(calls: readonly CleanupCall[], onResponse: (call: CleanupCall, sent: SentCase) => void): Promise<Pick<CleanupResult, "outcome" | "message">> {
  const statuses: string[] = [];
  let ok = true;
  for (const call of calls) {
    let sent: SentCase | undefined;
    for (let attempt = 1; attempt <= CLEANUP_ATTEMPTS; attempt++) {
      if (attempt > 1) await delay(CLEANUP_RETRY_DELAY_MS * 2 ** (attempt - 2));
      sent = await call.send();
      if (sent.response) onResponse(call, sent);
      const status = sent.response?.status;
      if (status !== undefined && status < 500) break;
    }
    const status = sent!.response?.status;
    const done = status !== undefined && ((status >= 200 && status < 300) || call.alreadyDone.includes(status));
    ok &&= done;
    statuses.push(`${call.operationId} ${status ?? sent!.transportError}${status !== undefined && done && status >= 300 ? " (already done)" : ""}`);
  }
  return { outcome: ok ? "done" : "failed", message: statuses.join("; ") };
}
