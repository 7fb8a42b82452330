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
 * The call methods also label each call with its operation (`METHOD /schema/path`, from the schema path the
 * call names, never from the request object): each call gets its own `fetch` (openapi-fetch's per-call
 * option), which carries the label and the call's `timeoutMs` / `maxRetries` to the resilient fetch. A
 * middleware that returns a new Request therefore changes what is sent, never which operation it is. The
 * label is also kept for the call's result ({@link operationOfResult}), so a helper never types it beside the path,
 * and every path parameter is checked before anything is sent (`checkPath`).
 */
import type { Client } from "openapi-fetch";
import type { RawCallOptions } from "./schema-client.js";

/** The URL and init of one call, as openapi-fetch gives them to its `Request` constructor. */
export class ClientRequest {
  /** The final URL (base URL, path and query). */
  readonly url: string;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The headers. */
  readonly headers: Headers;
  /** The caller's signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** Everything openapi-fetch put in the init (body, headers, redirect, ...), passed to `fetch` as is. */
  readonly init: RequestInit;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
    this.method = init.method ?? "GET";
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.signal = init.signal ?? undefined;
  }
}

/** What a call's init may carry besides openapi-fetch's own options (and the call's `timeoutMs` / `maxRetries`). */
export interface CallInit extends RawCallOptions {
  params?: { path?: Record<string, unknown> };
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
  const send = (method: string, url: string, init: CallInit | undefined, call: (init: CallInit) => unknown) => {
    const path = init?.params?.path;
    if (path && checkPath) {
      try {
        for (const name in path) checkPath(`${method} ${url}`, name, path[name]);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const fetch = init?.fetch ?? fetchFor(method, url, init);
    const labelled = registered > 0 || (init?.middleware?.length ?? 0) > 0 ? { ...init, fetch, Request: globalThis.Request } : { ...init, fetch };
    return (call(labelled) as Promise<{ response: Response }>).then((result) => {
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
