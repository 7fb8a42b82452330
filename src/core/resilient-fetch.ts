/**
 * The fetch that openapi-fetch calls: per-attempt timeout covering headers and body, bounded retries with
 * jittered backoff, and the resend rule. Middleware cannot loop, so retries live here, under openapi-fetch.
 *
 * The resend rule (facts from the spec, see openapi/EXTENSIONS.md): a request that may have reached the
 * server (a timeout, a reset, any response) is sent again only when its operation is idempotent (the
 * method's default or `x-idempotent`); billable creates never are. A failure that proves the request was
 * not delivered (connection refused, DNS failure) may be retried for any operation, and so may a status
 * the provider uses to refuse without acting (`refusedStatuses`). When a resend after a possibly delivered
 * attempt is answered with one of the operation's `x-already-done-statuses` (a stop answered "already
 * stopped", a delete answered "not found"), the first attempt did the job: the response is marked (see
 * {@link wasAlreadyDone}) and the debug log says so.
 *
 * The body is read here, inside the attempt, so the timeout covers it and a reset mid-body is retried like
 * any transport failure; the Response itself is handed on (see read-body.ts) with the body parsed once.
 * Redirects are followed inside the attempt too, under its deadline, and only within the request's origin
 * (see follow-redirects.ts).
 */
import { checkedNumber } from "./check-option.js";
import { ClientRequest } from "./client-request.js";
import { AbortError, BrowserAgentError, ConnectionError, InvalidArgumentError, MalformedResponseError, TimeoutError, type ErrorContext } from "./errors.js";
import { fetchWithinOrigin } from "./follow-redirects.js";
import { withReadBody, type ReadBody } from "./read-body.js";
import { ATTEMPT_TIMED_OUT, timedAttempt, type BodyKind } from "./timed-attempt.js";
import { redactHeaders, redactText } from "./redact.js";
import {
  backoffDelayMs,
  exponentialDelayMs,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  portRefusedByFetch,
  provesNotSent,
  retryAfterMs,
  sleep,
  type CapacityRetry,
} from "./retry-policy.js";
import { rootCause } from "./transport-cause.js";

/** What the client knows about the operation of a request (from the spec's generated facts). */
export interface OperationInfo {
  /** `METHOD /schema/path`. */
  operation: string;
  /** Safe to send again after a possible delivery. */
  idempotent: boolean;
  /** Statuses that, on a resend after a possible delivery, mean the first attempt did the job. */
  alreadyDoneStatuses: readonly number[];
  /** Every documented 2xx response has a body that cannot be `null`: an empty or `null` 2xx body is a `MalformedResponseError`. */
  successBody: boolean;
  /** openapi-fetch's `parseAs` for this call, when known. */
  parseAs?: string | undefined;
}

/** Settings of {@link createResilientFetch}. */
export interface ResilientFetchOptions {
  provider: string;
  fetch: typeof globalThis.fetch;
  /** Retries after the first attempt; a call's own `maxRetries` overrides it. */
  maxRetries: number;
  /** Per-attempt timeout in ms, from sending the request to the last byte of the body; a call's own `timeoutMs` overrides it. */
  timeoutMs: number;
  /** Statuses that are retryable in general but must be surfaced at once for this client. */
  noRetryStatuses: ReadonlySet<number>;
  /** Statuses that prove the request was refused without any effect, so even a non-idempotent one may be resent. Default none. */
  refusedStatuses?: ReadonlySet<number>;
  /** A longer, separately budgeted schedule for some statuses (see {@link CapacityRetry}). */
  capacityRetry?: CapacityRetry | undefined;
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

const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);
const ALREADY_DONE = new WeakSet<Response>();

/**
 * True for a response that answered a resend with one of its operation's `x-already-done-statuses` after an
 * earlier attempt may have been delivered: the earlier attempt did the job.
 */
export function wasAlreadyDone(response: Response): boolean {
  return ALREADY_DONE.has(response);
}

function isJson(contentType: string | null): boolean {
  return contentType !== null && /\bjson\b/i.test(contentType);
}

function headerLine(headers: Headers, secretHeaders: readonly string[]): string {
  // The secrets in the values are redacted with the whole line, by `log`.
  return Object.entries(redactHeaders(headers, [], secretHeaders)).map(([name, value]) => `${name}: ${value}`).join(", ");
}

