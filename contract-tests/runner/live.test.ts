/** Live target selection, the create budget flag, and the cleanup registry and calls. */
import { describe, expect, it } from "vitest";
import { CleanupRegistry, runCleanupCalls, type CleanupCall } from "./live-cleanup.js";
import { createLimit, parseCreateBudget } from "./live-policy.js";
import { selectLiveTarget } from "./live.js";
import { CONTRACT_PROVIDERS } from "./providers.js";
import type { SentCase } from "./run-case.js";
import { ORG_ID_ENV } from "../../src/everruns/client.js";

const byName = (name: string) => CONTRACT_PROVIDERS.find((p) => p.definition.name === name)!;
const browserUse = byName("browser-use");
const everruns = byName("everruns");

describe("live targets", () => {
  it("a provider runs live only with its key; the base URL comes from the client's env var, else the default", () => {
    expect(selectLiveTarget(browserUse, {})).toEqual({ provider: browserUse, skipReason: "BROWSER_USE_API_KEY is not set" });
    expect(selectLiveTarget(browserUse, { BROWSER_USE_API_KEY: "" }).skipReason).toBe("BROWSER_USE_API_KEY is not set");
    expect(selectLiveTarget(browserUse, { BROWSER_USE_API_KEY: "k-123" }).target).toEqual({ kind: "live", baseUrl: "https://api.browser-use.com/api/v3", headers: { "X-Browser-Use-API-Key": "k-123" } });
    expect(selectLiveTarget(browserUse, { BROWSER_USE_API_KEY: "k-123", BROWSER_USE_BASE_URL: "http://127.0.0.1:4010" }).target?.baseUrl).toBe("http://127.0.0.1:4010");
  });

  it("Everruns sends EVERRUNS_ORG_ID as X-Org-Id when it is set, the env var the client reads, and nothing when it is not", () => {
    expect(everruns.envHeaders).toEqual({ "X-Org-Id": ORG_ID_ENV });
    const org = "org_0123456789abcdef0123456789abcdef";
    expect(selectLiveTarget(everruns, { EVERRUNS_API_KEY: "evr_k", EVERRUNS_ORG_ID: org }).target?.headers).toEqual({ Authorization: "evr_k", "X-Org-Id": org });
    expect(selectLiveTarget(everruns, { EVERRUNS_API_KEY: "evr_k", EVERRUNS_ORG_ID: "" }).target?.headers).toEqual({ Authorization: "evr_k" });
  });
});

describe("create budget", () => {
  const known = { providers: ["browser-use", "everruns"], kinds: ["everruns.createAgent", "everruns.createSession", "browser-use.createSession"] };

  it("defaults to one of each create kind per provider; N, provider=N and provider.operationId=N narrow it", () => {
    expect(createLimit(parseCreateBudget([], known), "everruns", "createSession")).toBe(1);
    const budget = parseCreateBudget(["2", "everruns=0", "everruns.createAgent=1"], known);
    expect(createLimit(budget, "browser-use", "createSession")).toBe(2);
    expect(createLimit(budget, "everruns", "createSession")).toBe(0);
    expect(createLimit(budget, "everruns", "createAgent")).toBe(1);
    expect(parseCreateBudget(["browser-use=3,everruns=2"], known).providers).toEqual({ "browser-use": 3, everruns: 2 });
  });

  it("a bad value, an unknown provider or an unknown create is an error naming it", () => {
    expect(() => parseCreateBudget(["two"], known)).toThrow('--max-creates "two": expected N, provider=N or provider.operationId=N');
    expect(() => parseCreateBudget(["-1"], known)).toThrow('--max-creates "-1"');
    expect(() => parseCreateBudget(["thinkbrowse=1"], known)).toThrow("unknown provider thinkbrowse; known: browser-use, everruns");
    expect(() => parseCreateBudget(["everruns.createRun=1"], known)).toThrow("everruns has no create createRun; its creates: createAgent, createSession");
  });

  it("one scope given twice is an error naming both values, not the last one silently winning", () => {
    expect(() => parseCreateBudget(["0", "2"], known)).toThrow("--max-creates gives every provider twice (0, then 2); give each scope once");
    expect(() => parseCreateBudget(["everruns=0,everruns=2"], known)).toThrow("--max-creates gives everruns twice (everruns=0, then everruns=2); give each scope once");
    expect(() => parseCreateBudget(["everruns.createAgent=1", "everruns.createAgent=1"], known)).toThrow("--max-creates gives everruns.createAgent twice");
  });
});

function sent(status?: number): SentCase {
  return {
    operation: { method: "post", path: "/x", operationId: "x", node: {}, pointer: "#/paths/~1x/post" },
    label: "POST /x",
    ...(status === undefined ? { transportError: "request failed: socket hang up" } : { response: { status, headers: new Headers(), mediaType: "", text: "", json: undefined } }),
    durationMs: 1,
  };
}

describe("cleanup", () => {
  it("the registry runs each cleanup once, newest first, by provider or all", async () => {
    const registry = new CleanupRegistry();
    const ran: string[] = [];
    registry.add("a", "a1", async () => void ran.push("a1"));
    registry.add("b", "b1", async () => void ran.push("b1"));
    registry.add("a", "a2", async () => void ran.push("a2"));
    expect(registry.waiting).toEqual(["a a1", "b b1", "a a2"]);
    await registry.run("a");
    expect(ran).toEqual(["a2", "a1"]);
    await Promise.all([registry.run(), registry.run()]);
    expect(ran).toEqual(["a2", "a1", "b1"]);
    expect(registry.size).toBe(0);
  });

  it("a cleanup call without an answer or with a 5xx is sent again; every call runs; an already-done status counts as done", async () => {
    const answers = [undefined, 503, 202];
    const stop: CleanupCall = { operationId: "stopRun", alreadyDone: [409], send: async () => sent(answers.shift()) };
    const done: CleanupCall = { operationId: "deleteAgent", alreadyDone: [404], send: async () => sent(404) };
    const seen: number[] = [];
    const result = await runCleanupCalls([stop, done], (_, s) => void seen.push(s.response!.status));
    expect(result).toEqual({ outcome: "done", message: "stopRun 202; deleteAgent 404 (already done)" });
    expect(seen).toEqual([503, 202, 404]);
  });

  it("a call that keeps failing makes the cleanup failed, and the calls after it still run", async () => {
    let deletes = 0;
    const stop: CleanupCall = { operationId: "stopSession", alreadyDone: [], send: async () => sent(400) };
    const remove: CleanupCall = { operationId: "deleteSession", alreadyDone: [404], send: async () => (deletes++, sent(204)) };
    expect(await runCleanupCalls([stop, remove], () => undefined)).toEqual({ outcome: "failed", message: "stopSession 400; deleteSession 204" });
    expect(deletes).toBe(1);
  });
});
