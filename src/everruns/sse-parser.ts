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
  let pending = "";
  let first = true;
  // A chunk ending in "\r" may be the first half of a CRLF: its "\n" is then skipped.
  let skipLf = false;
  let id: string | undefined;
  let event: string | undefined;
  let data: string[] = [];

  const line = (text: string) => {
    if (text === "") {
      if (data.length > 0 || event !== undefined) handlers.onEvent({ id, event, data: data.join("\n") });
      id = undefined;
      event = undefined;
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") event = value || undefined;
    else if (field === "id") id = value.includes("\0") ? id : value;
    else if (field === "retry" && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  };

  return (text) => {
    let chunk = text;
    if (chunk === "") return;
    if (first) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (skipLf && chunk.startsWith("\n")) chunk = chunk.slice(1);
    skipLf = false;
    const buffer = pending + chunk;
    const newline = /\r\n|\r|\n/g;
    let start = 0;
    for (let match = newline.exec(buffer); match !== null; match = newline.exec(buffer)) {
      line(buffer.slice(start, match.index));
      start = newline.lastIndex;
      if (match[0] === "\r" && start === buffer.length) skipLf = true;
    }
    pending = buffer.slice(start);
  };
}
