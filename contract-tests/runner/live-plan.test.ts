/** The live scenario as planned from the spec's links and the case table, before anything is sent. */
import { describe, expect, it } from "vitest";
import { dryRunLines } from "../drift/live-run.js";
import { planScenario, type Scenario } from "./live-plan.js";
import { parseCreateBudget } from "./live-policy.js";
import { resourceEnvVar, resourceKinds } from "./live-resources.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "./providers.js";
import { specFor } from "./suite.js";
import type { ContractCase } from "./types.js";

const byName = (name: string) => CONTRACT_PROVIDERS.find((p) => p.definition.name === name)!;
const plan = (provider: ContractProvider, maxCreates: string[] = [], env: NodeJS.ProcessEnv = {}) => planScenario(provider, { budget: parseCreateBudget(maxCreates), env });
const steps = (scenario: Scenario, kind?: string) => scenario.steps.filter((s) => kind === undefined || s.kind === kind).map((s) => s.operationId);

describe("resource kinds from the links", () => {
  it("each create's links sort into reads, streams, updates, creates inside it and cleanup, parents first", () => {
    const kinds = resourceKinds(specFor(byName("everruns")));
    expect(kinds.map((k) => [k.create, k.parents.map((p) => p.from.operationId), k.standalone])).toEqual([
      ["createAgent", [], true],
      ["createSession", ["createAgent"], false],
      ["createSessionMessage", ["createSession"], false],
    ]);
    const session = kinds[1]!;
    expect({
      reads: session.reads.map((l) => l.operationId),
      streams: session.streams.map((l) => l.operationId),
      updates: session.updates.map((l) => l.operationId),
      children: session.children.map((l) => l.operationId),
      cleanup: session.cleanup.map((l) => l.operationId),
      ids: session.ids,
      list: session.list,
    }).toEqual({
      reads: ["getSession", "listSessionMessages", "listSessionEvents"],
      streams: ["streamSessionEvents"],
      updates: ["updateSession"],
      children: ["createSessionMessage"],
      cleanup: ["cancelSession", "deleteSession"],
      ids: [{ param: "session_id", pointer: "/id" }],
      list: { operationId: "listSessions", arrayPointer: "/data" },
    });
    expect(resourceEnvVar("EVERRUNS_API_KEY", kinds[0]!)).toBe("EVERRUNS_AGENT_ID");
  });

  it("Browserbase ids are agentId and runId, read where the links say (the old table read `id`)", () => {
    const kinds = resourceKinds(specFor(byName("browserbase")));
    expect(kinds.map((k) => [k.create, k.ids, k.cleanup.map((l) => l.operationId)])).toEqual([
      ["createAgent", [{ param: "agentId", pointer: "/agentId" }], ["deleteAgent"]],
      ["createAgentRun", [{ param: "runId", pointer: "/runId" }], ["stopAgentRun"]],
    ]);
  });
});