// Module functions, not closures per call: a loader that keeps function names (tsx) would name each closure.
function aborted(context: ErrorContext, cause: unknown): AbortError {
  return new AbortError(`${context.provider} ${context.operation} aborted by the caller`, { ...context, cause });
}

function pause(ms: number, signal: AbortSignal | undefined, context: ErrorContext): Promise<void> {
  return sleep(ms, signal).catch((reason: unknown) => Promise.reject(aborted(context, reason)));
}

/** How openapi-fetch will want the body: event streams (and `parseAs: "stream"`) are left to their reader. */
function bodyKind(response: Response, method: string, info: OperationInfo): BodyKind {
  if (method === "HEAD" || NO_BODY_STATUSES.has(response.status)) return "none";
  const type = response.headers.get("content-type");
  if (info.parseAs === "stream" || type?.startsWith("text/event-stream")) return "stream";
  return info.parseAs === "json" || info.parseAs === "text" || isJson(type) || type?.startsWith("text/") ? "text" : "bytes";
}

/** What a call tells the resilient fetch about itself (see client-request.ts): its label and its own overrides. */
export interface CallSettings {
  info: OperationInfo;
  /** This call's per-attempt timeout in ms. */
  timeoutMs?: unknown;
  /** This call's retries. */
  maxRetries?: unknown;
}

/** Sends one request of a call (see client-request.ts) with timeouts, retries and typed transport errors. */
export type ResilientFetch = (request: Request | ClientRequest, call: CallSettings) => Promise<Response>;

