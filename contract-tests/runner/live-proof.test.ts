/**
 * Proof of the live mode against stand-in live APIs on 127.0.0.1: Prism serving each bundled spec behind
 * the recording proxy, which hands out fresh ids on every create, answers unknown ids with the documented
 * 404 and wrong keys with the documented 401, and injects faults. What the run did is read from the
 * proxy's log, not from the run's own report.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { runLiveDrift } from "../drift/live-run.js";
import { refusingUrl, startStandin, type Fault, type Recorded, type Standin } from "../standin/index.js";
import { freshValue } from "./fresh-id.js";
import { stripJudgements } from "./judgements.js";
import { planScenario, type StepKind } from "./live-plan.js";
import { parseCreateBudget } from "./live-policy.js";
import { resourceKinds } from "./live-resources.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "./providers.js";
import { applyLink, resourceLinks } from "./spec-links.js";
import { specFor } from "./suite.js";

const dir = mkdtempSync(join(tmpdir(), "live-proof-"));
const NAMES = CONTRACT_PROVIDERS.map((p) => p.definition.name);
const providerOf = (name: string) => CONTRACT_PROVIDERS.find((p) => p.definition.name === name)!;
const keyOf = (name: string) => `${name}-FAKE-live-proof-key-7c41e9`;
// A fresh, well-formed org id: never the case table's.
const ORG_ID = freshValue(specFor(providerOf("everruns")), "#/components/schemas/OrganizationId");
let runs = 0;

/** Every id-like value of every case table: path ids, header values, id and cursor query values, id fields of bodies. */
function tableTestData(): string[] {
  const out = new Set<string>();
  const ID_KEY = /(^id$|_id$|[a-z]Id$)/;
  const walk = (value: unknown, key = "") => {
    if (typeof value === "string" && ID_KEY.test(key)) out.add(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value !== null && typeof value === "object") Object.entries(value).forEach(([k, v]) => walk(v, k));
  };
  for (const provider of CONTRACT_PROVIDERS) {
    for (const c of provider.cases) {
      Object.values(c.request?.path ?? {}).forEach((v) => out.add(v));
      Object.values(c.request?.headers ?? {}).forEach((v) => out.add(v));
      for (const [k, v] of Object.entries(c.request?.query ?? {})) if (typeof v === "string" && (ID_KEY.test(k) || /cursor|since|after|before/i.test(k))) out.add(v);
      walk(c.request?.body);
    }
  }
  return [...out].filter((v) => v.length >= 6);
}
const TEST_DATA = tableTestData();

/**
 * Which request of `operationId` (1-based) the run sends as its first step of `kind`, or, for `cleanup`,
 * the first one after every planned step: the run follows its plan in order, so faults can aim at one request.
 */
function nth(name: string, operationId: string, kind: StepKind | "cleanup"): number {
  const provider = providerOf(name);
  const same = planScenario(provider, { budget: parseCreateBudget([]), env: envFor(provider, "http://127.0.0.1:1") }).steps.filter((s) => s.operationId === operationId);
  return kind === "cleanup" ? same.length + 1 : same.findIndex((s) => s.kind === kind) + 1;
}

interface Outcome {
  report: Awaited<ReturnType<typeof runLiveDrift>>["report"];
  lines: string[];
  out: string;
}

async function standinFor(name: string, faults: Fault[] = []): Promise<Standin> {
  return startStandin({ spec: providerOf(name).specPath, upstream: inject("mockUrls")[name], apiKeys: [keyOf(name)], faults });
}

function envFor(provider: ContractProvider, baseUrl: string): NodeJS.ProcessEnv {
  return { [provider.definition.apiKeyEnv]: keyOf(provider.definition.name), [provider.definition.baseUrlEnv]: baseUrl, EVERRUNS_ORG_ID: ORG_ID };
}

async function runLive(name: string, baseUrl: string): Promise<Outcome> {
  const provider = providerOf(name);
  const lines: string[] = [];
  const out = join(dir, `${name}-${++runs}`);
  const { report } = await runLiveDrift({ providers: [provider], env: envFor(provider, baseUrl), outDir: out, log: (line) => lines.push(line) });
  return { report, lines, out };
}

const ok = (entry: Recorded) => entry.status !== undefined && entry.status >= 200 && entry.status < 300;

/**
 * From the proxy's log: every create the stand-in answered (and the run received) got each of its
 * x-cleanup calls, later, answered with success, with the ids that create's answer carried (fresh ids the
 * stand-in handed out); things created inside a resource are cleaned up before it. Returns the creates.
 */
