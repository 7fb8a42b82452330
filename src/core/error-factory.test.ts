import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { errorClassForStatus, errorFromResponse, stringField, type ErrorBodyReader } from "./error-factory.js";
import {
  ApiStatusError,
  AuthenticationError,
  BadRequestError,
  BrowserAgentError,
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

const KEY = "sk_live_51HqLyjWDarjtT1zdp7dc";
const readDetail: ErrorBodyReader = (body) => ({ message: stringField(body, "detail"), code: stringField(body, "code"), hint: stringField(body, "hint") });

function errorFor(status: number, body: unknown, headers: Record<string, string> = {}, statusText = "") {
  return errorFromResponse({
    provider: "browser-use",
    operation: "POST /sessions",
    response: new Response(null, { status, statusText, headers }),
    body,
    readBody: readDetail,
    secrets: [KEY],
  });
}

describe("errorClassForStatus", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [402, InsufficientCreditsError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [410, GoneError],
    [413, PayloadTooLargeError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [504, InternalServerError],
    [599, InternalServerError],
  ])("maps %i to its subclass", (status, ErrorClass) => {
    const error = errorFor(status, { detail: "x" });
    expect(errorClassForStatus(status)).toBe(ErrorClass);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiStatusError);
    expect(error).toBeInstanceOf(BrowserAgentError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
  });

  it.each([408, 418, 451])("maps an unlisted status %i to ApiStatusError itself", (status) => {
    const error = errorFor(status, {});
    expect(error.constructor).toBe(ApiStatusError);
    expect(error.name).toBe("ApiStatusError");
  });
});

describe("errorFromResponse", () => {
  it("carries provider, operation, status, the provider's message, code and hint, and the request id", () => {
    const error = errorFor(409, { detail: "Session is already stopped", code: "session_stopped", hint: "Create a new session" }, { "x-request-id": "req_abc123" }, "Conflict");
    expect(error.message).toBe("browser-use POST /sessions failed with HTTP 409 Conflict [session_stopped]: Session is already stopped");
    expect(error).toMatchObject({
      provider: "browser-use",
      operation: "POST /sessions",
      status: 409,
      providerMessage: "Session is already stopped",
      providerCode: "session_stopped",
      hint: "Create a new session",
      requestId: "req_abc123",
      body: { detail: "Session is already stopped", code: "session_stopped", hint: "Create a new session" },
    });
  });

  it.each(["x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid"])("reads the request id from %s", (header) => {
    expect(errorFor(500, {}, { [header]: "req_1" }).requestId).toBe("req_1");
  });

  it("reads an HTML error page as its title", () => {
    const html = "<html><head><title> 502 Bad\n Gateway </title></head><body><h1>502</h1></body></html>";
    const error = errorFor(502, html);
    expect(error.providerMessage).toBe("502 Bad Gateway");
    expect(error.message).toBe("browser-use POST /sessions failed with HTTP 502: 502 Bad Gateway");
  });

  it("reads an untitled page or plain text as its words, cut at 200 characters", () => {
    expect(errorFor(503, "<body><p>upstream</p><p>connect error</p></body>").providerMessage).toBe("upstream connect error");
    const long = errorFor(500, "x".repeat(500)).providerMessage!;
    expect(long).toHaveLength(201);
    expect(long.endsWith("…")).toBe(true);
  });

  it("has no provider message when the body says nothing", () => {
    const error = errorFor(500, undefined);
    expect(error.providerMessage).toBeUndefined();
    expect(error.message).toBe("browser-use POST /sessions failed with HTTP 500");
  });

  it("carries the response headers with credential headers and the key redacted, and the wait the server asked for", () => {
    const error = errorFor(429, { detail: "slow down" }, { "retry-after": "7", "x-request-id": "req_9", "set-cookie": "sid=abc", "x-echo": `key ${KEY}` });
    expect(error.headers).toEqual({ "retry-after": "7", "x-request-id": "req_9", "set-cookie": "[REDACTED]", "x-echo": "key [REDACTED]" });
    expect(error.retryAfterMs).toBe(7_000);
    expect(errorFor(500, {}).retryAfterMs).toBeUndefined();
    expect(error.toJSON()).toMatchObject({ status: 429, retryAfterMs: 7_000 });
  });

  it("shows its cause in inspect (console.log) views", () => {
    const root = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:45913"), { code: "ECONNREFUSED" });
    const error = new BrowserAgentError("browser-use GET /sessions: connection failed (attempt 1): connect ECONNREFUSED 127.0.0.1:45913", {
      provider: "browser-use",
      operation: "GET /sessions",
      cause: new TypeError("fetch failed", { cause: root }),
    });
    const shown = inspect(error);
    expect(shown).toContain("cause: TypeError: fetch failed");
    expect(shown).toContain("code: 'ECONNREFUSED'");
    expect(inspect(errorFor(404, {}))).not.toContain("cause");
  });

  it("redacts the key from the message, fields, body (keys included), JSON and inspect views", () => {
    const body = { detail: `bad key ${KEY}`, code: `code_${KEY}`, hint: `rotate ${KEY}`, nested: [{ [KEY]: KEY }] };
    const error = errorFor(401, body, { "x-request-id": `req_${KEY}` }, `Nope ${KEY}`);
    expect(error.providerMessage).toBe("bad key [REDACTED]");
    expect(error.hint).toBe("rotate [REDACTED]");
    expect(error.body).toEqual({ detail: "bad key [REDACTED]", code: "code_[REDACTED]", hint: "rotate [REDACTED]", nested: [{ "[REDACTED]": "[REDACTED]" }] });
    for (const view of [error.message, error.stack ?? "", JSON.stringify(error), inspect(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error.body)]) {
      expect(view).not.toContain(KEY);
    }
  });
});
