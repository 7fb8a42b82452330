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
import { browserUse } from "../../src/browser-use/provider.js";
import { startStandin, type Standin } from "../standin/index.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "../runner/providers.js";
import type { ContractCase } from "../runner/types.js";
import type { FindingKind } from "./findings.js";
import { dryRunLines, runLiveDrift } from "./live-run.js";
import { browserUseSpec, FAKE_KEY, filesContaining, reportSchemaErrors, sendJson, startFixture, type FixtureServer } from "./test-support.js";

const dir = mkdtempSync(join(tmpdir(), "drift-live-"));
const SESSION_ID = "9b2d7e61-0c4a-4f8e-b3d5-6a1c2e9f4b07";
const realBrowserUse = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
const spec = browserUseSpec();
const toolkit = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
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

function provider(cases: ContractCase[], specPath = realBrowserUse.specPath): ContractProvider {
  return { definition: browserUse, specPath, cases };
}
function env(baseUrl: string): NodeJS.ProcessEnv {
  return { BROWSER_USE_API_KEY: FAKE_KEY, BROWSER_USE_BASE_URL: baseUrl };
}
function outDir(name: string): string {
  return join(dir, name);
}
const listSessions: ContractCase = { name: "listSessions: 200", operationId: "listSessions", expect: { status: 200 } };
const getSession: ContractCase = { name: "getSession: 200", operationId: "getSession", request: { path: { session_id: "mock-only-id" } }, expect: { status: 200 } };
const listMessages: ContractCase = { name: "listSessionMessages: 200", operationId: "listSessionMessages", request: { path: { session_id: "mock-only-id" } }, expect: { status: 200 } };
const createSession: ContractCase = { name: "createSession: 200", operationId: "createSession", request: { body: {} }, expect: { status: 200 } };

// Stand-ins (Prism behind the recording proxy) answer unknown ids with the documented 404, as a live API does.
let drifted: Standin;
let undrifted: Standin;
let fixture: FixtureServer;

beforeAll(async () => {
  [drifted, undrifted, fixture] = await Promise.all([
    startStandin({ spec: servedPath }),
    startStandin({ spec: realBrowserUse.specPath, upstream: inject("mockUrls")["browser-use"] }),
    startFixture(),
  ]);
});
afterAll(async () => {
  await Promise.all([drifted?.stop(), undrifted?.stop(), fixture?.close()]);
});

function kinds(findings: { kind: FindingKind }[]): FindingKind[] {
  return findings.map((f) => f.kind).sort();
}

