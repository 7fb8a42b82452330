/**
 * Hands a response whose body the client already read back to openapi-fetch and the caller as the same
 * Response object: its body methods return what was read (and `json()` the value parsed once), so nothing
 * is rebuilt (`url`, `redirected` and `type` stay the server's) and nothing is parsed twice.
 *
 * Own methods shadow the prototype's on this one instance: plain assignments of shared functions (defining
 * accessors on a platform object costs as much as building a new Response). The platform getters (`status`,
 * `headers`, `url`) keep working because `this` is still the real Response. `body` and `bodyUsed` stay the
 * consumed stream's, as they are after openapi-fetch reads any response (unless `asStream`).
 */

const UTF8_DECODER = new TextDecoder();
const UTF8_ENCODER = new TextEncoder();
const BODY = Symbol("body read by the client");

/** What the client read: the body as text or as bytes, and the JSON value when it parsed it. */
export interface ReadBody {
  text?: string;
  bytes?: ArrayBuffer;
  /** Present when the body was parsed: `json()` returns this value instead of parsing again. */
  json?: { value: unknown };
}

interface Holder {
  [BODY]: ReadBody;
  headers: Headers;
  status: number;
  statusText: string;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
  blob(): Promise<Blob>;
  clone(): Response;
}

function textOf(body: ReadBody): string {
  return (body.text ??= UTF8_DECODER.decode(body.bytes));
}

function bytesOf(body: ReadBody): ArrayBuffer {
  return (body.bytes ??= UTF8_ENCODER.encode(body.text).buffer as ArrayBuffer).slice(0);
}

async function text(this: Holder): Promise<string> {
  return textOf(this[BODY]);
}

async function json(this: Holder): Promise<unknown> {
  const body = this[BODY];
  return body.json ? body.json.value : JSON.parse(textOf(body));
}

async function arrayBuffer(this: Holder): Promise<ArrayBuffer> {
  return bytesOf(this[BODY]);
}

async function blob(this: Holder): Promise<Blob> {
  return new Blob([bytesOf(this[BODY])], { type: this.headers.get("content-type") ?? "" });
}

// A clone is a plain Response over the same bytes (the constructor cannot give it the `url`).
function clone(this: Holder): Response {
  return new Response(bytesOf(this[BODY]), { status: this.status, statusText: this.statusText, headers: this.headers });
}

/** The JSON value the client parsed from `response`'s body, as `{ value }`; `undefined` when it parsed none. */
export function parsedJson(response: Response): { value: unknown } | undefined {
  return (response as unknown as Partial<Holder>)[BODY]?.json;
}

/**
 * Makes `response`'s `text`, `json`, `arrayBuffer`, `blob` and `clone` return `body`; returns the same response.
 * With `asStream`, `body` and `bodyUsed` are redefined too, so the bytes can also be read as a fresh stream (for a
 * call whose `parseAs` is unknown; accessors cost more, so only then).
 */
export function withReadBody(response: Response, body: ReadBody, asStream = false): Response {
  const target = response as unknown as Holder;
  target[BODY] = body;
  target.text = text;
  target.json = json;
  target.arrayBuffer = arrayBuffer;
  target.blob = blob;
  target.clone = clone;
  if (asStream) {
    Object.defineProperties(response, {
      body: { get: () => clone.call(target).body },
      bodyUsed: { value: false },
    });
  }
  return response;
}