describe("the planned scenario", () => {
  it("the default budget is one of each create kind for every provider, and a create runs inside the resource it links from", () => {
    const creates = Object.fromEntries(CONTRACT_PROVIDERS.map((p) => [p.definition.name, plan(p).steps.filter((s) => s.kind === "create").map((s) => `${s.operationId}${s.parent ? ` in ${s.parent}` : ""}`)]));
    expect(creates).toEqual({
      "browser-use": ["createSession"],
      browserbase: ["createAgent", "createAgentRun in createAgent"],
      thinkrun: ["createSession", "createSessionArtifact in createSession"],
      everruns: ["createAgent", "createSession in createAgent", "createSessionMessage in createSession"],
    });
  });

  it("every provider's scenario expects a live success from at least 90% of its operations", () => {
    for (const provider of CONTRACT_PROVIDERS) {
      const { operations, expected } = plan(provider).coverage;
      expect({ provider: provider.definition.name, missing: operations.filter((o) => !expected.includes(o)) }).toEqual({ provider: provider.definition.name, missing: [] });
    }
  });

  it("a Prefer success case runs live as any documented success, and cases with the same live request run once", () => {
    const scenario = plan(byName("browser-use"));
    const get = scenario.steps.find((s) => s.operationId === "getSession" && s.kind === "read")!;
    expect(get.accept).toBe("success");
    expect(get.cases.map((c) => c.name)).toEqual([
      "getSession: 200 for an idle session",
      "getSession: 200 for a running session",
      "getSession: 200 for a finished session with output and costs",
      "getSession: 200 for a timed-out session",
      "getSession: 200 for a session that ended in an error",
    ]);
    expect(steps(scenario, "read").filter((o) => o === "getSession")).toHaveLength(1);
  });

  it("no planned request carries the case table's ids: path ids, an org id, an agent id or a cursor are taken out", () => {
    const everruns = plan(byName("everruns"));
    const text = JSON.stringify(everruns.steps.map((s) => s.request));
    for (const testData of ["session_0194a2f1c3d57e6f8a9b0c1d2e3f4a5b", "agent_0194a2e9d0e17f2a8b3c4d5e6f708192", "org_0194a2e07b1c7d2e9f30a4b5c6d7e8f9", "event_0194a2f1c9e87e6f9a0b1c2d3e4f5a6b"]) {
      expect(text).not.toContain(testData);
    }
    const orgCase = everruns.steps.find((s) => s.name.startsWith("listSessions: an X-Org-Id header is accepted"))!;
    expect(orgCase).toMatchObject({ request: {}, dropped: ["header X-Org-Id (the mock's test data; the run sends its own)"] });
    const run = plan(byName("browserbase")).steps.find((s) => s.operationId === "createAgentRun")!;
    expect(run.request).toEqual({ body: { task: "Find the price of the Logitech M720 mouse on amazon.com" } });
    expect(run.link?.requestBody).toEqual({ agentId: "{$response.body#/agentId}" });
  });

  it("EVERRUNS_AGENT_ID replaces the agent: no agent is created, changed or archived, and sessions are created in it", () => {
    const scenario = plan(byName("everruns"), [], { EVERRUNS_AGENT_ID: "agent_0123456789abcdef0123456789abcdef" });
    expect(scenario.resources.map((r) => [r.kind.create, r.source])).toEqual([["createAgent", "given"], ["createSession", "created"], ["createSessionMessage", "created"]]);
    expect(steps(scenario).filter((o) => ["createAgent", "updateAgent", "deleteAgent"].includes(o))).toEqual([]);
    expect(scenario.steps.find((s) => s.operationId === "createSession")).toMatchObject({ kind: "create", parent: "createAgent" });
  });

  it("with no create budget the run reads what a list call finds and changes nothing", () => {
    const scenario = plan(byName("browser-use"), ["browser-use=0"]);
    expect(scenario.resources.map((r) => [r.kind.create, r.source, r.why])).toEqual([["createSession", "listed", "create budget 0 (--max-creates): the first item of listSessions, read only"]]);
    expect(scenario.steps.filter((s) => s.kind !== "list" && s.kind !== "negative").map((s) => `${s.kind} ${s.operationId}`)).toEqual(["discover listSessions", "read getSession", "read listSessionMessages"]);
    expect(scenario.coverage.expected).not.toContain("createSession");
  });

  it("an extra create of a kind within a larger budget is created and cleaned up; the scenario reads the first", () => {
    const scenario = plan(byName("browser-use"), ["browser-use.createSession=2"]);
    expect(scenario.steps.filter((s) => s.kind === "create").map((s) => [s.instance, s.request])).toEqual([
      [1, { body: {} }],
      [2, { body: { task: "Return the title of example.com", maxCostUsd: "0.05", proxyCountryCode: "us", model: "bu-mini" } }],
    ]);
  });

  it("a billable create is marked as costing money and sets every cost cap the spec names", () => {
    const create = plan(byName("browser-use")).steps.find((s) => s.kind === "create")!;
    expect(create).toMatchObject({ costsMoney: true, caps: [{ operationId: "createSession", field: "maxCostUsd", unit: "usd" }] });
    expect(plan(byName("browserbase")).steps.filter((s) => s.costsMoney).map((s) => s.operationId)).toEqual(["createAgentRun"]);
  });

  it("safe negative requests: unknown ids, no key and a wrong key where 401 is documented, a query past its bound", () => {
    const negatives = (name: string) => plan(byName(name)).steps.filter((s) => s.kind === "negative").map((s) => `${s.name} -> ${(s.accept as number[]).join("/")}`);
    expect(negatives("browser-use")).toEqual([
      "getSession: 404 for an unknown well-formed id -> 404",
      "listSessionMessages: 404 for an unknown well-formed id -> 404",
      "listSessions: 422 for page_size 101 (above its maximum 100) -> 422",
    ]);
    expect(negatives("browserbase").slice(3, 6)).toEqual([
      "listAgents: 401 without a key -> 401",
      "listAgents: 401 with a wrong key -> 401",
      "listAgents: 400 or 422 for limit 1001 (above its maximum 1000) -> 400/422",
    ]);
  });

  it("every table case is either in a step or skipped with its reason", () => {
    for (const provider of CONTRACT_PROVIDERS) {
      const scenario = plan(provider);
      const inSteps = new Set<ContractCase>(scenario.steps.flatMap((s) => s.cases));
      const skipped = new Set(scenario.skipped.map((s) => s.case));
      expect(provider.cases.filter((c) => inSteps.has(c) === skipped.has(c)).map((c) => c.name)).toEqual([]);
    }
    const reasons = new Set(plan(byName("browser-use")).skipped.map((s) => s.reason));
    expect([...reasons].sort()).toEqual([
      "create budget: 1 createSession (--max-creates)",
      "mock-only: a documented 402 the live API cannot be made to send safely",
      "mock-only: a documented 404 the live API cannot be made to send safely",
      "mock-only: a documented 422 the live API cannot be made to send safely",
      "mock-only: a documented 429 the live API cannot be made to send safely",
      "mock-only: relies on the mock's request validation or fixtures",
    ]);
  });

  it("the dry run shows the order, what costs money, where each id comes from, the cleanup and the coverage", () => {
    const agent = "agent_0123456789abcdef0123456789abcdef";
    const lines = dryRunLines({ providers: [byName("everruns")], env: { EVERRUNS_API_KEY: "evr_k", EVERRUNS_API_URL: "http://127.0.0.1:9", EVERRUNS_ORG_ID: "org_0123456789abcdef0123456789abcdef", EVERRUNS_AGENT_ID: agent } });
    expect(lines[0]).toBe("everruns: would run against http://127.0.0.1:9 (X-Org-Id from EVERRUNS_ORG_ID):");
    expect(lines).toContain("  resource createAgent: EVERRUNS_AGENT_ID is set: the run uses it and creates none");
    const money = lines.filter((l) => l.includes("COSTS MONEY"));
    expect(money.map((l) => /COSTS MONEY +(POST \S+)/.exec(l)?.[1])).toEqual(["POST /v1/sessions", "POST /v1/sessions/{session_id}/messages"]);
    expect(money[0]).toContain("{agent_id} (body) from EVERRUNS_AGENT_ID /id");
    expect(lines.find((l) => l.includes("GET /v1/agents/{agent_id}  getAgent: 200"))).toContain("[{agent_id} from EVERRUNS_AGENT_ID /id]");
    expect(lines).toContain("  cleanup, newest first, also after a failure or Ctrl-C: createSessionMessage -> with its createSession; createSession -> cancelSession, deleteSession");
    expect(lines).toContain("  coverage: 12/15 operations (80%) get a live success response if every step succeeds; not: createAgent, deleteAgent, updateAgent");
    expect(lines.at(-1)).toBe("dry run: nothing was sent");
  });
});
