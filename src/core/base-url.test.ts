/**
 * The base URL is checked when the client is made: one fetch cannot send to is refused then, as the bad
 * input it is, instead of failing every call as a "connection failed" that "may have reached the server".
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createEverrunsClient } from "../everruns/client.js";
import { BrowserAgentError, InvalidArgumentError } from "./errors.js";
import { rejectionOf } from "./testing/on-the-wire.js";

const KEY = "bb_live_base_url_test_key_0123";

afterEach(() => {
  vi.unstubAllEnvs();
});

// The error making the client throws, checked to be an InvalidArgumentError (a rejection of the sync throw).
async function creationError(make: () => unknown): Promise<BrowserAgentError> {
  const error = await rejectionOf(Promise.resolve().then(make));
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error;
}

describe("a base URL fetch cannot send to", () => {
  it.each(["api.browserbase.com", "not a url", "ftp://api.browserbase.com", "/v1"])("%j from the baseUrl option is refused when the client is made, before any request", async (baseUrl) => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const error = await creationError(() => createBrowserbaseClient({ apiKey: KEY, baseUrl, fetch }));
    expect(error.message).toBe(`browserbase: the base URL ${JSON.stringify(baseUrl)} (the \`baseUrl\` option) is not an absolute http:// or https:// URL.`);
    expect(error).toMatchObject({ provider: "browserbase", operation: "createClient" });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("from the environment names the variable it came from", async () => {
    vi.stubEnv("EVERRUNS_API_URL", "app.everruns.com/api");
    const error = await creationError(() => createEverrunsClient({ apiKey: "evr_base_url_test_key_0123" }));
    expect(error.message).toBe('everruns: the base URL "app.everruns.com/api" (env EVERRUNS_API_URL) is not an absolute http:// or https:// URL.');
  });

  it("with a user name or password is refused without repeating them (fetch refuses such a URL)", async () => {
    const error = await creationError(() => createBrowserbaseClient({ apiKey: KEY, baseUrl: "https://me:hunter2-secret@api.browserbase.com" }));
    expect(error.message).toBe("browserbase: the base URL (the `baseUrl` option) carries a user name or password, which fetch refuses; pass the key as `apiKey`.");
    expect(JSON.stringify(error)).not.toContain("hunter2");
  });

  it("an http:// or https:// URL, with a path or a trailing slash, is accepted", () => {
    for (const baseUrl of ["http://127.0.0.1:4010", "https://api.browserbase.com/", "http://localhost:8080/prefix/api"]) {
      expect(() => createBrowserbaseClient({ apiKey: KEY, baseUrl })).not.toThrow();
    }
  });
});
