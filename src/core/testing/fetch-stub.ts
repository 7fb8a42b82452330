/**
 * The injected fetch of client tests (after openapi-fetch's own tests): it receives the Request, records
 * it, and answers with the Response the test builds. No network, no global mocks.
 */

/** Builds the answer to the `index`-th (0-based) request. */
export type Responder = (request: Request, index: number) => Response | Promise<Response>;

/** A fetch that records every Request it receives and answers with `respond`. */
export function recordingFetch(respond: Responder): { fetch: typeof globalThis.fetch; requests: Request[] } {
  const requests: Request[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    requests.push(request);
    return respond(request, requests.length - 1);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** A JSON response (`content-type: application/json`). */
export function jsonResponse(body: unknown, init: { status?: number; statusText?: string; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    statusText: init.statusText ?? "",
    headers: { "content-type": "application/json", ...init.headers },
  });
}
