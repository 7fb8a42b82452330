/**
 * How a call reaches the resilient fetch, cheaply and labelled.
 *
 * The request object openapi-fetch builds for each call comes from its `Request` option. A platform
 * `Request` copies its headers, wraps a string body in a stream and allocates a signal, and `fetch(request)`
 * then copies it all again; the resilient fetch only needs the URL and the init. So while no user middleware
 * can see it, a call gets a {@link ClientRequest}, a plain holder of the URL and init, and the fetch passes
 * them straight to `fetch`. A user middleware (`client.use(...)`, or a call's own `middleware` option) may
 * read the body, clone the request or return `new Request(request)`: calls made while one is registered get
 * a platform `Request`.
 *
 * Most calls need even less: with no middleware, and nothing in the init but `params` (path and query), a
 * JSON `body`, `signal`, `timeoutMs` and `maxRetries` (every helper call without `headers`), the call
 * methods build the URL with openapi-fetch's own serializers, send the client's headers as a plain object
 * merged once, and take a 2xx result's data from the JSON the resilient fetch parsed; any other result
 * (an error body, a 204) is handed to openapi-fetch to read. openapi-fetch's per-call header merges (two
 * `Headers` objects for a call with a body), init copies and option handling are its largest cost on a
 * round trip. Any other call goes through openapi-fetch.
 *
 * The call methods also label each call with its operation (`METHOD /schema/path`, from the schema path the
 * call names, never from the request object): each call gets its own `fetch` (openapi-fetch's per-call
 * option), which carries the label and the call's `timeoutMs` / `maxRetries` to the resilient fetch. A
 * middleware that returns a new Request therefore changes what is sent, never which operation it is. The
 * label is also kept for a non-2xx result ({@link operationOfResult}), so a helper never types it beside the path
 * for its error, and every path parameter is checked before anything is sent (`checkPath`).
 */
import { createFinalURL, defaultPathSerializer, type Client } from "openapi-fetch";
import { parsedJson } from "./read-body.js";
import type { RawCallOptions } from "./schema-client.js";

/** The URL and init of one call, as openapi-fetch gives them to its `Request` constructor. */
export class ClientRequest {
  /** The final URL (base URL, path and query). */
  readonly url: string;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The caller's signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** Everything openapi-fetch put in the init (body, headers, redirect, ...), passed to `fetch` as is. */
  readonly init: RequestInit;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
    this.method = init.method ?? "GET";
    this.signal = init.signal ?? undefined;
  }

  /** The headers (built when read: only the debug log reads them). */
  get headers(): Headers {
    return this.init.headers instanceof Headers ? this.init.headers : new Headers(this.init.headers);
  }
}

/** What a call's init may carry besides openapi-fetch's own options (and the call's `timeoutMs` / `maxRetries`). */
export interface CallInit extends RawCallOptions {
  params?: { path?: Record<string, unknown> };
  body?: unknown;
  signal?: AbortSignal | null;
  middleware?: unknown[];
  parseAs?: string;
  fetch?: unknown;
}

/** The fetch of one call: the request openapi-fetch built (or a middleware returned) in, the response out. */
export type CallFetch = (request: Request | ClientRequest) => Promise<Response>;

// The operation (`METHOD /schema/path`) of each call's result, keyed by its response.
const operationByResponse = new WeakMap<Response, string>();

/** The operation (`METHOD /schema/path`) of a non-2xx result the call methods returned; `undefined` for any other. */
export function operationOfResult(result: { response: Response }): string | undefined {
  return operationByResponse.get(result.response);
}

/** What a call sent without openapi-fetch's request building needs from the client (see the module comment). */
export interface DirectCalls {
  /** The base URL, without a trailing slash. */
  baseUrl: string;
  /** The client's query serializer. */
  querySerializer: (query: Record<string, unknown>) => string;
  /** The client's headers as openapi-fetch merges them, for a call without a body. */
  headers: Record<string, string>;
  /** The same with `Content-Type: application/json`; `undefined` when the client's headers set another type. */
  jsonHeaders: Record<string, string> | undefined;
}

