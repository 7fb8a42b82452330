/**
 * The iterators' page sizes come from the spec. The clients here run on operation facts generated from mutated
 * copies of the bundles (other `maximum` and `default` values than the real ones), and a server on 127.0.0.1
 * sees what they ask for: a number kept in the client instead of read from the spec would show up as 100.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createBrowserbaseClient, FOLLOW_PAGE_LIMIT } from "../browserbase/index.js";
import { createThinkRunClient, DEFAULT_PAGE_SIZE } from "../thinkrun/index.js";
import { respond, type RecordedRequest } from "./testing/fault-server.js";
import { faultServers } from "./testing/on-the-wire.js";

type Node = Record<string, any>;

// Hoisted with the mocks, which run before this module's body. The bounds written into the mutated specs are
// none of them 100, the number the real specs give.
const { SESSIONS_MAXIMUM, ACTIONS_DEFAULT, MESSAGES_MAXIMUM, factsFrom, limitOf, written } = vi.hoisted(() => ({
  written: [] as string[],
  SESSIONS_MAXIMUM: 37,
  ACTIONS_DEFAULT: 23,
  MESSAGES_MAXIMUM: 3,
  /** `generated/<name>/operations.js` as `npm run generate` writes it from the bundle after `mutate`, imported. */
  async factsFrom(name: string, mutate: (doc: Node) => void): Promise<unknown> {
    const { operationsModule } = await import("../../scripts/lib/operation-facts.js");
    const doc = JSON.parse(readFileSync(`generated/${name}/openapi.json`, "utf8")) as Node;
    mutate(doc);
    const dir = mkdtempSync(join(tmpdir(), "page-size-"));
    written.push(dir);
    const file = join(dir, "operations.js");
    writeFileSync(file, operationsModule(doc).js);
    return import(/* @vite-ignore */ pathToFileURL(file).href);
  },
  limitOf: (operation: Node) => (operation.parameters as Node[]).find((p) => p.name === "limit")!,
}));

vi.mock("../../generated/thinkrun/operations.js", () =>
  factsFrom("thinkrun", (doc) => {
    limitOf(doc.paths["/api/sessions"].get).schema.maximum = SESSIONS_MAXIMUM;
    // Still no maximum on the action log: the default is the page asked for.
    limitOf(doc.paths["/api/sessions/{sessionId}/actions"].get).schema.default = ACTIONS_DEFAULT;
  }),
);
vi.mock("../../generated/browserbase/operations.js", () =>
  factsFrom("browserbase", (doc) => {
    limitOf(doc.paths["/v1/agents/runs/{runId}/messages"].get).schema.maximum = MESSAGES_MAXIMUM;
  }),
);

afterAll(() => {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
});

const serve = faultServers();
const limitSent = (request: RecordedRequest) => new URL(request.path, "http://x").searchParams.get("limit");

async function drain(items: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of items) n++;
  return n;
}

describe("page sizes read from the spec", () => {
  it("ThinkRun sessions.listAll asks for the maximum of GET /api/sessions's limit", async () => {
    const server = await serve(() => respond(200, { sessions: [], total: 0, hasMore: false }));
    await drain(createThinkRunClient({ apiKey: "tr_live_pages_key", baseUrl: server.url, maxRetries: 0 }).sessions.listAll());
    expect(server.requests.map(limitSent)).toEqual([String(SESSIONS_MAXIMUM)]);
    expect(DEFAULT_PAGE_SIZE).toBe(SESSIONS_MAXIMUM);
  });

  it("ThinkRun sessions.listAllActions asks for the default of the log's limit, which has no maximum", async () => {
    const server = await serve(() => respond(200, { actions: [], total: 0 }));
    await drain(createThinkRunClient({ apiKey: "tr_live_pages_key", baseUrl: server.url, maxRetries: 0 }).sessions.listAllActions("session-abc123"));
    expect(server.requests.map(limitSent)).toEqual([String(ACTIONS_DEFAULT)]);
  });

  it("Browserbase runs.followMessages asks for the maximum of the messages' limit and reads again at once after a batch that size", async () => {
    const run = { runId: "run-1", task: "t", status: "COMPLETED", createdAt: "2026-11-20T10:00:00Z", updatedAt: "2026-11-20T10:01:00Z" };
    const message = (id: string) => ({ id, createdAt: "2026-11-20T10:00:30Z", message: { role: "assistant", content: `text of ${id}` } });
    const full = Array.from({ length: MESSAGES_MAXIMUM }, (_, i) => message(`m${i}`));
    const server = await serve((i, request) =>
      request.path.includes("/messages") ? respond(200, i === 1 ? { data: full, nextSince: "m2" } : { data: [], nextSince: "m2" }) : respond(200, run),
    );
    const client = createBrowserbaseClient({ apiKey: "bb_live_pages_key", baseUrl: server.url, maxRetries: 0 });
    expect(await drain(client.runs.followMessages("run-1", { intervalMs: 1 }))).toBe(MESSAGES_MAXIMUM);
    const messageReads = server.requests.filter((r) => r.path.includes("/messages"));
    expect(messageReads.map(limitSent)).toEqual([String(MESSAGES_MAXIMUM), String(MESSAGES_MAXIMUM)]);
    expect(FOLLOW_PAGE_LIMIT).toBe(MESSAGES_MAXIMUM);
  });
});
