/** Builds the typed error for a non-2xx response: status -> subclass, provider body -> message/code/hint. */
import {
  ApiStatusError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  GoneError,
  InsufficientCreditsError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors.js";
import type { ErrorContext } from "./errors.js";
import { MAX_REDIRECTS } from "./follow-redirects.js";
import { redactHeaders, redactText, redactValue } from "./redact.js";
import { retryAfterMs } from "./retry-policy.js";

/** What a provider's error body says, in the provider-neutral shape. */
export interface ProviderErrorDetails {
  message?: string;
  code?: string;
  hint?: string;
}

/** Reads a provider's parsed error body. Returns nothing it cannot find. */
export type ErrorBodyReader = (body: unknown) => ProviderErrorDetails;

type StatusErrorClass = new (message: string, context: ErrorContext) => ApiStatusError;

const ERROR_BY_STATUS: Readonly<Record<number, StatusErrorClass>> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: InsufficientCreditsError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The error class for an HTTP status: the table above, `InternalServerError` for 5xx, else `ApiStatusError`. */
export function errorClassForStatus(status: number): StatusErrorClass {
  return ERROR_BY_STATUS[status] ?? (status >= 500 ? InternalServerError : ApiStatusError);
}

/** Header names providers use for a request id, checked in order. */
export const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid"] as const;

/** The request id a response carries under one of {@link REQUEST_ID_HEADERS}, if any. */
export function requestIdOf(response: Response): string | undefined {
  return REQUEST_ID_HEADERS.map((name) => response.headers.get(name)).find((v) => v) ?? undefined;
}

const MAX_TEXT_CHARS = 200;

// An HTML error page (a proxy's 502) becomes its <title> or its first words, never a parse crash.
function readableText(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  return plain.length > MAX_TEXT_CHARS ? `${plain.slice(0, MAX_TEXT_CHARS)}…` : plain;
}

// A 3xx is one the client did not follow (follow-redirects.ts): where it pointed, and why.
function redirectNotFollowed({ status, headers, url }: Response): string {
  const location = status > 299 && status < 400 ? headers.get("location") : null;
  if (!location) return "";
  // A response a custom fetch built has no URL (""): an absolute Location is still judged.
  const base = url || undefined;
  const why = !URL.canParse(location, base)
    ? "not a valid URL"
    : base && new URL(location, base).origin === new URL(base).origin
      ? `more than ${MAX_REDIRECTS} in a row`
      : "only redirects within the API's origin are followed";
  return `: redirect to ${location} not followed (${why})`;
}

/** Inputs of {@link errorFromResponse}. */
export interface ResponseErrorInput {
  provider: string;
  operation: string;
  response: Response;
  /** The body as openapi-fetch returns it: parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
  readBody: ErrorBodyReader;
  /** Values that must never appear in the error (the API key). */
  secrets: readonly string[];
}

/** Creates the typed, redacted error for a non-2xx response. */
export function errorFromResponse(input: ResponseErrorInput): ApiStatusError {
  const { response, secrets } = input;
  // A text body is redacted before it is cut to its first words: a cut through the key would keep most of it.
  const details = typeof input.body === "string" ? { message: readableText(redactText(input.body, secrets)) } : input.readBody(input.body);
  // Everything the server sent may echo the key back (a body, a code, a reason phrase): all of it is redacted.
  const { message: providerMessage, code: providerCode, hint, requestId } = redactValue({ ...details, requestId: requestIdOf(response) }, secrets) as ProviderErrorDetails & {
    requestId?: string;
  };
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  const summary = providerMessage ? `: ${providerMessage}` : redirectNotFollowed(response);
  const code = providerCode ? ` [${providerCode}]` : "";
  const ErrorClass = errorClassForStatus(response.status);
  return new ErrorClass(redactText(`${input.provider} ${input.operation} failed with HTTP ${response.status}${statusText}${code}${summary}`, secrets), {
    provider: input.provider,
    operation: input.operation,
    status: response.status,
    providerMessage,
    providerCode,
    hint,
    requestId,
    body: redactValue(input.body, secrets),
    headers: redactHeaders(response.headers, secrets),
    retryAfterMs: retryAfterMs(response.headers),
  });
}

/** Picks `key` from a JSON object when it is a string. */
export function stringField(body: unknown, key: string): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}