// The init keys (with a value) of a call that may skip openapi-fetch's request building.
const DIRECT_KEYS = new Set(["params", "body", "signal", "timeoutMs", "maxRetries"]);

/** The light request of a call that may skip openapi-fetch's request building (see the module comment); else `undefined`. */
function directRequest(method: string, schemaPath: string, init: CallInit | undefined, direct: DirectCalls): ClientRequest | undefined {
  const record = init as Record<string, unknown> | undefined;
  for (const key in record) if (record[key] !== undefined && !DIRECT_KEYS.has(key)) return undefined;
  for (const key in init?.params) if (key !== "path" && key !== "query") return undefined;
  const body = init?.body;
  if (body !== undefined && (!direct.jsonHeaders || body instanceof FormData)) return undefined;
  const params = init?.params ?? {};
  return new ClientRequest(createFinalURL(schemaPath, { baseUrl: direct.baseUrl, params, querySerializer: direct.querySerializer, pathSerializer: defaultPathSerializer }), {
    redirect: "follow",
    method,
    headers: body === undefined ? direct.headers : direct.jsonHeaders,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: init?.signal,
  });
}

/** Checks one path parameter of a call before it is sent (throws to refuse the call). */
export type PathCheck = (operation: string, name: string, value: unknown) => void;

const CALL_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * Wraps the call methods of `client` (built with `Request: ClientRequest`): each call is sent through
 * `fetchFor(method, schemaPath, init)`, unless it brings its own `fetch`, and uses a platform `Request`
 * whenever a user middleware is registered or passed with the call. Returns the same client.
 */
export function labelCalls<Paths extends {}>(
  client: Client<Paths>,
  fetchFor: (method: string, schemaPath: string, init: CallInit | undefined) => CallFetch,
  checkPath?: PathCheck,
  direct?: DirectCalls,
): Client<Paths> {
  let registered = 0;
  const target = client as unknown as Record<string, (...args: any[]) => unknown>;
  const { use, eject, request } = target;
  target.use = (...middleware: unknown[]) => {
    registered += middleware.filter(Boolean).length;
    use!(...middleware);
  };
  target.eject = (...middleware: unknown[]) => {
    registered = Math.max(0, registered - middleware.filter(Boolean).length);
    eject!(...middleware);
  };
  // Through openapi-fetch with this fetch: with a platform Request whenever a user middleware can see it.
  const through = (call: (init: object) => unknown, init: CallInit | undefined, fetch: unknown) =>
    call(registered > 0 || (init?.middleware?.length ?? 0) > 0 ? { ...init, fetch, Request: globalThis.Request } : { ...init, fetch }) as Promise<{ response: Response }>;
  const send = (method: string, url: string, init: CallInit | undefined, call: (init: object) => unknown) => {
    let sent: Promise<{ response: Response }>;
    try {
      const path = init?.params?.path;
      if (checkPath) for (const name in path) checkPath(`${method} ${url}`, name, path[name]);
      const request = direct && registered === 0 ? directRequest(method, url, init, direct) : undefined;
      sent = request
        ? fetchFor(method, url, init)(request).then((response) => {
            const parsed = response.ok ? parsedJson(response) : undefined;
            // Any other result (an error, a 204) openapi-fetch reads itself, from the same response: nothing is sent again.
            return parsed ? { data: parsed.value, response } : through(call, init, () => Promise.resolve(response));
          })
        : through(call, init, init?.fetch ?? fetchFor(method, url, init));
    } catch (error) {
      // A refused path parameter or a body JSON cannot hold: a rejection, as openapi-fetch's own calls give.
      return Promise.reject(error);
    }
    return sent.then((result) => {
      // Only a non-2xx result needs its operation (for its error); a WeakMap entry per call costs GC time.
      if (!result.response.ok) operationByResponse.set(result.response, `${method} ${url}`);
      return result;
    });
  };
  for (const method of CALL_METHODS) {
    const call = target[method]!;
    target[method] = (url: string, init?: CallInit) => send(method, url, init, (labelledInit) => call(url, labelledInit));
  }
  target.request = (method: string, url: string, init?: CallInit) =>
    send(method.toUpperCase(), url, init, (labelledInit) => request!(method, url, labelledInit));
  return client;
}