function expectEveryCreateCleanedUp(standin: Standin, name: string): Recorded[] {
  const doc = standin.doc;
  const cleanupLinks = resourceLinks(doc).filter((l) => l.cleanup !== undefined);
  const creates = standin.log.filter((e) => ok(e) && cleanupLinks.some((l) => l.from.operationId === e.operationId));
  const firstCleanupOf = new Map<number, number>();
  for (const create of creates) {
    expect(Object.values(create.issued).length, `${name} ${create.operationId} got fresh ids`).toBeGreaterThan(0);
    for (const link of cleanupLinks.filter((l) => l.from.operationId === create.operationId).sort((a, b) => a.cleanup! - b.cleanup!)) {
      const expected = applyLink(doc, link, { requestPath: create.pathParams, responseBody: JSON.parse(create.responseBody!) }).path;
      Object.values(expected).forEach((id) => expect(standin.issued.has(id), `${id} was handed out by the stand-in`).toBe(true));
      const cleanup = standin.log.find((e) => e.seq > create.seq && e.operationId === link.operationId && ok(e) && Object.entries(expected).every(([k, v]) => e.pathParams[k] === v));
      expect(cleanup, `${name}: ${link.operationId} ${JSON.stringify(expected)} after ${create.operationId} #${create.seq}`).toBeDefined();
      firstCleanupOf.set(create.seq, Math.min(firstCleanupOf.get(create.seq) ?? Infinity, cleanup!.seq));
    }
  }
  // Newest first: a resource created later (inside an earlier one) is cleaned up before it.
  const order = creates.map((c) => firstCleanupOf.get(c.seq)!);
  expect(order).toEqual([...order].sort((a, b) => b - a));
  return creates;
}

function expectNoTestDataAndTheRunsOwnOrg(standin: Standin, name: string): void {
  const sent = standin.log.map((e) => [e.url, e.requestBody, ...Object.entries(e.requestHeaders).map(([k, v]) => `${k}: ${v}`)].join("\n"));
  expect(TEST_DATA.filter((value) => sent.some((text) => text.includes(value)))).toEqual([]);
  if (name === "everruns") expect(standin.log.filter((e) => e.requestHeaders["x-org-id"] !== ORG_ID).map((e) => e.url)).toEqual([]);
}

function expectNoKey(name: string, outcome: Outcome): void {
  const key = keyOf(name);
  expect(outcome.lines.filter((l) => l.includes(key))).toEqual([]);
  expect(readdirSync(outcome.out).filter((f) => readFileSync(join(outcome.out, f), "utf8").includes(key))).toEqual([]);
}

