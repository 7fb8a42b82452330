/** Live target selection, the live skip rules, the create budget and the cleanup registry. */
import { describe, expect, it } from "vitest";
import { CleanupRegistry, liveSkipReason, planLive, selectLiveTarget } from "./live.js";
import { LIVE_CONFIG } from "./live-config.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "./providers.js";
import { specFor } from "./suite.js";
import type { ContractCase } from "./types.js";

const real = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
const withCases = (cases: ContractCase[]): ContractProvider => ({ ...real, cases });
const create: ContractCase = { name: "create", operationId: "createSession", request: { body: {} }, expect: { status: 200 }, creates: true };

describe("live targets", () => {
  it("a provider runs live only with its key; the base URL comes from the client's env var, else the default", () => {
    expect(selectLiveTarget(real, {})).toEqual({ provider: real, skipReason: "BROWSER_USE_API_KEY is not set" });
    expect(selectLiveTarget(real, { BROWSER_USE_API_KEY: "" }).skipReason).toBe("BROWSER_USE_API_KEY is not set");
    expect(selectLiveTarget(real, { BROWSER_USE_API_KEY: "k-123" }).target).toEqual({ kind: "live", baseUrl: "https://api.browser-use.com/api/v3", headers: { "X-Browser-Use-API-Key": "k-123" } });
    expect(selectLiveTarget(real, { BROWSER_USE_API_KEY: "k-123", BROWSER_USE_BASE_URL: "http://127.0.0.1:4010" }).target?.baseUrl).toBe("http://127.0.0.1:4010");
  });

  it("mock-only cases, Prefer cases and unmarked mutating calls never run live", () => {
    const spec = specFor(real);
    const config = LIVE_CONFIG["browser-use"];
    const read: ContractCase = { name: "r", operationId: "listSessions", expect: { status: 200 } };
    expect(liveSkipReason(read, spec, config)).toBeUndefined();
    expect(liveSkipReason({ ...read, mockOnly: true }, spec, config)).toMatch(/^mock-only/);
    expect(liveSkipReason({ ...read, prefer: { code: 422 } }, spec, config)).toBe("mock-only: needs Prism's Prefer header (code=422)");
    expect(liveSkipReason({ name: "d", operationId: "deleteSession", expect: { status: 204 } }, spec, config)).toMatch(/^mutating call \(DELETE\) not marked creates/);
    expect(liveSkipReason(create, spec, config)).toBeUndefined();
    expect(liveSkipReason(create, spec, { ...config!, creates: {} })).toBe("creates, but live-config.ts defines no cleanup for createSession");
  });

  it("the create budget is shared by the run and spent in table order", () => {
    const budget = { limit: 1, used: 0 };
    expect(planLive(withCases([create, { ...create, name: "again" }]), budget).map((c) => c.skip)).toEqual([undefined, "create budget spent (--max-creates 1)"]);
    expect(planLive(withCases([create]), budget)[0]!.skip).toBe("create budget spent (--max-creates 1)");
  });

  it("a case expecting 404 keeps its own path ids; others get live ids", () => {
    const plan = planLive(withCases([
      { name: "404", operationId: "getSession", request: { path: { session_id: "x" } }, expect: { status: 404 } },
      { name: "200", operationId: "getSession", request: { path: { session_id: "x" } }, expect: { status: 200 } },
    ]), { limit: 0, used: 0 });
    expect(plan.map((c) => c.pathIds)).toEqual([[{ name: "session_id", from: "the case (an unknown id)" }], [{ name: "session_id", from: "a resource this run created, else listSessions" }]]);
  });

  it("the cleanup registry runs each cleanup once, by provider or all", async () => {
    const registry = new CleanupRegistry();
    const ran: string[] = [];
    registry.add("a", async () => void ran.push("a1"));
    registry.add("b", async () => void ran.push("b1"));
    await registry.run("a");
    expect(ran).toEqual(["a1"]);
    await Promise.all([registry.run(), registry.run()]);
    expect(ran).toEqual(["a1", "b1"]);
    expect(registry.size).toBe(0);
  });
});
