/**
 * Client <-> spec agreement: every helper of every client, enumerated from the client objects, is driven
 * against its provider's Prism mock, which validates each request against the spec (a violation comes back
 * as 422 with `sl-violations`). A helper that sends what its spec rejects, or a helper added without a call
 * here, fails this suite. The calls also pass per-call `headers`, so every helper is shown to forward its
 * `CallOptions` on each request it makes.
 */
import { describe, expect, inject, it } from "vitest";
import { createBrowserUseClient } from "../../src/browser-use/client.js";
import { createBrowserbaseClient } from "../../src/browserbase/client.js";
import { ApiStatusError } from "../../src/core/errors.js";
import { createEverrunsClient } from "../../src/everruns/client.js";
import { createThinkRunClient } from "../../src/thinkrun/client.js";
import { MOCK_API_KEY } from "../runner/providers.js";
import { helperNames } from "./helper-names.js";

/** One request as the mock answered it. */
interface Seen {
  helper: string | null;
  method: string;
  url: string;
  status: number;
  violations: string | null;
}

const HELPER_HEADER = "x-helper";

// A fetch that records every request and the mock's verdict on it.
function recorder() {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await globalThis.fetch(request);
    seen.push({ helper: request.headers.get(HELPER_HEADER), method: request.method, url: request.url, status: response.status, violations: response.headers.get("sl-violations") });
    return response;
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

type Call = (options: { headers: Record<string, string> }) => Promise<unknown> | AsyncIterable<unknown>;

async function drive(result: Promise<unknown> | AsyncIterable<unknown>): Promise<void> {
  if (Symbol.asyncIterator in (result as object)) {
    // One item is enough to show the requests of an iterator; an endless one (a stream) is left there.
    for await (const _ of result as AsyncIterable<unknown>) break;
    return;
  }
  await result;
}

const BU_SESSION = "3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10";
const BB_AGENT = "4b9e2f1a-6c3d-4e8f-a1b2-7d5c9e0f3a61";
const BB_RUN = "8d1f3a5c-2e4b-4c6d-9f8a-0b1c2d3e4f50";
const TR_SESSION = "session-abc123";
const EV_SESSION = "session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b";
const EV_AGENT = "agent_01933b5a00007000800000000000001";
const done = () => true;

function clients(fetch: typeof globalThis.fetch) {
  const base = { apiKey: MOCK_API_KEY, fetch, maxRetries: 0 };
  const urls = inject("mockUrls");
  return {
    "browser-use": createBrowserUseClient({ ...base, baseUrl: urls["browser-use"]! }),
    browserbase: createBrowserbaseClient({ ...base, baseUrl: urls["browserbase"]! }),
    thinkrun: createThinkRunClient({ ...base, baseUrl: urls["thinkrun"]! }),
    everruns: createEverrunsClient({ ...base, baseUrl: urls["everruns"]!, orgId: "org_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b" }),
  };
}
type Clients = ReturnType<typeof clients>;

// One valid call per helper, keyed like `helperNames` (the test below checks the two key sets are equal).
function calls(c: Clients): Record<string, Record<string, Call>> {
  const bu = c["browser-use"];
  const bb = c.browserbase;
  const tr = c.thinkrun;
  const ev = c.everruns;
  return {
    "browser-use": {
      "sessions.create": (o) => bu.sessions.create({ task: "Find the price of the Logitech M720 mouse" }, o),
      "sessions.list": (o) => bu.sessions.list({ page: 1, page_size: 10 }, o),
      "sessions.listAll": (o) => bu.sessions.listAll({ page_size: 10 }, o),
      "sessions.get": (o) => bu.sessions.get(BU_SESSION, o),
      "sessions.stop": (o) => bu.sessions.stop(BU_SESSION, { strategy: "task" }, o),
      "sessions.delete": (o) => bu.sessions.delete(BU_SESSION, o),
      "sessions.messages": (o) => bu.sessions.messages(BU_SESSION, { limit: 10 }, o),
      "sessions.listAllMessages": (o) => bu.sessions.listAllMessages(BU_SESSION, { limit: 10 }, o),
      waitForSession: (o) => bu.waitForSession(BU_SESSION, { ...o, until: done }),
    },
    browserbase: {
      "agents.create": (o) => bb.agents.create({ name: "Price checker", systemPrompt: "You compare product prices." }, o),
      "agents.list": (o) => bb.agents.list({ limit: 5 }, o),
      "agents.listAll": (o) => bb.agents.listAll({ limit: 5 }, o),
      "agents.get": (o) => bb.agents.get(BB_AGENT, o),
      "agents.update": (o) => bb.agents.update(BB_AGENT, { systemPrompt: "Name the currency." }, o),
      "agents.delete": (o) => bb.agents.delete(BB_AGENT, o),
      "runs.create": (o) => bb.runs.create({ task: "Find the price of the Logitech M720 mouse", agentId: BB_AGENT }, o),
      "runs.list": (o) => bb.runs.list({ status: "RUNNING", limit: 5 }, o),
      "runs.listAll": (o) => bb.runs.listAll({ limit: 5 }, o),
      "runs.get": (o) => bb.runs.get(BB_RUN, o),
      "runs.stop": (o) => bb.runs.stop(BB_RUN, o),
      "runs.messages": (o) => bb.runs.messages(BB_RUN, { limit: 10 }, o),
      "runs.followMessages": (o) => bb.runs.followMessages(BB_RUN, { ...o, until: done }),
      waitForRun: (o) => bb.waitForRun(BB_RUN, { ...o, until: done }),
    },
    thinkrun: {
      "sessions.create": (o) => tr.sessions.create({}, o),
      "sessions.list": (o) => tr.sessions.list({ limit: 10, offset: 0, includeTerminated: true }, o),
      "sessions.listAll": (o) => tr.sessions.listAll({ limit: 10 }, o),
      "sessions.get": (o) => tr.sessions.get(TR_SESSION, o),
      "sessions.terminate": (o) => tr.sessions.terminate(TR_SESSION, o),
      "sessions.actions": (o) => tr.sessions.actions(TR_SESSION, { limit: 10 }, o),
      "sessions.listAllActions": (o) => tr.sessions.listAllActions(TR_SESSION, { limit: 10 }, o),
      "sessions.artifacts": (o) => tr.sessions.artifacts(TR_SESSION, o),
      "sessions.health": (o) => tr.sessions.health(TR_SESSION, o),
      "sessions.console": (o) => tr.sessions.console(TR_SESSION, o),
      "sessions.network": (o) => tr.sessions.network(TR_SESSION, o),
      "artifacts.create": (o) => tr.artifacts.create(TR_SESSION, { name: "notes", content: "Starter $19/mo" }, o),
      "artifacts.get": (o) => tr.artifacts.get(TR_SESSION, "notes", o),
      "artifacts.delete": (o) => tr.artifacts.delete(TR_SESSION, "notes", o),
      waitForSessionReady: (o) => tr.waitForSessionReady(TR_SESSION, { ...o, until: done }),
    },
    everruns: {
      "agents.list": (o) => ev.agents.list(o),
      "agents.listAll": (o) => ev.agents.listAll(o),
      "agents.create": (o) => ev.agents.create({ name: "Support triage", system_prompt: "Label tickets by urgency." }, o),
      "agents.get": (o) => ev.agents.get(EV_AGENT, o),
      "agents.update": (o) => ev.agents.update(EV_AGENT, { tags: ["support"] }, o),
      "agents.delete": (o) => ev.agents.delete(EV_AGENT, o),
      "sessions.list": (o) => ev.sessions.list({ agent_id: EV_AGENT, offset: 0, limit: 10 }, o),
      "sessions.listAll": (o) => ev.sessions.listAll({ limit: 10 }, o),
      "sessions.create": (o) => ev.sessions.create({ agent_id: EV_AGENT }, o),
      "sessions.get": (o) => ev.sessions.get(EV_SESSION, o),
      "sessions.update": (o) => ev.sessions.update(EV_SESSION, { title: "Week 47" }, o),
      "sessions.delete": (o) => ev.sessions.delete(EV_SESSION, o),
      "sessions.cancel": (o) => ev.sessions.cancel(EV_SESSION, o),
      "messages.list": (o) => ev.messages.list(EV_SESSION, o),
      "messages.listAll": (o) => ev.messages.listAll(EV_SESSION, o),
      "messages.create": (o) => ev.messages.create(EV_SESSION, { message: { role: "user", content: [{ type: "text", text: "Label the tickets." }] } }, o),
      "events.list": (o) => ev.events.list(EV_SESSION, { exclude: ["output.message.delta", "reason.started"] }, o),
      "events.listAll": (o) => ev.events.listAll(EV_SESSION, { exclude: ["output.message.delta"] }, o),
      waitForTurn: (o) => ev.waitForTurn(EV_SESSION, { ...o, until: done }),
      streamEvents: (o) => ev.streamEvents(EV_SESSION, { ...o, maxReconnects: 0 }),
    },
  };
}

describe("every helper against its Prism mock with request validation", () => {
  it("covers exactly the helpers the client objects expose", () => {
    const built = clients(recorder().fetch);
    const table = calls(built);
    for (const [provider, client] of Object.entries(built)) expect(Object.keys(table[provider]!).sort(), provider).toEqual(helperNames(client));
  });

  it.each(["browser-use", "browserbase", "thinkrun", "everruns"])("%s: every helper sends only requests its spec accepts, each with the call's headers", async (provider) => {
    const { seen, fetch } = recorder();
    const table = calls(clients(fetch))[provider]!;
    for (const [helper, call] of Object.entries(table)) {
      await drive(call({ headers: { [HELPER_HEADER]: helper } }));
    }
    const rejected = seen.filter((s) => s.violations !== null);
    expect(rejected, "requests the mock found against the spec").toEqual([]);
    expect(seen.filter((s) => s.status >= 400)).toEqual([]);
    for (const helper of Object.keys(table)) expect(seen.some((s) => s.helper === helper), `${helper} made a request with its headers`).toBe(true);
    expect(seen.filter((s) => s.helper === null)).toEqual([]);
  }, 60_000);

  it("a helper that sends what the spec rejects fails: the mock answers 422 (400 where the spec documents it) with sl-violations", async () => {
    const { seen, fetch } = recorder();
    const c = clients(fetch);
    const wrong = [
      // A body field of the wrong type, a query parameter out of bounds, an id that breaks the path pattern.
      () => c["browser-use"].sessions.create({ task: 42 } as never),
      () => c.browserbase.runs.list({ limit: 5_000 }),
      () => c.everruns.sessions.get("not-a-session-id"),
    ];
    for (const call of wrong) await expect(call()).rejects.toBeInstanceOf(ApiStatusError);
    // Everruns documents 400 for a bad request, so Prism answers a violation there with its 400.
    expect(seen.map((s) => [s.status, s.violations !== null])).toEqual([
      [422, true],
      [422, true],
      [400, true],
    ]);
  });
});
