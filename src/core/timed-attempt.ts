/**
 * One attempt of a request under a deadline that covers the headers and the body, without an AbortSignal
 * of its own.
 *
 * Why no signal: Node's fetch registers every request's signal (abort listener, WeakRef, FinalizationRegistry,
 * listener-count checks), which costs more CPU than the rest of this client together. So the deadline races
 * the response instead, and reads the body through its own reader, which it cancels when the deadline
 * passes: a body that stalls closes its connection at once. A response whose headers have not come by the
 * deadline is abandoned (its body cancelled if it comes later); Node's fetch closes such a connection after
 * its own headers timeout (300 s). A caller's signal, when there is one, is passed to fetch as given and
 * aborts the request outright.
 */

/** How the caller wants the body: left to a stream reader, absent (HEAD, 204, ...), as text or as bytes. */
export type BodyKind = "stream" | "none" | "text" | "bytes";

/** What one attempt brought: the response and its body read (`undefined` for a stream, `null` for none). */
export interface AttemptResult {
  response: Response;
  body: { text?: string; bytes?: ArrayBuffer } | null | undefined;
}

/** Thrown (as is) when the deadline passed before the headers or the last byte of the body. */
export const ATTEMPT_TIMED_OUT = Symbol("attempt timed out");

const UTF8 = new TextDecoder();
const ignore = () => undefined;

function join(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Sends with `send`, then reads the body as `kindOf(response)` says, all within `timeoutMs`. `send` is given
 * `abandoned()`, true once the deadline has passed (so that it sends nothing more, a redirect say).
 */
export async function timedAttempt(send: (abandoned: () => boolean) => Promise<Response>, kindOf: (response: Response) => BodyKind, timeoutMs: number): Promise<AttemptResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let timedOut = false;
  try {
    const pending = send(() => timedOut);
    // One promise settled by whichever comes first, the response or the deadline (cheaper than Promise.race).
    const first = await new Promise<Response | typeof ATTEMPT_TIMED_OUT>((resolve, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        // A pending read then ends as done; the connection is closed.
        reader?.cancel().catch(ignore);
        resolve(ATTEMPT_TIMED_OUT);
      }, timeoutMs);
      pending.then(resolve, reject);
    });
    if (first === ATTEMPT_TIMED_OUT) {
      pending.then((late) => late.body?.cancel().catch(ignore), ignore);
      throw ATTEMPT_TIMED_OUT;
    }
    const response = first;
    const kind = kindOf(response);
    if (kind === "stream") return { response, body: undefined };
    if (kind === "none") {
      response.body?.cancel().catch(ignore);
      return { response, body: null };
    }
    const chunks: Uint8Array[] = [];
    let length = 0;
    if (response.body) {
      reader = response.body.getReader();
      if (timedOut) reader.cancel().catch(ignore);
      for (let step = await reader.read(); !step.done; step = await reader.read()) {
        chunks.push(step.value);
        length += step.value.byteLength;
      }
    }
    if (timedOut) throw ATTEMPT_TIMED_OUT;
    const bytes = join(chunks, length);
    return { response, body: kind === "text" ? { text: UTF8.decode(bytes) } : { bytes: bytes.slice().buffer } };
  } finally {
    clearTimeout(timer);
  }
}
