import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  INITIAL_RETRY_DELAY_MS,
  isRetryableStatus,
  MAX_RETRY_DELAY_MS,
  provesNotSent,
  retryAfterMs,
  sleep,
} from "./retry-policy.js";

const NOW = Date.parse("2026-03-02T10:00:00Z");
const headers = (init: Record<string, string>) => new Headers(init);
const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });

describe("retryAfterMs", () => {
  it.each([
    ["retry-after-ms in milliseconds", { "retry-after-ms": "1500" }, 1_500],
    ["retry-after-ms with a fraction", { "retry-after-ms": "12.5" }, 12.5],
    ["retry-after-ms before Retry-After", { "retry-after-ms": "200", "retry-after": "30" }, 200],
    ["Retry-After in seconds", { "retry-after": "3" }, 3_000],
    ["Retry-After in fractional seconds", { "retry-after": "0.25" }, 250],
    ["Retry-After zero", { "retry-after": "0" }, 0],
    ["Retry-After as an HTTP date 90 s ahead", { "retry-after": "Mon, 02 Mar 2026 10:01:30 GMT" }, 90_000],
    ["Retry-After as an obsolete RFC 850 date", { "retry-after": "Monday, 02-Mar-26 10:00:05 GMT" }, 5_000],
    ["an HTTP date in the past as zero", { "retry-after": "Mon, 02 Mar 2026 09:00:00 GMT" }, 0],
    ["an unreadable retry-after-ms falling back to Retry-After", { "retry-after-ms": "soon", "retry-after": "2" }, 2_000],
  ])("reads %s", (_name, init, expected) => {
    expect(retryAfterMs(headers(init), NOW)).toBe(expected);
  });

  it.each<Record<string, string>>([{}, { "retry-after": "" }, { "retry-after": "soon" }, { "retry-after": "-5" }, { "retry-after": "1 2" }, { "retry-after": "120s" }, { "retry-after-ms": "12abc" }, { "retry-after-ms": "-1" }])(
    "is undefined for %j, so the backoff applies instead of an immediate retry",
    (init) => {
      expect(retryAfterMs(headers(init), NOW)).toBeUndefined();
    },
  );
});

describe("backoffDelayMs", () => {
  it("doubles from the initial delay and stays within [50%, 100%] of it", () => {
    for (const [retry, base] of [[1, 500], [2, 1_000], [3, 2_000], [4, 4_000]] as const) {
      expect(backoffDelayMs(retry, () => 0)).toBe(base / 2);
      expect(backoffDelayMs(retry, () => 0.999999)).toBe(base);
      const jittered = backoffDelayMs(retry);
      expect(jittered).toBeGreaterThanOrEqual(base / 2);
      expect(jittered).toBeLessThanOrEqual(base);
    }
    expect(backoffDelayMs(1, () => 0.999999)).toBe(INITIAL_RETRY_DELAY_MS);
  });

  it("is capped at MAX_RETRY_DELAY_MS however many retries", () => {
    for (const retry of [5, 6, 10, 50]) expect(backoffDelayMs(retry, () => 0.999999)).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe("isRetryableStatus", () => {
  it.each([408, 429, 500, 502, 503, 504, 599])("retries %i", (status) => expect(isRetryableStatus(status)).toBe(true));
  it.each([200, 400, 401, 402, 403, 404, 409, 410, 413, 418, 422])("does not retry %i", (status) => expect(isRetryableStatus(status)).toBe(false));
});

describe("provesNotSent", () => {
  it("is true for a refused connection or a failed DNS lookup, as fetch wraps them", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]) {
      expect(provesNotSent(new TypeError("fetch failed", { cause: systemError(code) }))).toBe(true);
    }
  });

  it("is true when every address of a multi-address connect was refused", () => {
    const aggregate = new AggregateError([systemError("ECONNREFUSED"), systemError("ECONNREFUSED")], "connect failed");
    expect(provesNotSent(new TypeError("fetch failed", { cause: aggregate }))).toBe(true);
  });

  it("is false when one address failed in a way that may have delivered", () => {
    const aggregate = new AggregateError([systemError("ECONNREFUSED"), systemError("ECONNRESET")], "connect failed");
    expect(provesNotSent(new TypeError("fetch failed", { cause: aggregate }))).toBe(false);
  });

  it("is false for a reset, a timeout, an abort or an unknown error", () => {
    expect(provesNotSent(new TypeError("fetch failed", { cause: systemError("ECONNRESET") }))).toBe(false);
    expect(provesNotSent(new TypeError("terminated", { cause: systemError("UND_ERR_SOCKET") }))).toBe(false);
    expect(provesNotSent(new DOMException("This operation was aborted", "AbortError"))).toBe(false);
    expect(provesNotSent(new Error("boom"))).toBe(false);
    expect(provesNotSent(undefined)).toBe(false);
  });
});

describe("sleep", () => {
  it("resolves after the delay", async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("rejects with the signal's reason as soon as it aborts", async () => {
    const started = performance.now();
    const reason = new Error("stop");
    await expect(sleep(5_000, AbortSignal.timeout(20))).rejects.toMatchObject({ name: "TimeoutError" });
    const controller = new AbortController();
    controller.abort(reason);
    await expect(sleep(5_000, controller.signal)).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
