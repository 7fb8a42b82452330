/**
 * Redirects, followed only within the origin of the request.
 *
 * fetch follows every redirect and carries every header but `Authorization` to the new origin, so a key sent
 * as `X-Browser-Use-API-Key`, `X-BB-API-Key` or `X-API-Key` would reach whatever server a redirect names
 * (a misconfigured proxy, a compromised host, an `https` to `http` downgrade). So each attempt asks fetch not to
 * follow (`redirect: "manual"`) and follows here, as fetch would, only while the redirect stays on the origin
 * (scheme, host and port) the request was sent to: a 303, and a 301 or 302 of a POST, become a GET without a
 * body; 307 and 308 send the same method and body again; at most {@link MAX_REDIRECTS} in a row. A redirect to
 * another origin, or past the limit, is not followed: it is the answer, a 3xx the caller gets as an
 * `ApiStatusError` (the raw client: as its error result) with the `Location` in its headers. A call that
 * sets `redirect` itself gets fetch's own handling. Every redirect of an attempt is under the attempt's
 * deadline, and none is sent once it has passed. A `Location` that is not a URL is not followed either: the 3xx is
 * the answer (fetch would fail with a network error, as if nothing had been answered). Where fetch hides redirects (a browser gives an opaque
 * response for `manual`), a redirect cannot be checked and is not followed either.
 */

/** The most redirects followed in a row, as fetch's own limit. */
export const MAX_REDIRECTS = 20;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// The headers that describe a body, dropped with it when a redirect turns the request into a GET.
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
const ignore = () => undefined;

/**
 * `fetch(url, init)`, following redirects within the origin of `url` (see the module comment). `abandoned`
 * says the attempt was given up (its deadline passed): no further redirect is then sent. `log` hears of
 * each redirect followed or not.
 */
export async function fetchWithinOrigin(
  fetch: typeof globalThis.fetch,
  url: string,
  init: RequestInit,
  abandoned: () => boolean,
  log?: (line: string) => void,
): Promise<Response> {
  if ((init.redirect ?? "follow") !== "follow") return fetch(url, init);
  // Parsed at the first redirect only: most responses are not one.
  let origin: string | undefined;
  let current = url;
  let hop: RequestInit = { ...init, redirect: "manual" };
  for (let count = 0; ; count++) {
    const response = await fetch(current, hop);
    if (count > 0) Object.defineProperty(response, "redirected", { value: true });
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get("location") : null;
    // A Location that is no URL is not followed either (fetch's TypeError would hold it, the key it may echo included).
    if (location === null || abandoned() || !URL.canParse(location, current)) return response;
    origin ??= new URL(url).origin;
    const next = new URL(location, current);
    if (next.origin !== origin || count === MAX_REDIRECTS) {
      log?.(`${current} -> ${response.status} redirect to ${next.href} not followed (${count === MAX_REDIRECTS ? `more than ${MAX_REDIRECTS} redirects` : `it leaves ${origin}`})`);
      return response;
    }
    response.body?.cancel().catch(ignore);
    const method = (hop.method ?? "GET").toUpperCase();
    if (response.status === 303 ? method !== "GET" && method !== "HEAD" : response.status <= 302 && method === "POST") {
      const headers = new Headers(hop.headers);
      for (const name of BODY_HEADERS) headers.delete(name);
      hop = { ...hop, method: "GET", body: null, headers };
    }
    current = next.href;
  }
}
