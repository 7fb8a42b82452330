/** Replay: recorded HAR and NDJSON traffic through the same classifier, offline. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACT_PROVIDERS } from "../runner/providers.js";
import { SpecIndex } from "../runner/spec-index.js";
import { basePaths, matchOperation, parseTraffic, replayTraffic } from "./replay.js";
import { browserUseSpec, FAKE_KEY, filesContaining, reportSchemaErrors } from "./test-support.js";

const dir = mkdtempSync(join(tmpdir(), "drift-replay-"));
const browserUse = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
const doc = browserUseSpec();
const idle = doc.components.examples.SessionIdle.value;
const BASE = "https://api.browser-use.com/api/v3";
const auth = { "X-Browser-Use-API-Key": FAKE_KEY };

function har(entries: { method: string; url: string; status: number; body: unknown; mimeType?: string }[]): string {
  return JSON.stringify({
    log: {
      version: "1.2",
      entries: entries.map((e) => ({
        request: { method: e.method, url: e.url, headers: Object.entries(auth).map(([name, value]) => ({ name, value })) },
        response: { status: e.status, headers: [], content: { mimeType: e.mimeType ?? "application/json", text: JSON.stringify(e.body) } },
      })),
    },
  });
}

describe("replay", () => {
  it("matches requests by method and path template with the server's base path stripped; literals beat templates", () => {
    const spec = new SpecIndex(doc, "replay-match");
    const bases = basePaths(spec, browserUse, {});
    expect(matchOperation(spec, bases, "GET", `${BASE}/sessions/${idle.id}`)).toEqual({ operationId: "getSession" });
    expect(matchOperation(spec, bases, "POST", `${BASE}/sessions/${idle.id}/stop`)).toEqual({ operationId: "stopSession" });
    expect(matchOperation(spec, bases, "get", "http://127.0.0.1:9/sessions?page=2")).toEqual({ operationId: "listSessions" });
    expect(matchOperation(spec, bases, "PUT", `${BASE}/sessions`)).toEqual({ reason: "no PUT operation of the spec matches this path" });
  });

  it("a HAR file: findings as a live run would classify them, unmatched entries listed, the recorded key redacted", () => {
    const file = join(dir, "traffic.har");
    writeFileSync(
      file,
      har([
        { method: "GET", url: `${BASE}/sessions/${idle.id}`, status: 200, body: { ...idle, totalCostUsd: null, note: `echo ${FAKE_KEY}` } },
        { method: "GET", url: `${BASE}/sessions/${idle.id}`, status: 200, body: idle },
        { method: "GET", url: `${BASE}/billing`, status: 200, body: {} },
      ]),
    );
    const out = join(dir, "har");
    const { report } = replayTraffic({ provider: browserUse, file, outDir: out, env: {} });
    expect(report.findings.map((f) => [f.kind, f.pointer, f.source, f.occurrences])).toEqual([
      ["null-not-nullable", "/totalCostUsd", "replay entry 1", 1],
      ["undocumented-property", "/note", "replay entry 1", 1],
    ]);
    expect(report.findings[1]!.received).toBe('"echo [REDACTED]"');
    expect(report.replay).toMatchObject({ entries: 3, matched: 2, unmatched: [{ entry: 3, method: "GET", reason: "no GET operation of the spec matches this path" }] });
    expect(report).toMatchObject({ verdict: "drift", exitCode: 1, passed: false });
    expect(report.providers[0]).toMatchObject({ status: "ran", baseUrl: "https://api.browser-use.com", specVersion: doc.info.version });
    expect(filesContaining(out, FAKE_KEY)).toEqual([]);
    expect(reportSchemaErrors(out)).toEqual([]);
  });

  it("NDJSON pairs with JSON or string bodies; an undrifted recording passes", () => {
    const file = join(dir, "traffic.ndjson");
    const lines = [
      { request: { method: "GET", url: `${BASE}/sessions?page=1`, headers: auth }, response: { status: 200, headers: { "Content-Type": "application/json" }, body: doc.components.examples.SessionListPage.value } },
      { request: { method: "DELETE", url: `${BASE}/sessions/${idle.id}`, headers: auth }, response: { status: 204, headers: {}, body: "" } },
    ];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    expect(parseTraffic(`${JSON.stringify(lines[0])}\n`)[0]).toMatchObject({ entry: 1, method: "GET", status: 200, responseHeaders: { "content-type": "application/json" } });
    const { report } = replayTraffic({ provider: browserUse, file, outDir: join(dir, "ndjson"), env: {} });
    expect(report.findings).toEqual([]);
    expect(report.summary.responses).toBe(2);
    expect(report).toMatchObject({ verdict: "pass", exitCode: 0, passed: true });
  });

  it("a recording where most answers are 404 is could-not-judge (exit 2), as a live run would judge it", () => {
    const file = join(dir, "wrong-base.har");
    // A proxy that recorded a server answering 404 to everything: the paths match, the answers do not.
    const entries = ["/sessions", `/sessions/${idle.id}`, `/sessions/${idle.id}/messages`].map((path) => ({ method: "GET", url: `${BASE}${path}`, status: 404, body: { detail: "Not Found" } }));
    writeFileSync(file, har([...entries, { method: "GET", url: `${BASE}/sessions/${idle.id}`, status: 200, body: idle }]));
    const { report } = replayTraffic({ provider: browserUse, file, outDir: join(dir, "wrong-base"), env: {} });
    expect(report).toMatchObject({ verdict: "could-not-judge", exitCode: 2, findings: [] });
    expect(report.failureReasons).toEqual(["browser-use: could not judge: 3 of 4 calls to https://api.browser-use.com answered 404: the base URL looks wrong"]);
  });

  it("a recording that matches no operation is could-not-judge (exit 2)", () => {
    const file = join(dir, "unmatched.har");
    writeFileSync(file, har([{ method: "GET", url: `${BASE}/billing`, status: 200, body: {} }]));
    const { report } = replayTraffic({ provider: browserUse, file, outDir: join(dir, "unmatched"), env: {} });
    expect(report).toMatchObject({ verdict: "could-not-judge", exitCode: 2, failureReasons: ["no recorded exchange matched an operation: nothing was checked"] });
  });

  it("an allow-list entry acknowledges the breaking finding; an expired one does not, and is reported", () => {
    const file = join(dir, "null.har");
    writeFileSync(file, har([{ method: "GET", url: `${BASE}/sessions/${idle.id}`, status: 200, body: { ...idle, totalCostUsd: null } }]));
    const allowlist = join(dir, "allowlist.json");
    const acknowledged = { provider: "browser-use", operationId: "getSession", kind: "null-not-nullable", pointer: "/totalCostUsd", reason: "null until billing settles; spec fix pending", expires: "2026-12-31" };
    writeFileSync(allowlist, JSON.stringify({ entries: [acknowledged] }));
    const now = new Date("2026-12-31T23:59:59Z");
    const ok = replayTraffic({ provider: browserUse, file, allowlistPath: allowlist, outDir: join(dir, "ack"), env: {}, now }).report;
    expect(ok).toMatchObject({ passed: true, exitCode: 0, summary: { findings: { breaking: 0, acknowledged: 1 } }, allowlist: { applied: 1, expired: [] } });
    const late = replayTraffic({ provider: browserUse, file, allowlistPath: allowlist, outDir: join(dir, "expired"), env: {}, now: new Date("2027-01-01T00:00:00Z") }).report;
    expect(late).toMatchObject({ passed: false, exitCode: 1, summary: { findings: { breaking: 1, acknowledged: 0 } }, allowlist: { applied: 0, expired: [acknowledged] } });
    expect(reportSchemaErrors(join(dir, "expired"))).toEqual([]);
  });

  it("a line that is not JSON names its line number and column, in words that are the same on every Node", () => {
    expect(() => parseTraffic('{"request":{},"response":{}}\nnot json\n')).toThrow(/^line 2: not JSON \(column 2: unexpected "o"\); expected a HAR document/);
    expect(() => parseTraffic('{"request":{},"response":{}}\n  {"request": {}, "response": x}\n')).toThrow(/^line 2: not JSON \(column 31: unexpected "x"\)/);
    expect(() => parseTraffic('{"request":{},"response":{}}\n{"request": {}\n')).toThrow(/^line 2: not JSON \(the line ends early\)/);
  });
});
