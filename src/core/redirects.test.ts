/**
 * Redirects on real sockets: a redirect that stays on the API's origin is followed as fetch follows it; one
 * that leaves the origin is not followed, so the key header (which fetch would carry along: only
 * `Authorization` is dropped on a cross-origin redirect) never reaches another server.
 */
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { createBrowserUseClient } from "../browser-use/client.js";
import { createBrowserbaseClient } from "../browserbase/client.js";
import { createEverrunsClient } from "../everruns/client.js";
import { createThinkRunClient } from "../thinkrun/client.js";
import { ApiStatusError, TimeoutError } from "./errors.js";
import { respond } from "./testing/fault-server.js";
import { faultServers, rejectionOf } from "./testing/on-the-wire.js";

const serve = faultServers();
const KEY = "redirect_test_secret_key_0123";

// One list call per provider, and the header its key travels in.
const PROVIDERS = [
  { name: "browser-use", header: "x-browser-use-api-key", path: "/sessions", call: (baseUrl: string) => createBrowserUseClient({ apiKey: KEY, baseUrl, maxRetries: 0 }).sessions.list() },
  { name: "browserbase", header: "x-bb-api-key", path: "/v1/agents", call: (baseUrl: string) => createBrowserbaseClient({ apiKey: KEY, baseUrl, maxRetries: 0 }).agents.list() },
  { name: "thinkrun", header: "x-api-key", path: "/api/sessions", call: (baseUrl: string) => createThinkRunClient({ apiKey: KEY, baseUrl, maxRetries: 0 }).sessions.list() },
  { name: "everruns", header: "authorization", path: "/v1/sessions", call: (baseUrl: string) => createEverrunsClient({ apiKey: KEY, baseUrl, maxRetries: 0 }).sessions.list() },
] as const;

describe("a redirect to another origin", () => {
  it.each(PROVIDERS)("$name: is not followed, the key never reaches the other server, and the caller gets an ApiStatusError with the Location", async ({ header, path, call }) => {
    const elsewhere = await serve([respond(200, {})]);
    const api = await serve([respond(302, undefined, { location: `${elsewhere.url}/collect` })]);
    const error = await rejectionOf(call(api.url));
    expect(error).toBeInstanceOf(ApiStatusError);
    expect(error).toMatchObject({ status: 302, headers: { location: `${elsewhere.url}/collect` } });
    expect(error.message).toContain(`redirect to ${elsewhere.url}/collect not followed (only redirects within the API's origin are followed)`);
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requests.map((r) => r.path)).toEqual([path]);
    expect(api.requests[0]!.headers[header]).toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it("to the same server under another host name is another origin too: not followed", async () => {
    const api = await serve((_, request) => respond(301, undefined, { location: `http://localhost:${request.headers.host?.split(":")[1]}/v1/agents` }));
    const error = await rejectionOf(createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url, maxRetries: 0 }).agents.list());
    expect(error).toMatchObject({ status: 301 });
    expect(api.requests).toHaveLength(1);
  });

  it("through the raw client resolves with the redirect as its error result, and nothing is sent elsewhere", async () => {
    const elsewhere = await serve([respond(200, {})]);
    const api = await serve([respond(308, undefined, { location: `${elsewhere.url}/v1/agents` })]);
    const client = createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url, maxRetries: 0 });
    const { data, error, response } = await client.GET("/v1/agents");
    expect(data).toBeUndefined();
    expect(error).toBe("");
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe(`${elsewhere.url}/v1/agents`);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("says in the debug log where the redirect pointed and why it was not followed, without the key", async () => {
    const api = await serve([respond(302, undefined, { location: `https://collector.example/k?key=${KEY}` })]);
    const lines: string[] = [];
    await createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url, maxRetries: 0, debug: (line) => lines.push(line) }).GET("/v1/agents");
    expect(lines).toContainEqual(`browserbase GET ${api.url}/v1/agents -> 302 redirect to https://collector.example/k?key=[REDACTED] not followed (it leaves ${api.url})`);
    expect(lines.join("\n")).not.toContain(KEY);
  });

  it("a POST is sent once and not carried elsewhere by a 307", async () => {
    const elsewhere = await serve([respond(201, {})]);
    const api = await serve([respond(307, undefined, { location: `${elsewhere.url}/v1/agents` })]);
    const error = await rejectionOf(createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url }).agents.create({ name: "a" } as never));
    expect(error).toMatchObject({ status: 307 });
    expect(api.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe("a redirect whose Location is not a URL", () => {
  it("is not followed nor retried: the caller gets the 3xx as an ApiStatusError, and no view of it (inspect, JSON, String) carries the key it echoes", async () => {
    const location = `http://collector .example/k?key=${KEY}`;
    const api = await serve([respond(302, undefined, { location })]);
    // Retries allowed: a GET answered with a redirect has been answered, there is nothing to send again.
    const error = await rejectionOf(createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url, maxRetries: 2, retryDelayScale: 0.01 }).agents.list());
    expect(error).toBeInstanceOf(ApiStatusError);
    expect(error).toMatchObject({ status: 302, headers: { location: "http://collector .example/k?key=[REDACTED]" } });
    expect(error.message).toBe("browserbase GET /v1/agents failed with HTTP 302 Found: redirect to http://collector .example/k?key=[REDACTED] not followed (not a valid URL)");
    expect(api.requests).toHaveLength(1);
    for (const view of [inspect(error, { depth: 10 }), JSON.stringify(error), String(error)]) expect(view).not.toContain(KEY);
  });
});

