/**
 * A target that accepts connections but never answers would cost every call its full timeout (30 s each,
 * minutes per provider). The watch counts calls in a row that got no response at all within the timeout;
 * at {@link UNANSWERED_LIMIT} the target has shown it is not answering, and the run sends it nothing more
 * (cleanup calls of what a live run created excepted: they are sent without asking the watch).
 */
import type { SentCase } from "./run-case.js";

/** A call that gets no response within this time fails (nothing waits forever), unless the target sets its own `timeoutMs`. */
export const CASE_TIMEOUT_MS = 30_000;

/**
 * Calls in a row without any response (not even a status line) within the timeout, after which a target's
 * other calls are not sent: 2. One such silence can be a slow call; two in a row, with nothing answered in
 * between, is a target that is not answering, and a third would only add another full timeout.
 */
export const UNANSWERED_LIMIT = 2;

/** What a stalled target showed: the calls that timed out in a row, the timeout, the calls not sent after. */
export interface TargetStall {
  timeouts: number;
  timeoutMs: number;
  notSent: number;
}

/** Counts a target's calls that time out with no response; see the module comment. */
export class TargetWatch {
  private inRow = 0;
  private answers = 0;
  // Until the target answers (at the start, and again after a timeout), one call at a time: concurrent
  // calls to a silent target would all be sent before the first timeout counts.
  private trusted = false;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private skipped = 0;

  constructor(
    /** The timeout of each call, in ms (reported with the stall). */
    readonly timeoutMs: number,
    /** Calls in a row without a response that stop the target. */
    readonly limit: number = UNANSWERED_LIMIT,
  ) {}

  /** The stall, once the target has shown it is not answering; undefined while it may still answer. */
  get stall(): TargetStall | undefined {
    return this.inRow >= this.limit ? { timeouts: this.inRow, timeoutMs: this.timeoutMs, notSent: this.skipped } : undefined;
  }

  /** Why a call is not sent to a stalled target (a case's skip reason or failure message). */
  notSentReason(baseUrl: string): string {
    return `not sent: ${this.inRow} calls in a row to ${baseUrl} got no response within ${this.timeoutMs} ms`;
  }

  /** Counts a call that was not sent because the target stalled. */
  skip(): void {
    this.skipped++;
  }

  /**
   * Notes what a call got. `answersBefore` (from {@link answered}) when the call was sent: a timeout while the
   * target answered other calls is a slow call, not silence.
   */
  note(sent: Pick<SentCase, "response" | "timedOut">, answersBefore: number = this.answers): void {
    if (sent.response) {
      this.answers++;
      this.inRow = 0;
      this.trusted = true;
    } else if (sent.timedOut) {
      this.trusted = false;
      if (this.answers === answersBefore) this.inRow++;
    }
  }

  /** Responses so far. */
  get answered(): number {
    return this.answers;
  }

  /** Sends one call through the watch (for concurrent callers); undefined when the target stalled and it was not sent. */
  async send<T extends Pick<SentCase, "response" | "timedOut">>(send: () => Promise<T>): Promise<T | undefined> {
    while (!this.trusted && this.inFlight > 0 && !this.stall) await new Promise<void>((resume) => this.waiting.push(resume));
    if (this.stall) {
      this.skip();
      return undefined;
    }
    this.inFlight++;
    const before = this.answers;
    try {
      const sent = await send();
      this.note(sent, before);
      return sent;
    } finally {
      this.inFlight--;
      for (const resume of this.waiting.splice(0)) resume();
    }
  }
}