describe.each(NAMES)("live mode on a stand-in %s API", (name) => {
  it("checks a live success of at least 90% of the operations, prints it, and cleans up every created resource with the id its create returned", async () => {
    const standin = await standinFor(name);
    try {
      const outcome = await runLive(name, standin.url);
      const { coverage } = outcome.report.providers[0]!;
      expect(coverage!.percent).toBeGreaterThanOrEqual(90);
      expect(outcome.lines).toContain(`coverage ${name}: ${coverage!.covered.length}/${coverage!.operations} operations got a live success response (${coverage!.percent}%)`);
      // Cross-check the coverage against the proxy: each covered operation was answered with a 2xx.
      expect(coverage!.covered.filter((op) => !standin.log.some((e) => e.operationId === op && ok(e)))).toEqual([]);
      const creates = expectEveryCreateCleanedUp(standin, name);
      expect(creates.length).toBe(resourceKinds(standin.spec).filter((k) => k.cleanup.length > 0).length);
      expect(outcome.report.providers[0]!.cleanup.every((c) => c.outcome === "done")).toBe(true);
      for (const create of creates) {
        const id = Object.values(create.issued)[0]!;
        expect(outcome.lines.some((l) => l.startsWith(`cleanup ${name} ${create.operationId} `) && l.includes(id) && l.includes(": done"))).toBe(true);
      }
      // Cases written for the mock with a Prefer header ran live, as "whatever documented success".
      const passed = outcome.report.providers[0]!.cases.filter((c) => c.outcome === "passed").map((c) => c.name);
      expect(providerOf(name).cases.some((c) => c.prefer && c.expect.status < 300 && passed.some((p) => p.startsWith(c.name)))).toBe(true);
      // Safe negatives live: an unknown id got the documented 404, answered by the stand-in, not by the run.
      expect(standin.log.some((e) => e.notes.some((n) => n.includes("documented 404")) && e.status === 404)).toBe(true);
      expect(outcome.report.failureReasons).toEqual([]);
      expectNoTestDataAndTheRunsOwnOrg(standin, name);
      expectNoKey(name, outcome);
      // The key was sent (so "no key in any output" means something): on every request but the no-key checks.
      const authHeader = Object.keys(providerOf(name).definition.authHeaders("x"))[0]!.toLowerCase();
      expect(standin.log.filter((e) => e.requestHeaders[authHeader]?.includes(keyOf(name))).length).toBeGreaterThan(standin.log.length / 2);
    } finally {
      await standin.stop();
    }
  });

  it("cleans up everything when a check fails", async () => {
    const firstRead = resourceKinds(specFor(providerOf(name)))[0]!.reads[0]!.operationId;
    const standin = await standinFor(name, [{ operationId: firstRead, nth: nth(name, firstRead, "read"), action: { status: 418, body: { error: "teapot" } } }]);
    try {
      const outcome = await runLive(name, standin.url);
      const failed = outcome.report.providers[0]!.cases.filter((c) => c.outcome === "failed");
      expect(failed.map((c) => [c.operationId, c.failures.map((f) => f.check)])).toEqual([[firstRead, ["expectedStatus"]]]);
      expect(outcome.report.findings.map((f) => [f.kind, f.operationId])).toContainEqual(["undocumented-status", firstRead]);
      expectEveryCreateCleanedUp(standin, name);
      expect(outcome.report.providers[0]!.cleanup.map((c) => c.outcome).filter((o) => o !== "done")).toEqual([]);
    } finally {
      await standin.stop();
    }
  });

  it("cleans up everything when the stand-in drops connections mid-scenario, a read's and each first cleanup call's", async () => {
    const kinds = resourceKinds(specFor(providerOf(name)));
    const cleanupOps = [...new Set(kinds.flatMap((k) => k.cleanup.map((l) => l.operationId)))];
    const read = kinds[0]!.reads[0]!.operationId;
    const faults: Fault[] = [{ operationId: read, nth: nth(name, read, "read"), action: "drop-request" }, ...cleanupOps.map((operationId): Fault => ({ operationId, nth: nth(name, operationId, "cleanup"), action: "drop-request" }))];
    const standin = await standinFor(name, faults);
    try {
      const outcome = await runLive(name, standin.url);
      expect(standin.log.filter((e) => e.notes.includes("fault drop-request")).length).toBe(faults.length);
      expectEveryCreateCleanedUp(standin, name);
      expect(outcome.report.providers[0]!.cleanup.map((c) => c.outcome).filter((o) => o !== "done")).toEqual([]);
      expect(outcome.report.providers[0]!.cases.filter((c) => c.outcome === "failed").map((c) => [c.operationId, c.failures[0]!.check])).toEqual([[read, "transport"]]);
    } finally {
      await standin.stop();
    }
  });

  it("cleans up what was created before a create fails midway", async () => {
    const kinds = resourceKinds(specFor(providerOf(name))).filter((k) => k.cleanup.length > 0);
    const last = kinds.at(-1)!.create;
    const standin = await standinFor(name, [{ operationId: last, nth: nth(name, last, "create"), action: { status: 500, body: { error: "boom" } } }]);
    try {
      const outcome = await runLive(name, standin.url);
      const creates = expectEveryCreateCleanedUp(standin, name);
      expect(creates.map((c) => c.operationId)).toEqual(kinds.slice(0, -1).map((k) => k.create));
      expect(outcome.report.providers[0]!.cleanup.map((c) => [c.operationId, c.outcome])).toEqual(kinds.slice(0, -1).map((k) => [k.create, "done"]).reverse().flatMap((e) => (name === "everruns" && e[0] === "createSession" ? [["createSessionMessage", "done"], e] : [e])));
    } finally {
      await standin.stop();
    }
  });

  it("reports a create whose answer was lost as a possible leak, and a refused connection on a create as not sent", async () => {
    const first = resourceKinds(specFor(providerOf(name)))[0]!.create;
    const standin = await standinFor(name, [{ operationId: first, nth: nth(name, first, "create"), action: "drop-response" }]);
    try {
      const lost = await runLive(name, standin.url);
      expect(lost.report.providers[0]!.cleanup).toEqual([expect.objectContaining({ operationId: first, outcome: "unknown", message: expect.stringContaining("may have reached the server") })]);
      expect(lost.report.failureReasons).toContain("1 created resource not cleaned up");
    } finally {
      await standin.stop();
    }
    const refused = await runLive(name, await refusingUrl());
    expect(refused.report.providers[0]!.cleanup).toEqual([{ operationId: first, resource: "(nothing created)", outcome: "not-sent", message: expect.stringMatching(/^not sent: .*ECONNREFUSED.*; nothing was created$/) }]);
    expect(JSON.stringify(refused.report)).not.toContain("may have reached the server");
    expect(refused.report.failureReasons.join(" ")).not.toContain("not cleaned up");
  });
});