describe("a redirect that stays on the API's origin", () => {
  const agents = { agents: [], nextCursor: null };

  it("is followed with the key, and the response says it was redirected", async () => {
    const api = await serve((index) => (index === 0 ? respond(301, undefined, { location: "/v1/agents/" }) : respond(200, agents)));
    const { data, response } = await createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url }).agents.list().withResponse();
    expect(data).toEqual(agents);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${api.url}/v1/agents/`);
    expect(api.requests.map((r) => [r.path, r.headers["x-bb-api-key"]])).toEqual([
      ["/v1/agents", KEY],
      ["/v1/agents/", KEY],
    ]);
  });

  it("307 sends the same method and body again; 303 turns a POST into a GET without a body", async () => {
    const body = { name: "a" };
    const created = { agentId: "4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61", name: "a", createdAt: "2026-11-18T08:30:00Z", updatedAt: "2026-11-18T08:30:00Z" };
    const kept = await serve((index) => (index === 0 ? respond(307, undefined, { location: "/v1/agents/here" }) : respond(201, created)));
    await createBrowserbaseClient({ apiKey: KEY, baseUrl: kept.url }).agents.create(body as never);
    expect(kept.requests.map((r) => [r.method, r.path, r.body, r.headers["content-type"]])).toEqual([
      ["POST", "/v1/agents", JSON.stringify(body), "application/json"],
      ["POST", "/v1/agents/here", JSON.stringify(body), "application/json"],
    ]);

    const seeOther = await serve((index) => (index === 0 ? respond(303, undefined, { location: "/v1/agents/here" }) : respond(200, created)));
    await createBrowserbaseClient({ apiKey: KEY, baseUrl: seeOther.url }).agents.create(body as never);
    expect(seeOther.requests.map((r) => [r.method, r.path, r.body, r.headers["content-type"]])).toEqual([
      ["POST", "/v1/agents", JSON.stringify(body), "application/json"],
      ["GET", "/v1/agents/here", "", undefined],
    ]);
  });

  it("is left to fetch when the call sets redirect itself: manual returns the 3xx", async () => {
    const api = await serve([respond(302, undefined, { location: "/v1/agents/" })]);
    const { response } = await createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url }).GET("/v1/agents", { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(api.requests).toHaveLength(1);
  });

  it("that comes after the attempt's deadline is not followed: nothing more is sent", async () => {
    const api = await serve((index) => (index === 0 ? { kind: "respond", status: 307, headers: { location: "/v1/agents/" }, delayMs: 300 } : respond(200, agents)));
    const calls: string[] = [];
    const answered: number[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      calls.push(String(input));
      const response = await globalThis.fetch(input, init);
      answered.push(response.status);
      return response;
    };
    const error = await rejectionOf(createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url, fetch, timeoutMs: 100, maxRetries: 0 }).agents.list());
    expect(error).toBeInstanceOf(TimeoutError);
    // The late 307 reaches the client; a follow would call fetch again at once, before the next macrotask.
    await vi.waitFor(() => expect(answered).toEqual([307]), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual([`${api.url}/v1/agents`]);
  });

  it("that never ends stops after 20 redirects with an ApiStatusError, not a hang", async () => {
    const api = await serve((index) => respond(302, undefined, { location: `/loop/${index}` }));
    const error = await rejectionOf(createBrowserbaseClient({ apiKey: KEY, baseUrl: api.url, maxRetries: 0 }).agents.list());
    expect(error).toBeInstanceOf(ApiStatusError);
    expect(error.message).toContain(": redirect to /loop/20 not followed (more than 20 in a row)");
    expect(api.requests).toHaveLength(21);
  });
});