describe("live drift report", () => {
  it("an undrifted target (Prism on the unmodified spec) yields zero findings with the real case table", async () => {
    const out = outDir("undrifted");
    const { report } = await runLiveDrift({ providers: [realBrowserUse], env: env(undrifted.url), outDir: out });
    expect(report.findings).toEqual([]);
    expect(report.failureReasons).toEqual([]);
    expect(report).toMatchObject({ verdict: "pass", exitCode: 0, passed: true, toolkit: { name: "browser-agent-apis", version: toolkit.version } });
    expect(report.providers[0]).toMatchObject({ status: "ran", baseUrl: undrifted.url, specVersion: spec.info.version });
    const cases = report.providers[0]!.cases;
    expect([...new Set(cases.filter((c) => c.outcome === "passed").map((c) => c.operationId))].sort()).toEqual(["createSession", "getSession", "listSessionMessages", "listSessions", "stopSession"]);
    expect(cases.filter((c) => c.outcome === "skipped").every((c) => c.reason)).toBe(true);
    expect(report.providers[0]!.cleanup).toEqual([expect.objectContaining({ operationId: "createSession", outcome: "done" })]);
    expect(reportSchemaErrors(out)).toEqual([]);
  });

  it("Prism on a mutated spec: each body finding class once, at its pointer, with its severity", async () => {
    const out = outDir("mutated");
    const { report } = await runLiveDrift({ providers: [provider([listSessions, getSession], truthPath)], env: env(drifted.url), outDir: out });
    const summary = report.findings.map((f) => [f.kind, f.severity, f.operationId, f.pointer]);
    expect(summary).toEqual([
      ["pattern-violation", "breaking", "listSessions", "/sessions/*/totalCostUsd"],
      ["value-outside-enum", "breaking", "listSessions", "/sessions/*/proxyCountryCode"],
      ["wrong-type", "breaking", "listSessions", "/sessions/*/stepCount"],
      // The spec marks both as its own assumptions (x-judgement): "fix the spec", not "the provider broke".
      ["format-violation", "judgement", "listSessions", "/sessions/*/createdAt"],
      ["missing-required-field", "judgement", "listSessions", "/sessions/*/title"],
      ["undocumented-property", "additive", "listSessions", "/sessions/*/region"],
      ["value-outside-enum", "additive", "listSessions", "/sessions/*/status"],
      // agentmailEmail, optional though every example shows it, is never expected: no property-never-seen.
    ]);
    const wrongType = report.findings.find((f) => f.kind === "wrong-type")!;
    expect(wrongType).toMatchObject({ status: 200, expected: "type integer", received: 'string "4"', operation: "GET /sessions" });
    // Counted per response, not repeated: the list answered its case once (getSession reads the created session).
    expect(wrongType.occurrences).toBe(1);
    expect(report.providers[0]!.cases.find((c) => c.name === "getSession: 200")).toMatchObject({ outcome: "passed", status: 200 });
    expect(report).toMatchObject({ verdict: "drift", exitCode: 1, passed: false, failureReasons: ["3 breaking findings not on the allow-list"] });
    expect(reportSchemaErrors(out)).toEqual([]);
  });

  it("a fixture server: undocumented status, undocumented content type, null where not nullable, once each", async () => {
    fixture.handle = (request, response) => {
      if (request.method === "POST" && request.path === "/sessions") {
        response.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>");
      } else if (request.path === "/sessions" || request.path.startsWith("/sessions?")) sendJson(response, 200, { sessions: [], total: 0, page: 1, pageSize: 20 });
      else if (request.path.endsWith("/messages")) sendJson(response, 418, { detail: "teapot" });
      else if (request.method === "GET") sendJson(response, 200, { ...idleSession, totalCostUsd: null });
      else sendJson(response, 500, {});
    };
    const out = outDir("fixture");
    // The create answers an HTML page: created (200), but with no id to clean it up with. (Had most calls
    // answered HTML, the target would be "could not judge": see verdict.test.ts.)
    const { report } = await runLiveDrift({ providers: [provider([listSessions, getSession])], env: env(fixture.url), outDir: out });
    expect(report.findings.map((f) => [f.kind, f.operationId, f.expected, f.received, f.occurrences])).toEqual([
      ["undocumented-content-type", "createSession", "content type application/json", "text/html", 1],
      // The unknown-id check: this fixture answers a session where the API documents 404.
      ["null-not-nullable", "getSession", "type string", "null", 1],
      ["undocumented-status", "listSessionMessages", "status 200, 404, 422", "418", 1],
    ]);
    expect(report.providers[0]!.cleanup).toEqual([{ operationId: "createSession", resource: "(no id in the answer)", outcome: "impossible", message: "created, but the answer names no id to clean it up with; check the provider's dashboard" }]);
    expect(report.providers[0]!.cases.find((c) => c.name === "getSession: 200")).toMatchObject({ outcome: "skipped", reason: "no createSession resource: none" });

    // No create budget: the session the list call shows is read (its id came from the list, not the table).
    fixture.received = [];
    fixture.handle = (request, response) => {
      if (request.path.startsWith("/sessions?") || request.path === "/sessions") sendJson(response, 200, { sessions: [idleSession], total: 1, page: 1, pageSize: 1 });
      else if (request.path.endsWith("/messages")) sendJson(response, 418, { detail: "teapot" });
      else if (request.path.startsWith(`/sessions/${idleSession.id}`)) sendJson(response, 200, { ...idleSession, totalCostUsd: null });
      else sendJson(response, 404, { detail: "Session not found" });
    };
    const second = await runLiveDrift({ providers: [provider([listMessages, getSession])], env: env(fixture.url), maxCreates: ["0"], outDir: out });
    expect(second.report.findings.map((f) => [f.kind, f.pointer, f.expected, f.received])).toEqual([
      ["null-not-nullable", "/totalCostUsd", "type string", "null"],
      ["undocumented-status", "", "status 200, 404, 422", "418"],
    ]);
    expect(fixture.received.filter((r) => r.path.startsWith(`/sessions/${idleSession.id}`))).toHaveLength(2);
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

  it("a key set with surrounding whitespace (a secret file's trailing newline) is redacted as it was sent", async () => {
    fixture.handle = (request, response) => {
      sendJson(response, 200, { sessions: [], total: 0, page: 1, pageSize: 20, debug: `key=${String(request.headers["x-browser-use-api-key"])}` });
    };
    const out = outDir("secrets-whitespace");
    const { report } = await runLiveDrift({ providers: [provider([listSessions])], env: { BROWSER_USE_API_KEY: ` ${FAKE_KEY}\n`, BROWSER_USE_BASE_URL: fixture.url }, outDir: out });
    // fetch strips a header value's leading and trailing whitespace: the server saw the bare key.
    expect(fixture.received.at(-1)!.headers["x-browser-use-api-key"]).toBe(FAKE_KEY);
    expect(report.findings.find((f) => f.pointer === "/debug")!.received).toBe('"key=[REDACTED]"');
    expect(JSON.stringify(report)).not.toContain(FAKE_KEY);
    expect(filesContaining(out, FAKE_KEY)).toEqual([]);
  });

  it("a failing check does not stop the cleanup; creates are capped in cost and by the run's budget", async () => {
    fixture.received = [];
    fixture.handle = (request, response) => {
      if (request.method === "POST" && request.path === "/sessions") sendJson(response, 200, idleSession);
      else if (request.path.endsWith("/stop")) sendJson(response, 200, stoppedSession);
      else if (request.method === "DELETE") response.writeHead(204).end();
      else if (request.path === `/sessions/${idleSession.id}`) sendJson(response, 418, { detail: "teapot" });
      else if (request.path.startsWith("/sessions/")) sendJson(response, 404, { detail: "Session not found" });
      else sendJson(response, 200, { sessions: [], total: 0, page: 1, pageSize: 20 });
    };
    const second: ContractCase = { ...createSession, name: "createSession: a second create", request: { body: { task: "x" } } };
    const { report } = await runLiveDrift({ providers: [provider([createSession, second, getSession])], env: env(fixture.url), maxCreates: ["1"], outDir: outDir("cleanup") });
    const calls = fixture.received.map((r) => `${r.method} ${r.path}`);
    expect(calls.filter((c) => c.startsWith("POST /sessions") || c.startsWith("DELETE"))).toEqual(["POST /sessions", `POST /sessions/${idleSession.id}/stop`, `DELETE /sessions/${idleSession.id}`]);
    expect(JSON.parse(fixture.received.find((r) => r.method === "POST" && r.path === "/sessions")!.body)).toEqual({ maxCostUsd: "0.05" });
    expect(JSON.parse(fixture.received.find((r) => r.path.endsWith("/stop"))!.body)).toEqual({ strategy: "session" });
    const cases = report.providers[0]!.cases;
    expect(cases.find((c) => c.name === "getSession: 200")).toMatchObject({ outcome: "failed", failures: [{ check: "expectedStatus", message: "Received: 418 / Expected: a documented success (200)" }] });
    expect(cases.find((c) => c.name === "createSession: a second create")).toMatchObject({ outcome: "skipped", reason: "create budget: 1 createSession (--max-creates)" });
    expect(report.providers[0]!.cleanup).toEqual([{ operationId: "createSession", resource: `session_id=${idleSession.id}`, outcome: "done", message: "stopSession 200; deleteSession 204" }]);
    expect(report.passed).toBe(false);
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
      `browser-use: would run against ${fixture.url}:`,
      "  resource createSession: created by the run: 1 (budget 1, --max-creates); costs money",
      "   1. list         GET /sessions  listSessions: 200",
      "   2. negative     GET /sessions/{session_id}  getSession: 404 for an unknown well-formed id  [{session_id}: a fresh unknown id; expects 404]",
      "   3. negative     GET /sessions/{session_id}/messages  listSessionMessages: 404 for an unknown well-formed id  [{session_id}: a fresh unknown id; expects 404]",
      "   4. negative     GET /sessions  listSessions: 422 for page_size 101 (above its maximum 100)  [expects 422]",
      "   5. COSTS MONEY  POST /sessions  createSession: 200  [cost cap maxCostUsd = 0.05 (usd); cleanup: stopSession, deleteSession]",
      "   6. read         GET /sessions/{session_id}  getSession: 200  [{session_id} from createSession's answer /id]",
      "   7. read         GET /sessions/{session_id}/messages  listSessionMessages: 200  [{session_id} from createSession's answer /id]",
      "  cleanup, newest first, also after a failure or Ctrl-C: createSession -> stopSession, deleteSession",
      "  coverage: 6/6 operations (100%) get a live success response if every step succeeds",
      "  (0 case(s) of the table not run live: mock-only, documented errors a live API cannot be made to send, or sent by the cleanup)",
      "dry run: nothing was sent",
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
      else if (request.path.startsWith(`/sessions/${idleSession.id}`) && !interrupted) {
        // The first read of the created session hangs; the run is interrupted while it waits.
        interrupted = true;
        child.kill("SIGINT");
      } else if (!interrupted) sendJson(response, request.path.startsWith("/sessions/") ? 404 : 200, request.path.startsWith("/sessions/") ? { detail: "Session not found" } : { sessions: [], total: 0, page: 1, pageSize: 20 });
    };
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(output).toContain("interrupted (SIGINT): no further request; cleaning up what the run created");
    expect(code).toBe(130);
    const calls = fixture.received.map((r) => `${r.method} ${r.path}`);
    expect(calls).toContain(`POST /sessions/${idleSession.id}/stop`);
    expect(calls).toContain(`DELETE /sessions/${idleSession.id}`);
  });
});
