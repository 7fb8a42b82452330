/**
 * A Server-Sent Events parser after the WHATWG event-stream format: lines ended by CRLF, LF or CR; `data`
 * lines joined with "\n"; `event`, `id` (ignored when it holds NUL) and `retry` (digits only) fields; lines
 * starting with ":" are comments; a blank line ends an event. Small on purpose: the Everruns entry carries
 * it instead of a parser package (bundle size), and it is all the stream needs.
 *
 * Unlike a browser's EventSource, the `id` of an event is its own (it does not carry over to the next), and an
 * event with a name but no `data` line is still dispatched: Everruns's `connected` and `disconnecting`
 * control events need not carry data.
 */

/** One event of the stream. */
export interface SseMessage {
  /** The `id:` field of this event, if it had one. */
  id: string | undefined;
  /** The `event:` field, if it had one (a browser would call it `message`). */
  event: string | undefined;
  /** The `data:` lines joined with "\n" ("" when there were none). */
  data: string;
}

/** Callbacks of {@link createSseParser}. */
export interface SseHandlers {
  onEvent: (message: SseMessage) => void;
  /** A valid `retry:` field: the server's reconnection time in ms. */
  onRetry?: (ms: number) => void;
}

/** Returns `feed(text)`, to be called with each decoded chunk of the stream in order. */
export function createSseParser(handlers: SseHandlers): (text: string) => void {
  // Undefined until the first chunk arrived: only the stream's very first character may be a byte order mark.
  let pending: string | undefined;
  // A chunk ending in "\r" may be the first half of a CRLF: its "\n" is then skipped.
  let skipLf = false;
  let id: string | undefined;
  let event: string | undefined;
  let data: string[] = [];

  const line = (text: string) => {
    if (text === "") {
      if (data.length > 0 || event !== undefined) handlers.onEvent({ id, event, data: data.join("\n") });
      id = event = undefined;
      data = [];
      return;
    }
    // The field name runs to the first ":" (a comment line has an empty one), the value after it loses one space.
    const [, field, value = ""] = /^([^:]*)(?:: ?(.*))?$/s.exec(text)!;
    if (field === "data") data.push(value);
    else if (field === "event") event = value || undefined;
    else if (field === "id") id = value.includes("\0") ? id : value;
    else if (field === "retry" && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  };

  return (text) => {
    if (text === "") return;
    let chunk = pending === undefined && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (skipLf && chunk.startsWith("\n")) chunk = chunk.slice(1);
    const buffer = (pending ?? "") + chunk;
    skipLf = buffer.endsWith("\r");
    const lines = buffer.split(/\r\n|\r|\n/);
    pending = lines.pop()!;
    for (const text of lines) line(text);
  };
}