describe("live mode with the user's own resources and a drifted error format", () => {
  it("EVERRUNS_AGENT_ID: sessions are created in that agent, which is read but never created, changed or archived", async () => {
    const agent = freshValue(specFor(providerOf("everruns")), "#/components/schemas/AgentId");
    const standin = await startStandin({ spec: providerOf("everruns").specPath, upstream: inject("mockUrls").everruns, apiKeys: [keyOf("everruns")], knownIds: [agent] });
    try {
      const provider = providerOf("everruns");
      const lines: string[] = [];
      const { report } = await runLiveDrift({ providers: [provider], env: { ...envFor(provider, standin.url), EVERRUNS_AGENT_ID: agent }, outDir: join(dir, "everruns-agent"), log: (l) => lines.push(l) });
      const ops = standin.log.map((e) => e.operationId);
      expect(ops.filter((o) => o === "createAgent" || o === "updateAgent" || o === "deleteAgent")).toEqual([]);
      expect(standin.log.filter((e) => e.operationId === "getAgent" && ok(e)).map((e) => e.pathParams.agent_id)).toEqual([agent]);
      const create = standin.log.find((e) => e.operationId === "createSession" && ok(e))!;
      expect(JSON.parse(create.requestBody)).toMatchObject({ agent_id: agent });
      expectEveryCreateCleanedUp(standin, "everruns");
      expect(report.providers[0]!.cleanup.map((c) => c.operationId)).toEqual(["createSessionMessage", "createSession"]);
      expect(report.providers[0]!.coverage!.missing.map((m) => m.operationId).sort()).toEqual(["createAgent", "deleteAgent", "updateAgent"]);
      expect(report.failureReasons).toEqual([]);
    } finally {
      await standin.stop();
    }
  });

  it("an error body that moved to application/problem+json is reported on the safe negative requests", async () => {
    const provider = providerOf("browser-use");
    const standin = await startStandin({
      spec: provider.specPath,
      transform: (doc) => {
        const notFound = doc.components.responses.SessionNotFound;
        notFound.content = { "application/problem+json": notFound.content["application/json"] };
      },
      apiKeys: [keyOf("browser-use")],
    });
    try {
      const { report } = await runLiveDrift({ providers: [provider], env: envFor(provider, standin.url), outDir: join(dir, "problem-json") });
      // One spec change (the shared SessionNotFound response) is one finding, listing the operations it was seen on.
      const drift = report.findings.filter((f) => f.status === 404).map((f) => [f.kind, f.severity, f.received, f.operations.map((o) => o.operationId)]);
      expect(drift).toEqual([["undocumented-content-type", "breaking", "application/problem+json", ["getSession", "listSessionMessages"]]]);
      expect(report).toMatchObject({ verdict: "drift", exitCode: 1 });
      expectEveryCreateCleanedUp(standin, "browser-use");
    } finally {
      await standin.stop();
    }
  });
});

describe("live mode on docs-only stand-ins", () => {
  it("with every judgement stripped and bodies generated from the schemas (dynamic mode, seeded), coverage and cleanup still hold", async () => {
    const standins = await Promise.all(NAMES.map((name) => startStandin({ spec: providerOf(name).specPath, transform: stripJudgements, mode: "dynamic", seed: 12, apiKeys: [keyOf(name)] })));
    try {
      for (const [i, name] of NAMES.entries()) {
        const outcome = await runLive(name, standins[i]!.url);
        expect({ name, percent: outcome.report.providers[0]!.coverage!.percent >= 90 }).toEqual({ name, percent: true });
        expectEveryCreateCleanedUp(standins[i]!, name);
        expect(outcome.report.providers[0]!.cleanup.filter((c) => c.outcome !== "done")).toEqual([]);
        expectNoTestDataAndTheRunsOwnOrg(standins[i]!, name);
      }
    } finally {
      await Promise.all(standins.map((s) => s.stop()));
    }
  }, 180_000);
});

