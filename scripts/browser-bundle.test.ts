/**
 * Every package entry runs in a browser: each `exports` entry is bundled by esbuild for `platform:
 * "browser"` (no Node built-in, no shim) and loaded in headless Chromium, in a page and in a module
 * worker (the shape of an edge runtime: no DOM, no Node), from a page served on one 127.0.0.1 port. The
 * clients then call the Prism mock on another port: a real cross-origin request, so the preflight and
 * the CORS headers are the browser's and the mock's own. A server that sends no CORS headers is refused,
 * which shows the browser does enforce CORS here.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { launchLoopbackChromium } from "./lib/chromium.js";
import { clientProviders, exportsMap, type EntryTarget } from "./lib/package-layout.js";

const API_KEY = "browser-test-key-not-a-secret";

/** Every code entry of the published `exports` map, with the source file its dist file is compiled from. */
const ENTRIES = Object.entries(exportsMap(clientProviders()))
  .filter((entry): entry is [string, EntryTarget] => typeof entry[1] === "object")
  .map(([subpath, target]) => ({ name: subpath.slice(2), source: target.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts") }));

/** How to make one real client call per provider: factory, helper, its argument, and the mock's provider name. */
const CLIENT_CALLS: Record<string, { factory: string; helper: string; id: string; options?: Record<string, string> }> = {
  "browser-use": { factory: "createBrowserUseClient", helper: "sessions.get", id: "3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10" },
  browserbase: { factory: "createBrowserbaseClient", helper: "runs.get", id: "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50" },
  everruns: { factory: "createEverrunsClient", helper: "sessions.get", id: "session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b", options: { orgId: "org_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b" } },
  thinkrun: { factory: "createThinkRunClient", helper: "sessions.get", id: "session-abc123" },
};

// Probes are plain browser JavaScript (served as modules): one call that succeeds, one the mock answers
// 404 (`Prefer: code=404`, a header the preflight must allow), both through the entry's own exports.
const CLIENT_PROBE = `
const call = (client, helper, id) => {
  const path = helper.split(".");
  const owner = path.slice(0, -1).reduce((o, key) => o[key], client);
  return owner[path.at(-1)](id);
};
export async function run({ bundle, mockUrl, apiKey, factory, helper, id, options }) {
  const entry = await import(bundle);
  const value = await call(entry[factory]({ ...options, apiKey, baseUrl: mockUrl, maxRetries: 0 }), helper, id);
  try {
    await call(entry[factory]({ ...options, apiKey, baseUrl: mockUrl, maxRetries: 0, headers: { Prefer: "code=404" } }), helper, id);
    return { value, error: "no error thrown" };
  } catch (error) {
    return {
      value,
      error: { ...error.toJSON(), notFound: error instanceof entry.NotFoundError, root: error instanceof entry.BrowserAgentError, text: JSON.stringify(error) + String(error) },
    };
  }
}`;

const CORE_PROBE = `
export async function run({ bundle }) {
  const core = await import(bundle);
  const Status = core.errorClassForStatus(404);
  const error = new Status("not found", { provider: "p", operation: "GET /x", status: 404 });
  const inspected = error[Symbol.for("nodejs.util.inspect.custom")](2, {}, (value) => "view:" + JSON.stringify(value));
  return { name: error.name, notFound: error instanceof core.NotFoundError, root: error instanceof core.BrowserAgentError, inspected };
}`;

const MONEY_PROBE = `
export async function run({ bundle, mockUrl, apiKey, id }) {
  const money = await import(bundle);
  const response = await fetch(mockUrl + "/sessions/" + id, { headers: { "X-Browser-Use-API-Key": apiKey } });
  const session = await response.json();
  return { total: money.sessionCosts(session).total.toString(), expected: session.totalCostUsd, sum: money.toDecimal("0.1").plus("0.2").toString() };
}`;

/** Runs a probe's `run(args)` in a module worker and posts the result (or the error) back. */
const WORKER = `
self.onmessage = async ({ data: { probe, args } }) => {
  try {
    const { run } = await import(probe);
    self.postMessage({ ok: true, result: await run(args) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error && error.stack || error) });
  }
};`;

const files = new Map<string, { type: string; body: string }>([
  ["/", { type: "text/html", body: "<!doctype html><title>browser bundle test</title>" }],
  ["/probe/client.js", { type: "text/javascript", body: CLIENT_PROBE }],
  ["/probe/core.js", { type: "text/javascript", body: CORE_PROBE }],
  ["/probe/money.js", { type: "text/javascript", body: MONEY_PROBE }],
  ["/worker.js", { type: "text/javascript", body: WORKER }],
]);

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** The page's origin: serves the page, the probes and the bundles. */
const pageServer = createServer((request, response) => {
  const file = files.get(new URL(request.url ?? "/", "http://x").pathname);
  if (!file) return void response.writeHead(404).end();
  response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
});
/** A JSON API on a third origin that sends no CORS headers: the browser must refuse to hand its answer to the page. */
let noCorsRequests = 0;
const noCorsServer = createServer((_request, response) => {
  noCorsRequests++;
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "x", status: "running" }));
});

let browser: Browser;
let page: Page;
let pageOrigin: string;
let noCorsUrl: string;
const requested: string[] = [];

