import { createParser, type EventSourceMessage } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { createSseParser, type SseMessage } from "./sse-parser.js";

function parseWithOurs(chunks: readonly string[]): { events: SseMessage[]; retries: number[] } {
  const events: SseMessage[] = [];
  const retries: number[] = [];
  const feed = createSseParser({ onEvent: (m) => events.push(m), onRetry: (ms) => retries.push(ms) });
  for (const chunk of chunks) feed(chunk);
  return { events, retries };
}

// eventsource-parser (a package we did not write) as the reference for every stream it dispatches.
function parseWithReference(chunks: readonly string[]): { events: SseMessage[]; retries: number[] } {
  const events: SseMessage[] = [];
  const retries: number[] = [];
  const parser = createParser({
    onEvent: (m: EventSourceMessage) => events.push({ id: m.id, event: m.event, data: m.data }),
    onRetry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.feed(chunk);
  return { events, retries };
}

/** Every way to cut `text` into 3 chunks at the given step, plus one chunk per character. */
function splits(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let a = 0; a <= text.length; a += 3) for (let b = a; b <= text.length; b += 5) out.push([text.slice(0, a), text.slice(a, b), text.slice(b)]);
  return out;
}

const STREAMS = {
  "a plain event": "id: e1\nevent: input.message\ndata: {\"id\":\"e1\"}\n\n",
  "CRLF and CR line ends": "id: e1\r\ndata: one\r\rdata: two\r\n\r\n",
  "multi-line data and comments": ": heartbeat\n\ndata: a\ndata: b\n: mid-event comment\ndata:c\n\n",
  "fields without a space or a value": "data:x\nid\nevent\ndata\n\n",
  "retry fields, valid and not": "retry: 250\nretry: soon\nretry:100\ndata: r\n\n",
  "an id with NUL is ignored": "id: a\0b\ndata: n\n\n",
  "an unknown field and an event without a blank line at the end": "foo: bar\ndata: 1\n\ndata: 2",
};

describe("createSseParser", () => {
  for (const [name, stream] of Object.entries(STREAMS)) {
    it(`parses ${name} as eventsource-parser does, however the stream is chunked`, () => {
      const expected = parseWithReference([stream]);
      expect(expected.events.length + expected.retries.length).toBeGreaterThan(0);
      for (const chunks of splits(stream)) expect(parseWithOurs(chunks)).toEqual(expected);
    });
  }

  it("drops a byte order mark at the start of the stream (the format says so; eventsource-parser keeps it)", () => {
    for (const chunks of splits("\ufeffdata: x\n\n")) expect(parseWithOurs(chunks).events).toEqual([{ id: undefined, event: undefined, data: "x" }]);
  });

  it("dispatches a named event without data (Everruns's control events), which eventsource-parser drops", () => {
    expect(parseWithOurs(["event: disconnecting\n\n"]).events).toEqual([{ id: undefined, event: "disconnecting", data: "" }]);
  });
});
