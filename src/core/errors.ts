/**
 * The error hierarchy shared by every provider client. One root (`BrowserAgentError`); HTTP status errors
 * under `ApiStatusError`; transport and control-flow errors beside them. Every error is `instanceof`-narrowable.
 */
// The hook util.inspect (console.log, test snapshots) calls, by its registered name: no node:util import,
// so the clients also run in browsers and other runtimes.
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
type Inspect = (value: unknown, options?: unknown) => string;

/** What every error knows about the call that failed. */
export interface ErrorContext {
  /** Provider name, e.g. `browser-use`. */
  provider: string;
  /** Operation, as `METHOD /schema/path`, e.g. `GET /sessions/{session_id}`. */
  operation: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** The provider's own message (Browser Use `detail`, Browserbase `message`, ThinkRun `error`, Everruns `error`). */
  providerMessage?: string;
  /** The provider's own error code, when it sends one (ThinkRun `code`, Browserbase `error`). */
  providerCode?: string;
  /** The provider's hint on how to fix it (ThinkRun `hint`). */
  hint?: string;
  /** The request id header of the response, when present. */
  requestId?: string;
  /** The parsed (redacted) error body. */
  body?: unknown;
  /** The response headers, credential headers and secrets redacted (status errors). */
  headers?: Readonly<Record<string, string>>;
  /** The wait the server asked for (`retry-after-ms`, `Retry-After`) in ms, when it sent one (status errors). */
  retryAfterMs?: number;
  /** The underlying error. */
  cause?: unknown;
}

// The context fields every error copies, in this order; all but `body` are in the secret-free view.
const VIEW_FIELDS = ["provider", "operation", "status", "providerMessage", "providerCode", "hint", "requestId"] as const;
const FIELDS = [...VIEW_FIELDS, "body"] as const;

/** Root of every error this package throws. */
export class BrowserAgentError extends Error {
  override name = "BrowserAgentError";
  // Declared, not initialised: the constructor copies them from the context in one loop (smaller bundle).
  declare readonly provider: string;
  declare readonly operation: string;
  declare readonly status: number | undefined;
  declare readonly providerMessage: string | undefined;
  declare readonly providerCode: string | undefined;
  declare readonly hint: string | undefined;
  declare readonly requestId: string | undefined;
  declare readonly body: unknown;

  constructor(message: string, context: ErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    for (const field of FIELDS) (this as Record<string, unknown>)[field] = context[field];
  }

  /** A plain, secret-free view: what `JSON.stringify(error)` prints. */
  toJSON(): Record<string, unknown> {
    const view: Record<string, unknown> = { name: this.name, message: this.message };
    for (const field of VIEW_FIELDS) view[field] = this[field];
    return view;
  }

  // util.inspect (console.log, test snapshots) shows the same secret-free view plus the stack and the
  // cause, where the root cause of a transport failure lives (`connect ECONNREFUSED 127.0.0.1:45913`).
  [INSPECT](_depth: number, options: unknown, inspect: Inspect): string {
    const view = this.cause === undefined ? this.toJSON() : { ...this.toJSON(), cause: this.cause };
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${inspect(view, options)}`;
  }
}

/** A response arrived with a non-2xx status. */
export class ApiStatusError extends BrowserAgentError {
  override name = "ApiStatusError";
  declare readonly status: number;
  /** The response headers, with credential headers (`set-cookie`, `*-api-key`, ...) and secrets redacted. */
  declare readonly headers: Readonly<Record<string, string>>;
  /** The wait the server asked for before a retry (`retry-after-ms`, `Retry-After`), in ms; undefined when it sent none. */
  declare readonly retryAfterMs: number | undefined;

  constructor(message: string, context: ErrorContext) {
    super(message, context);
    this.headers = context.headers ?? {};
    this.retryAfterMs = context.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
/** 400: the request is malformed (bad id, bad body). */
export class BadRequestError extends ApiStatusError {
  override name = "BadRequestError";
}
/** 401: the API key is missing or invalid. */
export class AuthenticationError extends ApiStatusError {
  override name = "AuthenticationError";
}
/** 402: the account is out of credits. Never retried. */
export class InsufficientCreditsError extends ApiStatusError {
  override name = "InsufficientCreditsError";
}
/** 403: the key may not do this. */
export class PermissionDeniedError extends ApiStatusError {
  override name = "PermissionDeniedError";
}
/** 404: no such resource. */
export class NotFoundError extends ApiStatusError {
  override name = "NotFoundError";
}
/** 409: the resource is in a state that forbids this (e.g. stopping a finished run). */
export class ConflictError extends ApiStatusError {
  override name = "ConflictError";
}
/** 410: the resource existed but is closed for good. */
export class GoneError extends ApiStatusError {
  override name = "GoneError";
}
/** 413: the body is too large. */
export class PayloadTooLargeError extends ApiStatusError {
  override name = "PayloadTooLargeError";
}
/** 422: the provider rejected the request's content. */
export class UnprocessableEntityError extends ApiStatusError {
  override name = "UnprocessableEntityError";
}
/** 429: too many requests, or (Browser Use) too many concurrent sessions. */
export class RateLimitError extends ApiStatusError {
  override name = "RateLimitError";
}
/** 5xx: the provider failed. */
export class InternalServerError extends ApiStatusError {
  override name = "InternalServerError";
}

/** The connection failed before a response arrived (refused, reset, DNS). */
export class ConnectionError extends BrowserAgentError {
  override name = "ConnectionError";
}
/** The per-request timeout elapsed (before the headers or while the body was arriving). */
export class TimeoutError extends BrowserAgentError {
  override name = "TimeoutError";
}
/** The caller's `AbortSignal` aborted the call. */
export class AbortError extends BrowserAgentError {
  override name = "AbortError";
}
/** A 2xx response whose body is not the JSON it claims to be. */
export class MalformedResponseError extends BrowserAgentError {
  override name = "MalformedResponseError";
}
/** The client was called with an argument that can never work (an empty or dot-segment id, a missing key). */
export class InvalidArgumentError extends BrowserAgentError {
  override name = "InvalidArgumentError";
}

/** A `waitFor…` helper reached its deadline before a terminal state; `lastState` is the last one seen. */
export class PollTimeoutError<State = unknown> extends BrowserAgentError {
  override name = "PollTimeoutError";
  declare readonly lastState: State | undefined;
  constructor(message: string, context: ErrorContext & { lastState: State | undefined }) {
    super(message, context);
    this.lastState = context.lastState;
  }
}
