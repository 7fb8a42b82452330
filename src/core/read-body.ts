/**
 * Hands a response whose body the client already read back to openapi-fetch and the caller as the same
 * Response object: its body methods return what was read (and `json()` the value parsed once), so nothing
 * is rebuilt (`url`, `redirected` and `type` stay the server's) and nothing is parsed twice.
 *
 * Own methods shadow the prototype's on this one instance (plain assignments: defining accessors on a
 * platform object costs as much as building a new Response). The platform getters (`status`, `headers`,
 * `url`) keep working because `this` is still the real Response. `body` and `bodyUsed` stay the consumed
 * stream's, as they are after openapi-fetch reads any response.
 */

const UTF8_DECODER = new TextDecoder();
const UTF8_ENCODER = new TextEncoder();

/** What the client read: the body as text or as bytes, and the JSON value when it parsed it. */
export interface ReadBody {
  text?: string;
  bytes?: ArrayBuffer;
  /** Present when the body was parsed: `json()` returns this value instead of parsing again. */
  json?: { value: unknown };
}

interface Readable {
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
  blob(): Promise<Blob>;
  clone(): Response;
}

/** Makes `response`'s `text`, `json`, `arrayBuffer`, `blob` and `clone` return `body`; returns the same response. */
export function withReadBody(response: Response, body: ReadBody): Response {
  let { text, bytes } = body;
  const textOf = () => (text ??= UTF8_DECODER.decode(bytes));
  const copy = () => (bytes ??= UTF8_ENCODER.encode(text).buffer as ArrayBuffer).slice(0);
  const target = response as unknown as Readable;
  target.text = async () => textOf();
  target.json = async () => (body.json ? body.json.value : JSON.parse(textOf()));
  target.arrayBuffer = async () => copy();
  target.blob = async () => new Blob([copy()], { type: response.headers.get("content-type") ?? "" });
  // A clone is a plain Response over the same bytes (the constructor cannot give it the `url`).
  target.clone = () => new Response(copy(), { status: response.status, statusText: response.statusText, headers: response.headers });
  return response;
}
