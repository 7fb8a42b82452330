/**
 * The fetch that openapi-fetch calls: per-attempt timeout covering headers and body, bounded retries with
 * jittered backoff, and the billable rule. Middleware cannot loop, so retries live here, under openapi-fetch.
 *
 * The billable rule: a request that creates a billable resource (a session, a run, a message that starts a
 * turn) is never sent again once it may have reached the server. Only a failure that proves it was not
 * delivered (connection refused, DNS failure) is retried; a timeout, a reset or any response is not.
 */
import { AbortError, BrowserAgentError, ConnectionError, MalformedResponseError, TimeoutError } from "./errors.js";
import { redactText } from "./redact.js";
import { backoffDelayMs, isRetryableStatus, MAX_RETRY_AFTER_MS, provesNotSent, retryAfterMs, sleep } from "./retry-policy.js";

/** How the client labels a request. */
export interface OperationInfo {
  /** `METHOD /schema/path`. */
  operation: string;
  /** Creates a billable resource: see the module comment. */
  billable: boolean;
}

/** Settings of {@link createResilientFetch}. */
export interface ResilientFetchOptions {
  provider: string;
  fetch: typeof globalThis.fetch;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Per-attempt timeout in milliseconds, from sending the request to the last byte of the body. */
  timeoutMs: number;
  /** Statuses that are retryable in general but must be surfaced at once for this client. */
  noRetryStatuses: ReadonlySet<number>;
  /**
   * Statuses that prove a billable create was refused without creating anything (Browser Use's 429
   * concurrency limit), and so may be retried even for a billable operation. Default: none.
   */
  refusedStatuses?: ReadonlySet<number>;
  operationOf: (request: Request) => OperationInfo;
  /** Debug line sink; undefined disables logging. */
  log?: ((line: string) => void) | undefined;
  /** Header names whose values never appear in logs (besides the usual credential headers). */
  secretHeaders: readonly string[];
  /** Values (the API key) replaced by `[REDACTED]` in every log line and transport error message. */
  secrets?: readonly string[];
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Multiplies every wait between attempts (backoff and Retry-After); tests shrink it. Default 1. */
  retryDelayScale?: number;
}

const UTF8 = new TextDecoder();
const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);

function isJson(contentType: string | null): boolean {
  return contentType !== null && /\bjson\b/i.test(contentType);
}

// Credential-looking headers a caller may add through `headers`, redacted like the provider's own.
const CREDENTIAL_HEADER = /authorization|cookie|api[-_]?key|token|secret/i;

function headerLine(headers: Headers, secretHeaders: readonly string[]): string {
  const secret = new Set(secretHeaders.map((h) => h.toLowerCase()));
  return [...headers].map(([k, v]) => `${k}: ${secret.has(k.toLowerCase()) || CREDENTIAL_HEADER.test(k) ? "[REDACTED]" : v}`).join(", ");
}

