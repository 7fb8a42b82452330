/** The classifier on in-memory responses of the Browser Use spec: each kind where it applies, nothing on documented examples. */
import { describe, expect, it } from "vitest";
import { SpecIndex } from "../runner/spec-index.js";
import { classifyResponse, type ClassifiedResponse } from "./classify.js";
import { DriftCollector } from "./collect.js";
import { browserUseSpec } from "./test-support.js";

const doc = browserUseSpec();
const spec = new SpecIndex(doc, "classify-test");
const idle = doc.components.examples.SessionIdle.value as Record<string, unknown>;

function json(body: unknown, status = 200): ClassifiedResponse {
  return { status, mediaType: "application/json", text: JSON.stringify(body), json: body };
}
function classify(operationId: string, response: ClassifiedResponse) {
  return classifyResponse(spec, spec.operation(operationId), response).findings.map((f) => [f.kind, f.severity, f.pointer]);
}

describe("classifyResponse", () => {
  it("every documented example of every operation yields no finding", () => {
    for (const operation of spec.operations()) {
      for (const [status, raw] of Object.entries<any>(operation.node.responses)) {
        const response = spec.resolve(raw);
        for (const [mediaType, media] of Object.entries<any>(response.content ?? {})) {
          for (const example of Object.values<any>(media.examples ?? {})) {
            const value = spec.resolve(example).value;
            const found = classifyResponse(spec, operation, { status: Number(status), mediaType, text: JSON.stringify(value), json: value }).findings;
            expect(found, `${operation.operationId} ${status}`).toEqual([]);
          }
        }
      }
    }
  });

  it.each([
    ["a missing required field", { ...idle, title: undefined }, ["missing-required-field", "breaking", "/title"]],
    ["a wrong type", { ...idle, stepCount: 1.5 }, ["wrong-type", "breaking", "/stepCount"]],
    ["null where not nullable", { ...idle, llmCostUsd: null }, ["null-not-nullable", "breaking", "/llmCostUsd"]],
    ["a value outside a closed enum behind a nullable anyOf", { ...idle, proxyCountryCode: "gb" }, ["value-outside-enum", "breaking", "/proxyCountryCode"]],
    ["an unknown value of an open enum", { ...idle, model: "gpt-9" }, ["value-outside-enum", "additive", "/model"]],
    ["a pattern violation", { ...idle, browserCostUsd: "1,5" }, ["pattern-violation", "breaking", "/browserCostUsd"]],
    ["a format violation", { ...idle, liveUrl: "not a uri" }, ["format-violation", "breaking", "/liveUrl"]],
    ["an undocumented property", { ...idle, region: "eu" }, ["undocumented-property", "additive", "/region"]],
    ["a constraint the walker does not name (minimum)", { ...idle, stepCount: -1 }, ["schema-violation", "breaking", "/stepCount"]],
  ])("getSession 200 with %s: exactly that finding", (_, body, expected) => {
    expect(classify("getSession", json(JSON.parse(JSON.stringify(body))))).toEqual([expected]);
  });

  it("a known value of an open enum and a documented null are not findings", () => {
    expect(classify("getSession", json({ ...idle, status: "running", proxyCountryCode: null, maxCostUsd: null }))).toEqual([]);
  });

  it("an undocumented status and an undocumented content type are breaking; a body on a no-content response too", () => {
    expect(classify("getSession", json({ detail: "teapot" }, 418))).toEqual([["undocumented-status", "breaking", ""]]);
    expect(classify("getSession", { status: 200, mediaType: "text/html", text: "<html/>", json: undefined })).toEqual([["undocumented-content-type", "breaking", ""]]);
    expect(classify("deleteSession", json({ ok: true }, 204))).toEqual([["undocumented-content-type", "breaking", ""]]);
    expect(classify("deleteSession", { status: 204, mediaType: "", text: "", json: undefined })).toEqual([]);
  });

  it("unparseable JSON is a wrong type at the root", () => {
    expect(classify("getSession", { status: 200, mediaType: "application/json", text: "{", json: undefined, jsonError: "Unexpected end" })).toEqual([["wrong-type", "breaking", ""]]);
  });
});

describe("DriftCollector", () => {
  const truth = browserUseSpec();
  for (const name of ["SessionIdle", "SessionRunning", "SessionFinished", "SessionTimedOut", "SessionError"]) truth.components.examples[name].value.agentmailEmail = "a@agentmail.to";
  const truthSpec = new SpecIndex(truth, "collector-test");

  it("a property every example shows and no response carried is one notice; one response carrying it clears it", () => {
    const collector = new DriftCollector(() => truthSpec);
    for (const source of ["a", "b"]) collector.add({ provider: "browser-use", operationId: "getSession", source, response: json(idle) });
    expect(collector.findings().map((f) => [f.kind, f.severity, f.pointer, f.received])).toEqual([["property-never-seen", "notice", "/agentmailEmail", "absent from all 2 response(s)"]]);
    const cleared = new DriftCollector(() => truthSpec);
    cleared.add({ provider: "browser-use", operationId: "getSession", source: "a", response: json(idle) });
    cleared.add({ provider: "browser-use", operationId: "getSession", source: "b", response: json({ ...idle, agentmailEmail: null }) });
    expect(cleared.findings()).toEqual([]);
  });

  it("a missing required field is not also reported as never seen; identical findings are counted once", () => {
    const collector = new DriftCollector(() => spec);
    const { title: _title, ...untitled } = idle;
    for (const source of ["a", "b", "c"]) collector.add({ provider: "browser-use", operationId: "getSession", source, response: json(untitled) });
    expect(collector.findings().map((f) => [f.kind, f.pointer, f.occurrences, f.source])).toEqual([["missing-required-field", "/title", 3, "a"]]);
  });

  it("a response of an operation never observed expects nothing", () => {
    expect(new DriftCollector(() => truthSpec).findings()).toEqual([]);
  });
});
