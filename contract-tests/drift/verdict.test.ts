/**
 * The verdict of a live run against node:http fixture servers on 127.0.0.1: exit codes 0 / 1 / 2, a
 * misconfigured target told apart from drift, judgement findings from a spec copy with markers added here,
 * ready-to-paste allow-list entries, and change over time against a baseline report.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTRACT_PROVIDERS } from "../runner/providers.js";
import { refusingUrl } from "../standin/index.js";
import { AllowlistError } from "./allowlist.js";
import { BaselineError } from "./baseline.js";
import { dryRunLines, runLiveDrift } from "./live-run.js";
import { renderSummary } from "./report.js";
import { browserUseEnv, browserUseProvider, browserUseSpec, FAKE_KEY, jsonBlocks, LIVE_CASES, reportSchemaErrors, sendJson, startFixture, type FixtureServer } from "./test-support.js";

const dir = mkdtempSync(join(tmpdir(), "drift-verdict-"));
const realBrowserUse = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
const spec = browserUseSpec();
const idle = structuredClone(spec.components.examples.SessionIdle.value) as Record<string, unknown>;
const { listSessions, getSession, listMessages } = LIVE_CASES;
const readCases = [listSessions, getSession, listMessages];

// A copy of the spec with judgement markers added here (the sources in openapi/ are audited elsewhere).
const marked = browserUseSpec();
marked.components.schemas.SessionResponse.properties.liveUrl["x-judgement"] = { format: "The docs say URL; that it is an absolute URI is our reading." };
const markedPath = join(dir, "marked.json");
writeFileSync(markedPath, JSON.stringify(marked));

const provider = browserUseProvider;
const env = browserUseEnv;
function outDir(name: string): string {
  return join(dir, name);
}

let fixture: FixtureServer;

/**
 * Serves these sessions as the API would: the list, a create answered with the first, reads, stops and
 * deletes of a listed id (`read` is what a read of it answers, default the session itself), an empty
 * message page, and the documented 404 for any other id (the live run's unknown-id check).
 */
function serveSessions(sessions: Record<string, unknown>[], read: (session: Record<string, unknown>) => Record<string, unknown> = (x) => x): void {
  fixture.handle = (request, response) => {
    const path = request.path.split("?")[0]!;
    if (path === "/sessions") {
      const pageSize = Number(new URLSearchParams(request.path.split("?")[1] ?? "").get("page_size") ?? 20);
      if (request.method === "POST") sendJson(response, 200, sessions[0]);
      else if (pageSize > 100) sendJson(response, 422, { detail: [{ loc: ["query", "page_size"], msg: "Input should be less than or equal to 100", type: "less_than_equal" }] });
      else sendJson(response, 200, { sessions, total: sessions.length, page: 1, pageSize });
      return;
    }
    const [, id, rest] = /^\/sessions\/([^/]+)(\/.*)?$/.exec(path) ?? [];
    const session = sessions.find((x) => x.id === decodeURIComponent(id ?? ""));
    if (!session) sendJson(response, 404, { detail: "Session not found" });
    else if (rest === "/messages") sendJson(response, 200, { messages: [], hasMore: false });
    else if (request.method === "DELETE") response.writeHead(204).end();
    else sendJson(response, 200, read(session));
  };
}

beforeAll(async () => {
  fixture = await startFixture();
});
afterAll(async () => {
  await fixture?.close();
});