/** Wraps a fetch with timeouts, retries and typed transport errors. */
export function createResilientFetch(options: ResilientFetchOptions): ResilientFetch {
  const { provider, noRetryStatuses, capacityRetry } = options;
  const refused = options.refusedStatuses ?? new Set<number>();
  const random = options.random ?? Math.random;
  const scale = options.retryDelayScale ?? 1;
  const secrets = options.secrets ?? [];
  const log = options.log && ((line: string) => options.log?.(redactText(line, secrets)));
  const baseFetch = options.fetch;

  return async function resilientFetch(request, call) {
    const { info } = call;
    const { operation } = info;
    const { url, method } = request;
    const callerSignal = request.signal ?? undefined;
    const context: ErrorContext = { provider, operation };
    // Every attempt sends the same init. A platform Request's body is read once: no stream tee per attempt.
    let init: RequestInit;
    if (request instanceof ClientRequest) {
      init = request.init;
      if (init.body instanceof ReadableStream) init = { ...init, body: await new Response(init.body).arrayBuffer() };
    } else {
      init = { method, headers: request.headers, body: request.body === null ? null : await request.arrayBuffer(), redirect: request.redirect };
    }
    // A call's own settings, checked (InvalidArgumentError) before anything is sent.
    const timeoutMs = checkedNumber(context, "timeoutMs", call.timeoutMs as number | undefined, 1) ?? options.timeoutMs;
    const maxRetries = checkedNumber(context, "maxRetries", call.maxRetries as number | undefined, 0, true) ?? options.maxRetries;
    let retries = 0;
    let capacityRetries = 0;
    let capacityWaitedMs = 0;
    let mayHaveBeenDelivered = false;

    for (let attempt = 1; ; attempt++) {
      if (callerSignal?.aborted) throw aborted(context, callerSignal.reason);
      const started = log ? performance.now() : 0;
      let response: Response;
      let body: ReadBody | null | undefined;
      try {
        // The caller's signal (usually none) is the only one fetch sees: see timed-attempt.ts.
        ({ response, body } = await timedAttempt(
          (abandoned) => fetchWithinOrigin(baseFetch, url, callerSignal ? { ...init, signal: callerSignal } : init, abandoned, log && ((line) => log(`${provider} ${method} ${line}`))),
          (r) => bodyKind(r, method, info),
          timeoutMs,
        ));
      } catch (error) {
        if (callerSignal?.aborted) throw aborted(context, error);
        if (error instanceof BrowserAgentError) throw error;
        if (portRefusedByFetch(error)) {
          log?.(`${provider} ${method} ${url} attempt ${attempt}: fetch refused the port; not sent, not re-sent`);
          throw new InvalidArgumentError(`${provider} ${operation}: fetch refuses port ${new URL(url).port} (the Fetch standard blocks it), so the request was not sent; use another port in the base URL`, { ...context, cause: error });
        }
        const timedOut = error === ATTEMPT_TIMED_OUT;
        const notSent = !timedOut && provesNotSent(error);
        if (!notSent) mayHaveBeenDelivered = true;
        const failure = timedOut
          ? new TimeoutError(`${provider} ${operation} timed out after ${timeoutMs} ms (attempt ${attempt})`, context)
          : new ConnectionError(redactText(`${provider} ${operation}: connection failed (attempt ${attempt}): ${rootCause(error)}`, secrets), { ...context, cause: error });
        const where = `${provider} ${method} ${url} attempt ${attempt}`;
        log?.(`${where} ${failure.name} after ${Math.round(performance.now() - started)} ms`);
        if (!notSent && !info.idempotent) {
          log?.(`${where}: not re-sent, ${operation} is not idempotent and may have reached the server`);
          throw failure;
        }
        if (retries >= maxRetries) throw failure;
        retries++;
        const wait = Math.round(backoffDelayMs(retries, random) * scale);
        log?.(`${provider} ${method} ${url} retry ${attempt} in ${wait} ms (backoff)`);
        await pause(wait, callerSignal, context);
        continue;
      }
      const { status } = response;
      if (log) log(`${provider} ${method} ${url} -> ${status} attempt ${attempt} ${Math.round(performance.now() - started)} ms {${headerLine(request.headers, options.secretHeaders)}}`);

      if (isRetryableStatus(status) && !noRetryStatuses.has(status) && (info.idempotent || refused.has(status))) {
        const asked = retryAfterMs(response.headers);
        let wait: number | undefined;
        if (capacityRetry?.statuses.has(status)) {
          const next = asked ?? exponentialDelayMs(capacityRetry.initialDelayMs, capacityRetry.maxDelayMs, capacityRetries + 1, random);
          if (capacityWaitedMs + next <= capacityRetry.maxWaitMs) {
            capacityRetries++;
            capacityWaitedMs += next;
            wait = next;
          }
        } else if (retries < maxRetries) {
          const next = asked ?? backoffDelayMs(retries + 1, random);
          if (next <= MAX_RETRY_AFTER_MS) {
            retries++;
            wait = next;
          }
        }
        if (wait !== undefined) {
          const scaled = Math.round(wait * scale);
          log?.(`${provider} ${method} ${url} retry ${attempt} in ${scaled} ms (${asked === undefined ? "backoff" : "retry-after"})`);
          await pause(scaled, callerSignal, context);
          continue;
        }
      }
      if (mayHaveBeenDelivered && info.alreadyDoneStatuses.includes(status)) {
        ALREADY_DONE.add(response);
        log?.(`${provider} ${method} ${url} -> ${status} attempt ${attempt}: already done by an earlier attempt that may have reached the server`);
      }
      if (body === undefined) return response;
      if (response.ok) checkBody(response, body, info, context);
      if (body === null) return response;
      // A request a user middleware replaced carries no label: parseAs is unknown, so the body may
      // also be read as a stream.
      return withReadBody(response, body, info.parseAs === undefined);
    }
  };
}

/** Rejects a 2xx body the caller could not use: empty or `null` where the spec documents one, or not the JSON it should be. */
function checkBody(response: Response, body: ReadBody | null, info: OperationInfo, context: ErrorContext): void {
  const { status } = response;
  const where = `${context.provider} ${context.operation}: HTTP ${status}`;
  const empty = body === null || body.text === "" || body.bytes?.byteLength === 0;
  if (empty) {
    // A stream's reader judges its own body (SSE gives a 204 a meaning of its own: "stop reconnecting").
    if (info.successBody && info.parseAs !== "stream") throw new MalformedResponseError(`${where} has an empty body where the spec documents one`, { ...context, status });
    return;
  }
  if (body.text === undefined || !(info.parseAs === "json" || (info.parseAs === undefined && isJson(response.headers.get("content-type"))))) return;
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch (error) {
    const type = response.headers.get("content-type");
    const what = isJson(type) ? "is not valid JSON" : `is not JSON (content-type ${type || "none"})`;
    throw new MalformedResponseError(`${where} body ${what}`, { ...context, status, cause: error });
  }
  // `null` is no more use to the caller than an empty body (the generator checks no such body may be null).
  if (value === null && info.successBody) throw new MalformedResponseError(`${where} body is null where the spec documents one`, { ...context, status });
  body.json = { value };
}
