/**
 * The request object openapi-fetch builds for each call (its `Request` option). A platform `Request` copies
 * its headers, wraps a string body in a stream and allocates a signal, and `fetch(request)` then copies it
 * all again; the resilient fetch only needs the URL and the init. So while no user middleware can see it,
 * a call gets this plain holder of the URL and init instead, and the fetch passes them straight to `fetch`.
 *
 * A user middleware (`client.use(...)`, or a call's own `middleware` option) may read the body, clone the
 * request or return `new Request(request)`: calls made while one is registered get a platform `Request`.
 */
import type { Client } from "openapi-fetch";

/** The URL and init of one call, as openapi-fetch gives them to its `Request` constructor. */
export class ClientRequest {
  /** The final URL (base URL, path and query). */
  readonly url: string;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The headers; middleware may change them. */
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

const CALL_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * Makes calls on `client` (built with `Request: ClientRequest`) use a platform `Request` whenever a user
 * middleware is registered or passed with the call; returns the same client.
 */
export function platformRequestsForMiddleware<Paths extends {}>(client: Client<Paths>): Client<Paths> {
  let registered = 0;
  const { use, eject } = client;
  const target = client as unknown as Record<string, unknown>;
  target.use = (...middleware: unknown[]) => {
    registered += middleware.filter(Boolean).length;
    (use as (...m: unknown[]) => void)(...middleware);
  };
  target.eject = (...middleware: unknown[]) => {
    registered = Math.max(0, registered - middleware.filter(Boolean).length);
    (eject as (...m: unknown[]) => void)(...middleware);
  };
  const withPlatformRequest = (init: { middleware?: unknown[] } | undefined) =>
    registered > 0 || (init?.middleware?.length ?? 0) > 0 ? { ...init, Request: globalThis.Request } : init;
  for (const method of CALL_METHODS) {
    const call = target[method] as (url: string, init?: object) => unknown;
    target[method] = (url: string, init?: { middleware?: unknown[] }) => call(url, withPlatformRequest(init));
  }
  const request = target.request as (method: string, url: string, init?: object) => unknown;
  target.request = (method: string, url: string, init?: { middleware?: unknown[] }) => request(method, url, withPlatformRequest(init));
  return client;
}
