/** The collector: one finding per spec change across operations, counts per operation, which absent properties are findings. */
import { describe, expect, it } from "vitest";
import { SpecIndex } from "../runner/spec-index.js";
import type { ClassifiedResponse } from "./classify.js";
import { DriftCollector } from "./collect.js";
import { browserUseSpec, withoutJudgementMarkers } from "./test-support.js";

// Every constraint counts as documented here; judgement severities are covered in classify.test.ts.
const doc = withoutJudgementMarkers(browserUseSpec());
const spec = new SpecIndex(doc, "collect-test");
const idle = doc.components.examples.SessionIdle.value as Record<string, unknown>;

function json(body: unknown, status = 200): ClassifiedResponse {
  return { status, mediaType: "application/json", text: JSON.stringify(body), json: body };
}
function session(overrides: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ ...idle, ...overrides }));
}
function page(...sessions: Record<string, unknown>[]) {
  return json({ sessions, total: sessions.length, page: 1, pageSize: 20 });
}
function collect(index: SpecIndex, exchanges: [string, ClassifiedResponse][]) {
  const collector = new DriftCollector(() => index);
  exchanges.forEach(([operationId, response], i) => collector.add({ provider: "browser-use", operationId, source: `case ${i + 1}`, response }));
  return collector.findings();
}

describe("DriftCollector", () => {
  it("one spec change seen on several operations and array items is one finding, listing each operation with its counts", () => {
    const findings = collect(spec, [
      ["getSession", json(session({ region: "eu" }))],
      ["getSession", json(session({ region: "us" }))],
      ["listSessions", page(session({ region: "eu" }), session({ region: "eu" }))],
      ["listSessions", page()],
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: "undocumented-property", specPointer: "#/components/schemas/SessionResponse/properties", subject: "region", pointer: "/region", occurrences: 3 });
    expect(findings[0]!.operations.map((o) => [o.operationId, o.status, o.pointer, o.occurrences, o.responses, o.source])).toEqual([
      ["getSession", 200, "/region", 2, 2, "case 1"],
      ["listSessions", 200, "/sessions/*/region", 1, 2, "case 3"],
    ]);
  });

  it("the received value is part of an enum finding's identity: two values are two findings; the same value twice is one", () => {
    const findings = collect(spec, [
      ["getSession", json(session({ proxyCountryCode: "gb" }))],
      ["getSession", json(session({ proxyCountryCode: "zz" }))],
      ["listSessions", page(session({ proxyCountryCode: "gb" }))],
    ]);
    expect(findings.map((f) => [f.kind, f.subject, f.occurrences, f.operations.length])).toEqual([
      ["value-outside-enum", '"gb"', 2, 2],
      ["value-outside-enum", '"zz"', 1, 1],
    ]);
    expect(new Set(findings.map((f) => f.id)).size).toBe(2);
  });

  it("a type finding is identified by the received type, not by each value", () => {
    const findings = collect(spec, [
      ["getSession", json(session({ stepCount: "4" }))],
      ["getSession", json(session({ stepCount: "5" }))],
      ["getSession", json(session({ stepCount: true }))],
    ]);
    expect(findings.map((f) => [f.kind, f.subject, f.occurrences])).toEqual([
      ["wrong-type", "boolean", 1],
      ["wrong-type", "string", 2],
    ]);
  });

  it("an optional property absent from every response is not a finding, although every example shows it", () => {
    const shown = browserUseSpec();
    for (const name of ["SessionIdle", "SessionRunning", "SessionFinished", "SessionTimedOut", "SessionError"]) shown.components.examples[name].value.agentmailEmail = "a@agentmail.to";
    expect(collect(new SpecIndex(shown, "collect-optional"), [["getSession", json(idle)], ["getSession", json(idle)]])).toEqual([]);
  });

  it("a required property no response carried is property-never-seen with the count; absent from only some is missing-required-field", () => {
    const { title: _title, ...untitled } = idle;
    const never = collect(spec, [["getSession", json(untitled)], ["getSession", json(untitled)], ["getSession", json(untitled)]]);
    expect(never.map((f) => [f.kind, f.severity, f.pointer, f.occurrences, f.received, f.operations[0]!.responses])).toEqual([
      ["property-never-seen", "breaking", "/title", 3, "absent from all 3 response(s)", 3],
    ]);
    const sometimes = collect(spec, [["getSession", json(untitled)], ["getSession", json(untitled)], ["getSession", json(idle)]]);
    expect(sometimes.map((f) => [f.kind, f.pointer, f.occurrences, f.operations[0]!.responses])).toEqual([["missing-required-field", "/title", 2, 3]]);
  });

  it("a promised property never seen keeps the judgement severity of its x-judgement marker", () => {
    const marked = browserUseSpec();
    marked.components.schemas.SessionResponse["x-judgement"] = { required: { title: "the docs never promise title" } };
    const { title: _title, ...untitled } = idle;
    expect(collect(new SpecIndex(marked, "collect-judged"), [["getSession", json(untitled)]]).map((f) => [f.kind, f.severity, f.judgement])).toEqual([
      ["property-never-seen", "judgement", "the docs never promise title"],
    ]);
  });

  it("a response of an operation never observed expects nothing", () => {
    expect(new DriftCollector(() => spec).findings()).toEqual([]);
  });
});
