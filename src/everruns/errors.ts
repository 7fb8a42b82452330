/** Errors specific to the Everruns client. */
import { MalformedResponseError, type ErrorContext } from "../core/errors.js";

/** Longest excerpt of the offending `data:` kept on a {@link MalformedEventError}, in characters. */
export const MALFORMED_DATA_EXCERPT_CHARS = 200;

/** A Server-Sent Event whose `data:` is not an `Event` (not JSON, or no string `id` and `type`). */
export class MalformedEventError extends MalformedResponseError {
  override name = "MalformedEventError";
  /** The SSE `id:` of the event, when it had one. */
  declare readonly eventId: string | undefined;
  /** The start of the event's `data:` (at most {@link MALFORMED_DATA_EXCERPT_CHARS} characters). */
  declare readonly data: string;

  constructor(message: string, context: ErrorContext & { eventId: string | undefined; data: string }) {
    super(message, context);
    this.eventId = context.eventId;
    this.data = context.data.length > MALFORMED_DATA_EXCERPT_CHARS ? `${context.data.slice(0, MALFORMED_DATA_EXCERPT_CHARS)}…` : context.data;
  }
}