/** Wraps a fetch with timeouts, retries and typed transport errors. */
export function createResilientFetch(options: ResilientFetchOptions): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  const { provider, maxRetries, timeoutMs } = options;
  const random = options.random ?? Math.random;
  const scale = options.retryDelayScale ?? 1;
  const secrets = options.secrets ?? [];
  const log = options.log && ((line: string) => options.log?.(redactText(line, secrets)));

  return async function resilientFetch(input, init) {
    const original = input instanceof Request && init === undefined ? input : new Request(input, init);
    // The label is keyed by the Request the middleware saw, even when openapi-fetch passes `requestInitExt`.
    const { operation, billable } = options.operationOf(input instanceof Request ? input : original);
    const callerSignal = original.signal;
    const context = { provider, operation };
    // The body is read once and every attempt sends the same bytes: no stream tee (Request.clone) per attempt.
    const requestBody = original.body === null ? null : await original.arrayBuffer();
    const requestInit: RequestInit = { method: original.method, headers: original.headers, body: requestBody, redirect: original.redirect };

    for (let attempt = 1; ; attempt++) {
      if (callerSignal.aborted) throw new AbortError(`${provider} ${operation} aborted by the caller`, { ...context, cause: callerSignal.reason });
      // One controller per attempt, aborted by the timer or by the caller: cheaper than AbortSignal.any.
      const timeout = new AbortController();
      const onCallerAbort = () => timeout.abort(callerSignal.reason);
      callerSignal.addEventListener("abort", onCallerAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        timeout.abort();
      }, timeoutMs);
      const started = performance.now();
      const attemptInit = { ...requestInit, signal: timeout.signal };
      // Node's fetch builds its own Request from (url, init): building one here too would copy the
      // headers and body twice. An injected fetch receives a Request, as its tests expect.
      const send = () => (options.fetch === globalThis.fetch ? globalThis.fetch(original.url, attemptInit) : options.fetch(new Request(original.url, attemptInit)));
      const retriesLeft = attempt <= maxRetries;
      let response: Response;
      let body: ArrayBuffer | null = null;
      try {
        response = await send();
        // Event streams are consumed incrementally by their reader, which owns idle detection.
        if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
          body = NO_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
        }
      } catch (error) {
        clearTimeout(timer);
        callerSignal.removeEventListener("abort", onCallerAbort);
        const ms = Math.round(performance.now() - started);
        if (callerSignal.aborted) throw new AbortError(`${provider} ${operation} aborted by the caller`, { ...context, cause: error });
        if (error instanceof BrowserAgentError) throw error;
        const failure = timedOut
          ? new TimeoutError(`${provider} ${operation} timed out after ${timeoutMs} ms (attempt ${attempt})`, { ...context, cause: error })
          : new ConnectionError(redactText(`${provider} ${operation}: connection failed (attempt ${attempt}): ${(error as Error).message}`, secrets), {
              ...context,
              cause: error,
            });
        const safeToResend = !billable || (!timedOut && provesNotSent(error));
        log?.(`${provider} ${original.method} ${original.url} attempt ${attempt} ${failure.name} after ${ms} ms`);
        if (!safeToResend || !retriesLeft) throw failure;
        const wait = Math.round(backoffDelayMs(attempt, random) * scale);
        log?.(`${provider} ${original.method} ${original.url} retry ${attempt} in ${wait} ms (backoff)`);
        await sleep(wait, callerSignal).catch((reason: unknown) => {
          throw new AbortError(`${provider} ${operation} aborted by the caller`, { ...context, cause: reason });
        });
        continue;
      }
      const ms = Math.round(performance.now() - started);
      // The timeout covered the headers and (unless it is an event stream) the whole body. A streamed
      // body keeps following the caller's signal, so an abort still closes the connection.
      clearTimeout(timer);
      if (body !== null || NO_BODY_STATUSES.has(response.status)) callerSignal.removeEventListener("abort", onCallerAbort);
      log?.(`${provider} ${original.method} ${original.url} -> ${response.status} attempt ${attempt} ${ms} ms {${headerLine(original.headers, options.secretHeaders)}}`);

      const resendable = !billable || (options.refusedStatuses?.has(response.status) ?? false);
      if (isRetryableStatus(response.status) && resendable && !options.noRetryStatuses.has(response.status) && retriesLeft) {
        const asked = retryAfterMs(response.headers);
        const wait = asked ?? backoffDelayMs(attempt, random);
        if (wait <= MAX_RETRY_AFTER_MS) {
          const scaled = Math.round(wait * scale);
          log?.(`${provider} ${original.method} ${original.url} retry ${attempt} in ${scaled} ms (${asked === undefined ? "backoff" : "retry-after"})`);
          await sleep(scaled, callerSignal).catch((reason: unknown) => {
            throw new AbortError(`${provider} ${operation} aborted by the caller`, { ...context, cause: reason });
          });
          continue;
        }
      }
      if (body === null) return response;
      if (response.ok && body.byteLength > 0 && isJson(response.headers.get("content-type"))) {
        try {
          JSON.parse(UTF8.decode(body));
        } catch (error) {
          throw new MalformedResponseError(`${provider} ${operation}: HTTP ${response.status} body is not valid JSON`, {
            ...context,
            status: response.status,
            cause: error,
          });
        }
      }
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
  };
}