describe("verdict and exit code", () => {
  it("a wrong base-URL prefix is could-not-judge (exit 2) with one line naming the URL, not breaking 404 drift", async () => {
    fixture.handle = (_, response) => sendJson(response, 404, { detail: "Not Found" });
    const baseUrl = `${fixture.url}/v9`;
    const out = outDir("wrong-prefix");
    const { report } = await runLiveDrift({ providers: [realBrowserUse], env: env(baseUrl), outDir: out });
    expect(report).toMatchObject({ verdict: "could-not-judge", exitCode: 2, passed: false, findings: [] });
    expect(report.providers[0]).toMatchObject({ status: "could-not-judge", baseUrl });
    expect(report.failureReasons).toEqual([expect.stringMatching(new RegExp(`^browser-use: could not judge: \\d+ of \\d+ calls to ${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} answered 404: the base URL looks wrong \\(check BROWSER_USE_BASE_URL\\)$`))]);
    expect(readFileSync(join(out, "report.md"), "utf8")).not.toContain("undocumented-status");
    expect(reportSchemaErrors(out)).toEqual([]);
  });

  it("HTML answers from most calls, or a rejected key, are could-not-judge too", async () => {
    fixture.handle = (_, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
    const html = (await runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), outDir: outDir("html") })).report;
    expect(html).toMatchObject({ verdict: "could-not-judge", exitCode: 2, findings: [] });
    expect(html.providers[0]!.reason).toMatch(/answered HTML: a web page, not the API/);
    fixture.handle = (_, response) => sendJson(response, 401, { detail: "Invalid API key" });
    const rejected = (await runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), outDir: outDir("rejected") })).report;
    expect(rejected.providers[0]!.reason).toMatch(/answered 401\/403: the API key was rejected$/);
  });

  it("a closed port makes `npm run contract -- --target live` exit 2 and print the reason in one line", async () => {
    const baseUrl = await refusingUrl();
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/contract.ts", "--target", "live", "--provider", "browser-use", "--out", outDir("closed")], {
      env: { ...process.env, BROWSER_USE_API_KEY: FAKE_KEY, BROWSER_USE_BASE_URL: baseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, output).toBe(2);
    expect(output).toMatch(new RegExp(`could not judge: \\d+ of \\d+ calls to ${baseUrl} got no response .*\\(check BROWSER_USE_BASE_URL\\)`));
    expect(output).toMatch(/COULD NOT JUDGE \(exit 2\)/);
    expect(output).not.toContain(FAKE_KEY);
    // A child process starting tsx on a loaded 2-core machine can take a while.
  }, 120_000);

  it("an undocumented 2xx where a success was expected is its undocumented-status finding alone, not also a failed case: its allow-list entry makes the run pass", async () => {
    serveSessions([idle]);
    const documented = fixture.handle;
    fixture.handle = (request, response) => (request.method === "POST" && request.path === "/sessions" ? sendJson(response, 201, idle) : documented(request, response));
    const out = outDir("new-2xx");
    const first = (await runLiveDrift({ providers: [realBrowserUse], env: env(fixture.url), outDir: out })).report;
    expect(first.findings.map((f) => [f.kind, f.severity, f.operationId, f.subject])).toEqual([["undocumented-status", "breaking", "createSession", "201"]]);
    expect(first).toMatchObject({ verdict: "drift", exitCode: 1, failureReasons: ["1 breaking finding not on the allow-list"] });
    expect(first.providers[0]!.cases.filter((c) => c.operationId === "createSession" && c.status === 201).map((c) => c.outcome)).toEqual(["passed"]);
    // Created all the same: cleaned up with the id it returned.
    expect(first.providers[0]!.cleanup).toEqual([expect.objectContaining({ operationId: "createSession", outcome: "done" })]);
    const allowlist = join(dir, "new-2xx-allowlist.json");
    writeFileSync(allowlist, JSON.stringify({ entries: jsonBlocks(readFileSync(join(out, "report.md"), "utf8")) }));
    const second = (await runLiveDrift({ providers: [realBrowserUse], env: env(fixture.url), allowlistPath: allowlist, outDir: outDir("new-2xx-acknowledged") })).report;
    expect(second).toMatchObject({ verdict: "pass", exitCode: 0, failureReasons: [], summary: { findings: { breaking: 0, acknowledged: 1 } } });
  });

  it("a breaking finding is exit 1; the header names the base URL, the toolkit and spec versions", async () => {
    serveSessions([{ ...idle, stepCount: "4" }]);
    const out = outDir("breaking");
    const { report, files } = await runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), outDir: out });
    expect(report).toMatchObject({ verdict: "drift", exitCode: 1, failureReasons: ["1 breaking finding not on the allow-list"] });
    const markdown = readFileSync(join(out, "report.md"), "utf8");
    expect(markdown).toContain("**DRIFT (exit 1)**");
    expect(markdown).toContain(`Toolkit browser-agent-apis ${report.toolkit.version}.`);
    expect(markdown).toContain(`| browser-use | ${fixture.url} | ${spec.info.version} | ran |`);
    const summary = renderSummary(report, files);
    expect(summary[0]).toContain(`browser-use  ${fixture.url} (spec ${spec.info.version})`);
    expect(summary.at(-2)).toBe("drift: 1 breaking, 0 judgement, 0 additive, 0 acknowledged; DRIFT (exit 1): 1 breaking finding not on the allow-list");
  });
});

