/**
 * Proof of the live run and its drift report against drifted servers on 127.0.0.1: Prism serving a
 * mutated copy of the Browser Use spec, Prism on the unmodified spec, and a node:http fixture server for
 * what Prism cannot produce. The provider definition is the real one; only the env points it at 127.0.0.1.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startPrism, type MockServer } from "../runner/prism.js";
import { CONTRACT_PROVIDERS } from "../runner/providers.js";
import type { ContractCase } from "../runner/types.js";
import type { FindingKind } from "./findings.js";
import { dryRunLines, runLiveDrift } from "./live-run.js";
import { browserUseEnv, browserUseProvider, browserUseSpec, FAKE_KEY, filesContaining, LIVE_CASES, reportSchemaErrors, sendJson, startFixture, type FixtureServer } from "./test-support.js";

const toolkit = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

const dir = mkdtempSync(join(tmpdir(), "drift-live-"));
const SESSION_ID = "9b2d7e61-0c4a-4f8e-b3d5-6a1c2e9f4b07";
const realBrowserUse = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
const spec = browserUseSpec();
const idleSession = structuredClone(spec.components.examples.SessionIdle.value);
const stoppedSession = structuredClone(spec.components.examples.SessionStopped.value);

// The served spec drifts from the truth in the first session of the list page, one mutation per class.
const served = browserUseSpec();
const first = served.components.examples.SessionListPage.value.sessions[0];
delete first.title; // missing required field
first.stepCount = "4"; // wrong type
first.region = "eu-west-1"; // undocumented property (additive)
first.status = "paused"; // unknown value of an open enum (additive)
first.proxyCountryCode = "zz"; // value outside a closed enum
first.totalCostUsd = "9.2E-2"; // pattern violation (DecimalString)
first.createdAt = "yesterday"; // format violation (date-time)
// The truth shows `agentmailEmail` in every session example getSession can answer; the server never sends it.
const truth = browserUseSpec();
for (const name of ["SessionIdle", "SessionRunning", "SessionFinished", "SessionTimedOut", "SessionError"]) {
  truth.components.examples[name].value.agentmailEmail = "agent-7f3a@agentmail.to";
}
const servedPath = join(dir, "served.json");
const truthPath = join(dir, "truth.json");
writeFileSync(servedPath, JSON.stringify(served));
writeFileSync(truthPath, JSON.stringify(truth));

const provider = browserUseProvider;
const env = browserUseEnv;
function outDir(name: string): string {
  return join(dir, name);
}
const { listSessions, getSession, listMessages } = LIVE_CASES;
const createSession: ContractCase = { name: "createSession: 200", operationId: "createSession", request: { body: {} }, expect: { status: 200 }, creates: true };

let drifted: MockServer;
let fixture: FixtureServer;

beforeAll(async () => {
  [drifted, fixture] = await Promise.all([startPrism(servedPath), startFixture()]);
});
afterAll(async () => {
  await Promise.all([drifted?.stop(), fixture?.close()]);
});

function kinds(findings: { kind: FindingKind }[]): FindingKind[] {
  return findings.map((f) => f.kind).sort();
}

describe("live drift report", () => {
  it("an undrifted target (Prism on the unmodified spec) yields zero findings with the real case table", async () => {
    const out = outDir("undrifted");
    const { report } = await runLiveDrift({ providers: [realBrowserUse], env: env(inject("mockUrls")["browser-use"]!), outDir: out });
    expect(report.findings).toEqual([]);
    expect(report.failureReasons).toEqual([]);
    expect(report).toMatchObject({ verdict: "pass", exitCode: 0, passed: true, toolkit: { name: "browser-agent-apis", version: toolkit.version } });
    expect(report.providers[0]).toMatchObject({ status: "ran", baseUrl: inject("mockUrls")["browser-use"], specVersion: spec.info.version });
    const cases = report.providers[0]!.cases;
    expect(cases.filter((c) => c.outcome === "passed").map((c) => c.operationId).sort()).toEqual(["createSession", "listSessionMessages", "listSessions"]);
    expect(cases.filter((c) => c.outcome === "skipped").every((c) => c.reason?.startsWith("mock-only"))).toBe(true);
    expect(report.providers[0]!.cleanup).toEqual([expect.objectContaining({ operationId: "createSession", outcome: "done" })]);
    expect(reportSchemaErrors(out)).toEqual([]);
  });

  it("Prism on a mutated spec: each body finding class once, at its pointer, with its severity", async () => {
    const out = outDir("mutated");
    const { report } = await runLiveDrift({ providers: [provider([listSessions, getSession], truthPath)], env: env(drifted.url), outDir: out });
    const summary = report.findings.map((f) => [f.kind, f.severity, f.operationId, f.pointer]);
    // Pointers are templates; agentmailEmail, optional though every example shows it, is not expected.
    expect(summary).toEqual([
      ["pattern-violation", "breaking", "listSessions", "/sessions/*/totalCostUsd"],
      ["value-outside-enum", "breaking", "listSessions", "/sessions/*/proxyCountryCode"],
      ["wrong-type", "breaking", "listSessions", "/sessions/*/stepCount"],
      // The spec marks both as its own assumptions (x-judgement): "fix the spec", not "the provider broke".
      ["format-violation", "judgement", "listSessions", "/sessions/*/createdAt"],
      ["missing-required-field", "judgement", "listSessions", "/sessions/*/title"],
      ["undocumented-property", "additive", "listSessions", "/sessions/*/region"],
      ["value-outside-enum", "additive", "listSessions", "/sessions/*/status"],
    ]);
    const wrongType = report.findings.find((f) => f.kind === "wrong-type")!;
    expect(wrongType).toMatchObject({ status: 200, expected: "type integer", received: 'string "4"', operation: "GET /sessions" });
    // The list answered the case and the id discovery for getSession: counted, not repeated.
    expect(wrongType.occurrences).toBe(2);
    expect(report.providers[0]!.cases.find((c) => c.operationId === "getSession")).toMatchObject({ outcome: "passed", status: 200 });
    expect(report).toMatchObject({ verdict: "drift", exitCode: 1, passed: false, failureReasons: ["3 breaking findings not on the allow-list"] });
    expect(reportSchemaErrors(out)).toEqual([]);
  });

  it("a fixture server: undocumented status, undocumented content type, null where not nullable, once each", async () => {
    fixture.handle = (request, response) => {
      if (request.path === "/sessions" || request.path.startsWith("/sessions?")) sendJson(response, 200, { sessions: [idleSession], total: 1, page: 1, pageSize: 1 });
      else if (request.path.endsWith("/messages")) sendJson(response, 418, { detail: "teapot" });
      else response.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>");
    };
    const out = outDir("fixture");
    const { report } = await runLiveDrift({ providers: [provider([listSessions, listMessages, getSession])], env: env(fixture.url), outDir: out });
    expect(report.findings.map((f) => [f.kind, f.operationId, f.expected, f.received, f.occurrences])).toEqual([
      ["undocumented-content-type", "getSession", "content type application/json", "text/html", 1],
      ["undocumented-status", "listSessionMessages", "status 200, 404, 422", "418", 1],
    ]);

    fixture.handle = (request, response) => {
      if (request.path.startsWith("/sessions?page_size=1")) sendJson(response, 200, { sessions: [idleSession], total: 1, page: 1, pageSize: 1 });
      else sendJson(response, 200, { ...idleSession, totalCostUsd: null });
    };
    fixture.received = [];
    const second = await runLiveDrift({ providers: [provider([getSession])], env: env(fixture.url), outDir: out });
    expect(second.report.findings.map((f) => [f.kind, f.pointer, f.expected, f.received])).toEqual([["null-not-nullable", "/totalCostUsd", "type string", "null"]]);
    expect(fixture.received.filter((r) => r.path.startsWith(`/sessions/${idleSession.id}`))).toHaveLength(1);
    expect(reportSchemaErrors(out)).toEqual([]);
  });

  it("secrets never appear in any report, and long values are cut", async () => {
    fixture.handle = (request, response) => {
      const echoed = String(request.headers["x-browser-use-api-key"]);
      sendJson(response, 200, { sessions: [], total: 0, page: 1, pageSize: 20, debug: `key=${echoed} ${"x".repeat(400)}` });
    };
    const out = outDir("secrets");
    const { report } = await runLiveDrift({ providers: [provider([listSessions])], env: env(fixture.url), outDir: out });
    expect(fixture.received.at(-1)!.headers["x-browser-use-api-key"]).toBe(FAKE_KEY);
    const debug = report.findings.find((f) => f.pointer === "/debug")!;
    expect(debug.received).toMatch(/^"key=\[REDACTED\] x+…$/);
    expect(debug.received.length).toBeLessThanOrEqual(120);
    expect(filesContaining(out, FAKE_KEY)).toEqual([]);
    expect(filesContaining(out, "[REDACTED]").sort()).toEqual(["junit.xml", "report.json", "report.md"]);
  });

  it("a failing create case is cleaned up; creates are capped in cost and by the run's budget", async () => {
    fixture.received = [];
    fixture.handle = (request, response) => {
      if (request.method === "POST" && request.path === "/sessions") sendJson(response, 200, idleSession);
      else if (request.path.endsWith("/stop")) sendJson(response, 200, stoppedSession);
      else if (request.method === "DELETE") response.writeHead(204).end();
      else sendJson(response, 200, { sessions: [], total: 0, page: 1, pageSize: 20 });
    };
    const failing: ContractCase = { ...createSession, name: "createSession: expects 201 (fails)", expect: { status: 201 } };
    const second: ContractCase = { ...createSession, name: "createSession: a second create" };
    const { report } = await runLiveDrift({ providers: [provider([failing, second])], env: env(fixture.url), maxCreates: 1, outDir: outDir("cleanup") });
    const calls = fixture.received.map((r) => `${r.method} ${r.path}`);
    expect(calls).toEqual(["POST /sessions", `POST /sessions/${idleSession.id}/stop`, `DELETE /sessions/${idleSession.id}`]);
    expect(JSON.parse(fixture.received[0]!.body)).toEqual({ maxCostUsd: "0.05" });
    expect(JSON.parse(fixture.received[1]!.body)).toEqual({ strategy: "session" });
    const [failed, skipped] = report.providers[0]!.cases;
    expect(failed).toMatchObject({ outcome: "failed", failures: [{ check: "expectedStatus", message: "Received: 200 / Expected: 201" }] });
    expect(skipped).toMatchObject({ outcome: "skipped", reason: "create budget spent (--max-creates 1)" });
    expect(report.providers[0]!.cleanup).toEqual([{ operationId: "createSession", resource: `session_id=${idleSession.id}`, outcome: "done", message: "stopSession 200; deleteSession 204" }]);
    expect(report).toMatchObject({ verdict: "drift", exitCode: 1, failureReasons: ["1 case failed a check the drift report does not cover"] });
  });

  it("a provider without its key is skipped with the reason, and a run where none ran fails", async () => {
    const { report } = await runLiveDrift({ providers: [provider([listSessions])], env: {}, outDir: outDir("nokey") });
    expect(report.providers).toEqual([{ name: "browser-use", status: "skipped", reason: "BROWSER_USE_API_KEY is not set", specVersion: spec.info.version, cases: [], cleanup: [] }]);
    expect(report.summary.cases).toEqual({ passed: 0, failed: 0, skipped: 0 });
    expect(report).toMatchObject({ verdict: "could-not-judge", exitCode: 2, passed: false, failureReasons: ["no provider ran live (no API key set): nothing was checked"] });
  });

  it("--dry-run lists the calls and which cost money, and sends nothing", () => {
    fixture.received = [];
    const lines = dryRunLines({ providers: [provider([createSession, listSessions, listMessages, { ...getSession, prefer: { code: 404 } }])], env: env(fixture.url) });
    expect(lines).toEqual([
      `browser-use: would run against ${fixture.url}`,
      "  COSTS MONEY  POST /sessions  createSession: 200  [creates a resource; cost capped; cleanup: stopSession, deleteSession]",
      "  read         GET /sessions  listSessions: 200",
      `  read         GET ${fixture.url}/sessions?page_size=1  id discovery for {session_id} (only when no created resource provides it)`,
      "  read         GET /sessions/{session_id}/messages  listSessionMessages: 200  [{session_id} from a resource this run created, else listSessions]",
      "  (1 mock-only case(s) not listed: they never run live)",
      "dry run: nothing was sent; create budget 1/2 (--max-creates)",
    ]);
    expect(fixture.received).toEqual([]);
  });

  it("SIGINT during a live run cleans up what the run created, then exits 130", async () => {
    fixture.received = [];
    let interrupted = false;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/contract.ts", "--target", "live", "--provider", "browser-use", "--out", outDir("sigint")], {
      env: { ...process.env, BROWSER_USE_API_KEY: FAKE_KEY, BROWSER_USE_BASE_URL: fixture.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    fixture.handle = (request, response) => {
      if (request.method === "POST" && request.path === "/sessions") sendJson(response, 200, idleSession);
      else if (request.path.endsWith("/stop")) sendJson(response, 200, stoppedSession);
      else if (request.method === "DELETE") response.writeHead(204).end();
      else if (!interrupted) {
        // The first read hangs; the run is interrupted while it waits.
        interrupted = true;
        child.kill("SIGINT");
      }
    };
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(output).toContain("interrupted: cleaning up 1 created resource(s)");
    expect(code).toBe(130);
    const calls = fixture.received.map((r) => `${r.method} ${r.path}`);
    expect(calls).toContain(`POST /sessions/${idleSession.id}/stop`);
    expect(calls).toContain(`DELETE /sessions/${idleSession.id}`);
  });
});