beforeAll(async () => {
  [pageOrigin, noCorsUrl] = await Promise.all([listen(pageServer), listen(noCorsServer)]);
  browser = await launchLoopbackChromium();
  page = await browser.newPage();
  page.on("request", (request) => void requested.push(request.url()));
  await page.goto(`${pageOrigin}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([pageServer, noCorsServer].map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Bundles an entry for the browser, as a bundler would for a web app, and serves it from the page's origin. */
async function bundleForBrowser(entry: (typeof ENTRIES)[number]): Promise<string> {
  const result = await build({ entryPoints: [entry.source], bundle: true, format: "esm", platform: "browser", write: false, logLevel: "silent" });
  const path = `/bundle/${entry.name}.js`;
  files.set(path, { type: "text/javascript", body: result.outputFiles[0]!.text });
  return `${pageOrigin}${path}`;
}

type ProbeResult = Record<string, unknown>;

// The probe runs from a string, not a function: a function here would be rewritten by vitest's transform.
async function inPage(probe: string, args: Record<string, unknown>): Promise<ProbeResult> {
  return page.evaluate(`import(${JSON.stringify(`${pageOrigin}${probe}`)}).then((m) => m.run(${JSON.stringify(args)}))`);
}

async function inWorker(probe: string, args: Record<string, unknown>): Promise<ProbeResult> {
  const reply = (await page.evaluate(`new Promise((resolve) => {
    const worker = new Worker(${JSON.stringify(`${pageOrigin}/worker.js`)}, { type: "module" });
    worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
    worker.onerror = (event) => { worker.terminate(); resolve({ ok: false, error: event.message || "worker failed to load" }); };
    worker.postMessage(${JSON.stringify({ probe: `${pageOrigin}${probe}`, args })});
  })`)) as { ok: boolean; result?: ProbeResult; error?: string };
  if (!reply.ok) throw new Error(`in a worker: ${reply.error}`);
  return reply.result!;
}

function expectLoopbackOnly(): void {
  expect(requested.filter((url) => new URL(url).hostname !== "127.0.0.1")).toEqual([]);
}

const RUNTIMES = [
  ["a page", inPage],
  ["a module worker", inWorker],
] as const;

describe("every package entry bundled for the browser", () => {
  test("the entries are the exports map's: four providers, the core and browser-use/money", () => {
    expect(ENTRIES.map((e) => e.name).sort()).toEqual(["browser-use", "browser-use/money", "browserbase", "core", "everruns", "thinkrun"]);
  });

  test.each(Object.keys(CLIENT_CALLS))("%s: runs in Chromium and calls the mock across origins, in a page and in a worker", async (provider) => {
    const mockUrl = inject("mockUrls")[provider]!;
    expect(new URL(mockUrl).origin).not.toBe(pageOrigin);
    const bundle = await bundleForBrowser(ENTRIES.find((e) => e.name === provider)!);
    for (const [where, run] of RUNTIMES) {
      const result = await run("/probe/client.js", { bundle, mockUrl, apiKey: API_KEY, ...CLIENT_CALLS[provider] });
      // Each of these resources has a status: the parsed body of the mock's answer reached the caller.
      expect(result.value, where).toMatchObject({ status: expect.any(String) });
      expect(result.error, where).toMatchObject({ name: "NotFoundError", status: 404, provider, notFound: true, root: true });
      expect((result.error as { text: string }).text, where).not.toContain(API_KEY);
    }
    expect(requested.filter((url) => url.startsWith(mockUrl)).length).toBeGreaterThanOrEqual(2);
    expectLoopbackOnly();
  }, 120_000);

  test("core: the error classes work in a page and a worker, with the secret-free inspect view", async () => {
    const bundle = await bundleForBrowser(ENTRIES.find((e) => e.name === "core")!);
    for (const [where, run] of RUNTIMES) {
      const result = await run("/probe/core.js", { bundle });
      expect(result, where).toMatchObject({ name: "NotFoundError", notFound: true, root: true });
      expect(result.inspected, where).toMatch(/^NotFoundError: not found[\s\S]*\nview:\{"name":"NotFoundError","message":"not found","provider":"p","operation":"GET \/x","status":404/);
    }
  }, 120_000);

  test("browser-use/money: reads a session fetched from the mock across origins exactly", async () => {
    const bundle = await bundleForBrowser(ENTRIES.find((e) => e.name === "browser-use/money")!);
    const args = { bundle, mockUrl: inject("mockUrls")["browser-use"]!, apiKey: API_KEY, id: CLIENT_CALLS["browser-use"]!.id };
    for (const [where, run] of RUNTIMES) {
      const result = await run("/probe/money.js", args);
      expect(result.total, where).toBe(result.expected);
      expect(result.sum, where).toBe("0.3");
    }
    expectLoopbackOnly();
  }, 120_000);

  test("a cross-origin API without CORS headers is refused by the browser: the client reports a ConnectionError", async () => {
    const bundle = await bundleForBrowser(ENTRIES.find((e) => e.name === "browser-use")!);
    const result = await inPage("/probe/client.js", { bundle, mockUrl: noCorsUrl, apiKey: API_KEY, ...CLIENT_CALLS["browser-use"] }).catch((error: Error) => ({ thrown: error.message }));
    expect(String((result as { thrown?: string }).thrown)).toMatch(/ConnectionError/);
    // The server was reached (the preflight, at least): the refusal is the browser's CORS check, not a dead port.
    expect(noCorsRequests).toBeGreaterThan(0);
    expectLoopbackOnly();
  }, 120_000);
});
