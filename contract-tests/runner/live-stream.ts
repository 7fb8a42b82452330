/**
 * Following a Server-Sent Events stream live: open it, read for a few seconds (or until the server ends
 * it), close it. The response the drift report classifies is the status, the media type and the text
 * read; the events are counted and each `data:` checked to be JSON.
 */
import { createSseParser } from "../../src/everruns/sse-parser.js";
import { STREAM_FOLLOW_MS } from "./live-policy.js";
import { CASE_TIMEOUT_MS, caseRequest, failedSend, observe, type SentCase } from "./run-case.js";
import type { SpecIndex } from "./spec-index.js";
import type { ContractCase, Target } from "./types.js";

/** A followed stream: the response as read, the number of events, and the `data:` lines that were not JSON. */
export interface FollowedStream extends SentCase {
  events: number;
  badData: number;
}

/** Opens the stream of a case, reads it for up to `followMs` (default {@link STREAM_FOLLOW_MS}), then closes it. */
export async function followStream(spec: SpecIndex, target: Target, contractCase: ContractCase, options: { followMs?: number; signal?: AbortSignal } = {}): Promise<FollowedStream> {
  const started = performance.now();
  const { operation, url, init } = caseRequest(spec, target, contractCase);
  const label = `${operation.method.toUpperCase()} ${operation.path}`;
  const headers = new Headers(init.headers);
  headers.set("accept", "text/event-stream");
  const stop = new AbortController();
  const timeout = AbortSignal.timeout(target.timeoutMs ?? CASE_TIMEOUT_MS);
  const signals = [timeout, stop.signal, ...(options.signal ? [options.signal] : [])];
  const elapsed = () => Math.round(performance.now() - started);
  let raw: Response;
  try {
    raw = await fetch(url, { ...init, headers, signal: AbortSignal.any(signals) });
  } catch (error) {
    return { operation, label, ...failedSend(error, timeout, false, options.signal), durationMs: elapsed(), events: 0, badData: 0 };
  }
  if (!(raw.headers.get("content-type") ?? "").startsWith("text/event-stream") || !raw.body) {
    return { operation, label, response: await observe(raw), durationMs: elapsed(), events: 0, badData: 0 };
  }
  let events = 0;
  let badData = 0;
  // The clients' own parser: the checks ship without a parser package.
  const feed = createSseParser({
    onEvent: (event) => {
      events++;
      try {
        JSON.parse(event.data);
      } catch {
        badData++;
      }
    },
  });
  let text = "";
  const decoder = new TextDecoder();
  const timer = setTimeout(() => stop.abort(), options.followMs ?? STREAM_FOLLOW_MS);
  const reader = raw.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = decoder.decode(value, { stream: true });
      text += chunk;
      feed(chunk);
    }
  } catch {
    // The follow time ran out (or the run was interrupted): what was read is the response.
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
  const mediaType = (raw.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  return { operation, label, response: { status: raw.status, headers: raw.headers, mediaType, text, json: undefined }, durationMs: elapsed(), events, badData };
}