describe("judgement findings, allow-list entries and baselines in a live run", () => {
  it("a violated judgement is shown with its reason and does not fail the run; failOn or --strict make it fail", async () => {
    serveSessions([{ ...idle, liveUrl: "live view" }]);
    const out = outDir("judgement");
    const { report, files } = await runLiveDrift({ providers: [provider(readCases, markedPath)], env: env(fixture.url), outDir: out });
    expect(report.findings.map((f) => [f.kind, f.severity, f.specPointer, f.judgement, f.operations.map((o) => o.operationId)])).toEqual([
      ["format-violation", "judgement", "#/components/schemas/SessionResponse/properties/liveUrl", "The docs say URL; that it is an absolute URI is our reading.", ["createSession", "getSession", "listSessions", "stopSession"]],
    ]);
    expect(report).toMatchObject({ verdict: "pass", exitCode: 0, summary: { findings: { breaking: 0, judgement: 1 } } });
    const markdown = readFileSync(join(out, "report.md"), "utf8");
    expect(markdown).toContain("## Judgement calls the traffic contradicts: fix the spec (1)");
    expect(markdown).toContain("- Our assumption (fix the spec): The docs say URL; that it is an absolute URI is our reading.");
    expect(renderSummary(report, files).join("\n")).toMatch(/JUDGEMENT +format-violation POST \/sessions 200 \/liveUrl \(\+3 more operation\(s\)\): Received: "live view" \/ Spec: format uri\n +our assumption, fix the spec: The docs say URL/);
    expect(readFileSync(join(out, "junit.xml"), "utf8")).not.toContain("<failure");

    const failing = (await runLiveDrift({ providers: [provider(readCases, markedPath)], env: env(fixture.url), failOn: ["breaking", "judgement"], outDir: outDir("judgement-fails") })).report;
    expect(failing).toMatchObject({ verdict: "drift", exitCode: 1, failOn: ["breaking", "judgement"], failureReasons: ["1 judgement finding not on the allow-list"] });
    const strict = (await runLiveDrift({ providers: [provider(readCases, markedPath)], env: env(fixture.url), strict: true, outDir: outDir("judgement-strict") })).report;
    expect(strict).toMatchObject({ exitCode: 1, failOn: ["breaking", "judgement", "additive"], failureReasons: ["1 judgement finding not on the allow-list (--strict)"] });
    expect(reportSchemaErrors(out)).toEqual([]);
  });

  it("the ready-to-paste entries of report.md load as an allow-list and acknowledge exactly those findings", async () => {
    serveSessions([{ ...idle, region: "eu", proxyCountryCode: "zz", totalInputTokens: -5 }], () => ({ ...idle, totalCostUsd: null }));
    const first = await runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), outDir: outDir("paste") });
    expect(first.report.findings.map((f) => f.kind).sort()).toEqual(["null-not-nullable", "schema-violation", "undocumented-property", "value-outside-enum"]);
    const entries = jsonBlocks(readFileSync(join(outDir("paste"), "report.md"), "utf8"));
    expect(entries).toHaveLength(4);
    const allowlist = join(dir, "pasted-allowlist.json");
    writeFileSync(allowlist, JSON.stringify({ entries }));
    const second = (await runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), allowlistPath: allowlist, outDir: outDir("pasted") })).report;
    expect(second).toMatchObject({ verdict: "pass", exitCode: 0, summary: { findings: { breaking: 0, additive: 0, acknowledged: 4 } }, allowlist: { applied: 4, unused: [] } });
  });

  it("against a baseline, one more drift is exactly one new finding; a fixed one is gone; a skipped provider proves nothing gone", async () => {
    serveSessions([{ ...idle, region: "eu" }]);
    const before = await runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), outDir: outDir("night-1") });
    const baselinePath = join(outDir("night-1"), "report.json");
    serveSessions([{ ...idle, region: "eu", proxyCountryCode: "zz" }]);
    const next = (await runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), baselinePath, outDir: outDir("night-2") })).report;
    expect(next.findings.map((f) => [f.kind, f.subject, f.change])).toEqual([
      ["value-outside-enum", '"zz"', "new"],
      ["undocumented-property", "region", "open"],
    ]);
    expect(next.summary.changes).toEqual({ new: 1, open: 1, gone: 0 });
    expect(next.findings.find((f) => f.subject === "region")!.id).toBe(before.report.findings[0]!.id);

    serveSessions([{ ...idle, proxyCountryCode: "zz" }]);
    const third = (await runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), baselinePath: join(outDir("night-2"), "report.json"), outDir: outDir("night-3") })).report;
    expect(third.findings.map((f) => [f.subject, f.change])).toEqual([['"zz"', "open"]]);
    expect(third.baseline).toMatchObject({ gone: [{ kind: "undocumented-property", subject: "region", operationId: "createSession" }], notRechecked: 0 });
    expect(readFileSync(join(outDir("night-3"), "report.md"), "utf8")).toContain("## Gone since the baseline (1)");
    expect(reportSchemaErrors(outDir("night-3"))).toEqual([]);

    const skipped = (await runLiveDrift({ providers: [provider(readCases)], env: {}, baselinePath: join(outDir("night-2"), "report.json"), outDir: outDir("night-skipped") })).report;
    expect(skipped.baseline).toMatchObject({ gone: [], notRechecked: 2 });
  });

  it("a bad baseline, allow-list or failOn fails before any live call, naming what is wrong", async () => {
    fixture.received = [];
    const notReport = join(dir, "not-a-report.json");
    writeFileSync(notReport, JSON.stringify({ schemaVersion: 1, findings: [] }));
    await expect(runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), baselinePath: notReport, outDir: outDir("bad-baseline") })).rejects.toThrow(BaselineError);
    await expect(runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), baselinePath: join(dir, "absent.json"), outDir: outDir("bad-baseline") })).rejects.toThrow(/^baseline .*absent\.json: not found$/);
    const badList = join(dir, "bad-allowlist.json");
    writeFileSync(badList, JSON.stringify({ entries: [{ provider: "browser-use", kind: "undocumented-property", reason: "r", expires: "2026-12-31" }] }));
    await expect(runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), allowlistPath: badList, outDir: outDir("bad-allowlist") })).rejects.toThrow(AllowlistError);
    await expect(runLiveDrift({ providers: [provider(readCases)], env: env(fixture.url), failOn: ["braking" as never], outDir: outDir("bad-fail-on") })).rejects.toThrow(/unknown severity braking in failOn/);
    expect(fixture.received).toEqual([]);
    // The dry run lists calls; it reads no report input.
    expect(dryRunLines({ providers: [provider(readCases)], env: env(fixture.url) }).at(-1)).toMatch(/^dry run: nothing was sent/);
  });
});
