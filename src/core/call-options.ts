/**
 * The per-call options every helper of every client takes as its last argument. A helper spreads them into its
 * openapi-fetch call: `signal` and `headers` are openapi-fetch's own, `timeoutMs` and `maxRetries` reach the
 * resilient fetch through the call's own fetch (client-request.ts).
 */

/**
 * Per-call options: each one overrides the client's setting for this call only (the client is not changed).
 * Helpers that make several requests (iterators, `waitFor…`, streams) apply them to each request they make.
 */
export interface CallOptions {
  /** Aborts the call (or the walk, the wait, the stream) with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms, covering the headers and the body. Default: the client's `timeoutMs` (60 s). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt (the resend rule still applies). Default: the client's `maxRetries` (2). */
  maxRetries?: number | undefined;
  /** Headers for this call, merged over the client's (a header named here replaces the client's for this call). */
  headers?: Record<string, string> | undefined;
}