describe("live mode when a create that must be refused is not", () => {
  it("a create sent without a key that succeeds anyway is cleaned up with the id it returned", async () => {
    const spec = specFor(providerOf("thinkrun"));
    const created = { ...spec.doc.components.examples.SessionCreated.value, sessionId: freshValue(spec, "#/components/schemas/CreateSessionResponse/properties/sessionId", "session-abc123") };
    const standin = await standinFor("thinkrun", [{ operationId: "createSession", nth: nth("thinkrun", "createSession", "negative"), action: { status: 201, body: created } }]);
    try {
      const { report } = await runLive("thinkrun", standin.url);
      expect(report.providers[0]!.cases.find((c) => c.name === "createSession: 401 without an X-API-Key header")).toMatchObject({ outcome: "failed", status: 201 });
      expect(standin.log.filter((e) => e.operationId === "terminateSession" && e.pathParams.sessionId === created.sessionId && e.requestHeaders["x-api-key"] === keyOf("thinkrun"))).toHaveLength(1);
      expect(report.providers[0]!.cleanup).toContainEqual(expect.objectContaining({ operationId: "createSession", resource: `sessionId=${created.sessionId}`, outcome: "done" }));
    } finally {
      await standin.stop();
    }
  });
});

describe("live mode interrupted", () => {
  it("an interrupt that comes after the last step was sent, during the cleanup, still marks the run interrupted", async () => {
    const name = "browser-use";
    const provider = providerOf(name);
    const standin = await standinFor(name);
    const controller = new AbortController();
    // The first deleteSession past the planned steps is the cleanup's: the scenario has sent its last step.
    const cleanupDelete = nth(name, "deleteSession", "cleanup");
    let deletes = 0;
    standin.subscribe((entry, phase) => {
      if (phase === "request" && entry.operationId === "deleteSession" && ++deletes === cleanupDelete) controller.abort();
    });
    try {
      const { report } = await runLiveDrift({ providers: [provider], env: envFor(provider, standin.url), outDir: join(dir, `${name}-late-interrupt`), signal: controller.signal });
      expect(controller.signal.aborted).toBe(true);
      expect(report.providers[0]!.interrupted).toBe(true);
      expectEveryCreateCleanedUp(standin, name);
    } finally {
      await standin.stop();
    }
  });
  it("SIGINT in the middle of a run (a child process) cleans up every resource it created, with the created ids, writes the report and exits 130", async () => {
    const results = await Promise.all(
      NAMES.map(async (name) => {
        const provider = providerOf(name);
        const standin = await standinFor(name);
        const kindsWithIds = resourceKinds(standin.spec).filter((k) => k.ids.length > 0).length;
        const out = join(dir, `${name}-sigint`);
        try {
          const child = spawn(process.execPath, ["--import", "tsx", "scripts/contract.ts", "--target", "live", "--provider", name, "--out", out], {
            env: { ...process.env, ...envFor(provider, standin.url) },
            stdio: ["ignore", "pipe", "pipe"],
          });
          let output = "";
          child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
          child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
          let interruptedAt = 0;
          // Interrupted once every kind has been created, on the next request: mid-scenario, everything alive.
          standin.subscribe((entry, phase) => {
            if (phase === "request" && interruptedAt === 0 && standin.issued.size >= kindsWithIds) {
              interruptedAt = entry.seq;
              child.kill("SIGINT");
            }
          });
          const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
          return { name, standin, code, output, out, interruptedAt };
        } catch (error) {
          await standin.stop();
          throw error;
        }
      }),
    );
    try {
      for (const { name, standin, code, output, out, interruptedAt } of results) {
        expect({ name, code }).toEqual({ name, code: 130 });
        expect(interruptedAt).toBeGreaterThan(0);
        expect(output).toContain("interrupted (SIGINT): no further request");
        const creates = expectEveryCreateCleanedUp(standin, name);
        expect(creates.length).toBeGreaterThan(0);
        for (const create of creates) expect(output).toContain(Object.values(create.issued)[0]!);
        const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
        expect(report.providers[0].interrupted).toBe(true);
        expect(report.passed).toBe(false);
        expect(output.includes(keyOf(name))).toBe(false);
        expect(readdirSync(out).filter((f) => readFileSync(join(out, f), "utf8").includes(keyOf(name)))).toEqual([]);
      }
    } finally {
      await Promise.all(results.map((r) => r.standin.stop()));
    }
  }, 180_000);
});
