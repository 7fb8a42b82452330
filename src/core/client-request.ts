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
 * The call methods also label each call with its operation's facts (`METHOD /schema/path`), passed in the
 * init as {@link OPERATION_KEY}: openapi-fetch copies unknown init keys onto the request it builds, so the
 * label reaches the fetch without a middleware (whose per-call bookkeeping costs more than the label).
 */
import type { Client } from "openapi-fetch";

/** The init key (and request property) that carries a call's label. A string: openapi-fetch copies only those. */
export const OPERATION_KEY = "browserAgentOperation";

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
  /** The call's label (declared so that openapi-fetch's copy of init keys finds it and adds no property). */
  readonly [OPERATION_KEY]: unknown;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
    this.method = init.method ?? "GET";
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.signal = init.signal ?? undefined;
    this[OPERATION_KEY] = (init as Record<string, unknown>)[OPERATION_KEY];
  }
}

const CALL_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type CallInit = { middleware?: unknown[]; parseAs?: string } | undefined;

/**
 * Wraps the call methods of `client` (built with `Request: ClientRequest`): each call carries
 * `label(method, schemaPath, parseAs)` under {@link OPERATION_KEY}, and uses a platform `Request` whenever a
 * user middleware is registered or passed with the call. Returns the same client.
 */
export function labelCalls<Paths extends {}>(client: Client<Paths>, label: (method: string, schemaPath: string, parseAs: string) => unknown): Client<Paths> {
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
  const labelled = (method: string, url: string, init: CallInit) => {
    const info = label(method, url, init?.parseAs ?? "json");
    return registered > 0 || (init?.middleware?.length ?? 0) > 0 ? { ...init, [OPERATION_KEY]: info, Request: globalThis.Request } : { ...init, [OPERATION_KEY]: info };
  };
  for (const method of CALL_METHODS) {
    const call = target[method]!;
    target[method] = (url: string, init?: CallInit) => call(url, labelled(method, url, init));
  }
  target.request = (method: string, url: string, init?: CallInit) => request!(method, url, labelled(method.toUpperCase(), url, init));
  return client;
}
