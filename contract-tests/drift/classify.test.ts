/** The classifier on in-memory responses: each kind where it applies, nothing on documented examples, judgement markers read from spec copies. */
import { describe, expect, it } from "vitest";
import { CONTRACT_PROVIDERS } from "../runner/providers.js";
import { SpecIndex, type SpecNode } from "../runner/spec-index.js";
import { classifyResponse, type ClassifiedResponse } from "./classify.js";
import { browserUseSpec, bundledSpec, withoutJudgementMarkers } from "./test-support.js";

// The spec as if every constraint were documented: each kind shows at its plain severity. The markers the
// audit put on the real bundle are exercised under "judgement markers" below.
const doc = withoutJudgementMarkers(browserUseSpec());
const spec = new SpecIndex(doc, "classify-test");
const idle = doc.components.examples.SessionIdle.value as Record<string, unknown>;
const everruns = new SpecIndex(bundledSpec("everruns"), "classify-everruns");

function json(body: unknown, status = 200): ClassifiedResponse {
  return { status, mediaType: "application/json", text: JSON.stringify(body), json: body };
}
function findingsOf(index: SpecIndex, operationId: string, response: ClassifiedResponse) {
  return classifyResponse(index, index.operation(operationId), response).findings;
}
function classify(operationId: string, response: ClassifiedResponse, index = spec) {
  return findingsOf(index, operationId, response).map((f) => [f.kind, f.severity, f.pointer]);
}
function session(overrides: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ ...idle, ...overrides }));
}

describe("classifyResponse", () => {
  it("every documented example of every operation of every provider yields no finding (an example may show an open-enum value)", () => {
    for (const provider of CONTRACT_PROVIDERS) {
      const index = new SpecIndex(bundledSpec(provider.definition.name), `examples-${provider.definition.name}`);
      for (const operation of index.operations()) {
        for (const [status, raw] of Object.entries<any>(operation.node.responses)) {
          const response = index.resolve(raw);
          for (const [mediaType, media] of Object.entries<any>(response.content ?? {})) {
            for (const [name, example] of Object.entries<any>(media.examples ?? {})) {
              const value = index.resolve(example).value;
              const text = typeof value === "string" ? value : JSON.stringify(value);
              const found = classifyResponse(index, operation, { status: Number(status), mediaType, text, json: typeof value === "string" ? undefined : value }).findings.filter(
                // ThinkRun's SessionUnresponsive example shows an unknown health status on purpose.
                (f) => !(f.kind === "value-outside-enum" && f.severity === "additive"),
              );
              expect(found, `${provider.definition.name} ${operation.operationId} ${status} ${name}`).toEqual([]);
            }
          }
        }
      }
    }
  });

  it.each([
    ["a missing required field", { title: undefined }, ["missing-required-field", "breaking", "/title"]],
    ["a wrong type", { stepCount: 1.5 }, ["wrong-type", "breaking", "/stepCount"]],
    ["null where not nullable", { llmCostUsd: null }, ["null-not-nullable", "breaking", "/llmCostUsd"]],
    ["a value outside a closed enum behind a nullable anyOf", { proxyCountryCode: "gb" }, ["value-outside-enum", "breaking", "/proxyCountryCode"]],
    ["an unknown value of an open enum", { model: "gpt-9" }, ["value-outside-enum", "additive", "/model"]],
    ["a pattern violation", { browserCostUsd: "1,5" }, ["pattern-violation", "breaking", "/browserCostUsd"]],
    ["a format violation", { liveUrl: "not a uri" }, ["format-violation", "breaking", "/liveUrl"]],
    ["an undocumented property", { region: "eu" }, ["undocumented-property", "additive", "/region"]],
    ["a constraint the walker does not name (minimum)", { stepCount: -1 }, ["schema-violation", "breaking", "/stepCount"]],
  ])("getSession 200 with %s: exactly that finding", (_, overrides, expected) => {
    expect(classify("getSession", json(session(overrides)))).toEqual([expected]);
  });

  it("a known value of an open enum and a documented null are not findings", () => {
    expect(classify("getSession", json(session({ status: "running", proxyCountryCode: null, maxCostUsd: null })))).toEqual([]);
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

  it("a null of the wrong type reads `null`, a string of the wrong type reads its type and value", () => {
    const [nulled] = findingsOf(spec, "getSession", json(session({ totalCostUsd: null })));
    expect(nulled).toMatchObject({ kind: "null-not-nullable", received: "null", subject: "null" });
    const [typed] = findingsOf(spec, "getSession", json(session({ stepCount: "4" })));
    expect(typed).toMatchObject({ kind: "wrong-type", received: 'string "4"', subject: "string" });
  });
});

describe("classifyResponse on composed schemas and ajv errors", () => {
  const imageMessage = (part: Record<string, unknown>) => json({ id: "message_1", role: "user", content: [part] }, 201);

  it("a docs-conformant image part {type, url, media_type} is documented across the allOf and anyOf branches: no finding", () => {
    expect(classify("createSessionMessage", imageMessage({ type: "image", url: "https://example.com/a.png", media_type: "image/png" }), everruns)).toEqual([]);
  });

  it("a property no schema of the matching variant documents is one additive finding, not one per branch", () => {
    expect(classify("createSessionMessage", imageMessage({ type: "image", url: "https://example.com/a.png", width: 640 }), everruns)).toEqual([["undocumented-property", "additive", "/content/0/width"]]);
    // `url` belongs to the image variant, not to the text variant this part matches.
    expect(classify("createSessionMessage", imageMessage({ type: "text", text: "hi", url: "https://example.com/a.png" }), everruns)).toEqual([["undocumented-property", "additive", "/content/0/url"]]);
  });

  it("a tagged union given an unknown tag is one finding on the union, not the complaints of the closest variant", () => {
    const found = findingsOf(everruns, "createSessionMessage", imageMessage({ type: "audio", url: "https://example.com/a.mp3" }));
    expect(found.map((f) => [f.kind, f.severity, f.pointer, f.specPointer, f.keyword, f.subject])).toEqual([
      ["value-outside-enum", "breaking", "/content/0/type", "#/components/schemas/ContentPart", "oneOf", '"audio"'],
    ]);
    const closed = bundledSpec("everruns");
    closed.components.schemas.ContentPart["x-judgement"] = { oneOf: "Closed in responses: our choice, so that the generated union narrows." };
    const judged = findingsOf(new SpecIndex(closed, "classify-closed-union"), "createSessionMessage", imageMessage({ type: "audio", url: "https://example.com/a.mp3" }));
    expect(judged.map((f) => [f.severity, f.judgement])).toEqual([["judgement", "Closed in responses: our choice, so that the generated union narrows."]]);
  });

  it("a walker finding does not hide another ajv error of the same body: a missing title and a negative count are two findings", () => {
    expect(classify("getSession", json(session({ title: undefined, totalInputTokens: -5 })))).toEqual([
      ["missing-required-field", "breaking", "/title"],
      ["schema-violation", "breaking", "/totalInputTokens"],
    ]);
    const listed = json({ sessions: [session({ title: undefined, totalInputTokens: -5 })], total: 1, page: 1, pageSize: 1 });
    expect(classify("listSessions", listed)).toEqual([
      ["missing-required-field", "breaking", "/sessions/0/title"],
      ["schema-violation", "breaking", "/sessions/0/totalInputTokens"],
    ]);
  });

  it("an error in an anyOf branch the value does not take is not a finding; the branch it takes explains it", () => {
    const found = findingsOf(spec, "getSession", json(session({ proxyCountryCode: "zz" })));
    expect(found.map((f) => [f.kind, f.keyword, f.specPointer, f.keywordPointer])).toEqual([
      ["value-outside-enum", "enum", "#/components/schemas/SessionResponse/properties/proxyCountryCode", "#/components/schemas/ProxyCountryCode/enum"],
    ]);
  });

  it("a oneOf that two branches satisfy is a schema violation of its own", () => {
    const twice = browserUseSpec();
    twice.components.schemas.SessionResponse.properties.stepCount = { oneOf: [{ type: "integer" }, { type: "number" }] };
    const index = new SpecIndex(twice, "classify-oneof");
    expect(findingsOf(index, "getSession", json(session({ stepCount: 3 }))).map((f) => [f.kind, f.keyword, f.pointer])).toEqual([["schema-violation", "oneOf", "/stepCount"]]);
  });
});

describe("judgement markers", () => {
  // A copy of the spec with markers added here: the sources in openapi/ are audited elsewhere.
  function marked(): SpecIndex {
    const copy = withoutJudgementMarkers(browserUseSpec());
    const schemas = copy.components.schemas as Record<string, SpecNode>;
    const properties = schemas.SessionResponse!.properties;
    schemas.SessionResponse!["x-judgement"] = { required: { title: "FastAPI sends every field; the docs never promise title." } };
    properties.liveUrl["x-judgement"] = { format: "The docs say URL; absolute URI is our reading." };
    properties.stepCount["x-judgement"] = { minimum: "A count is not negative: our assumption." };
    schemas.ProxyCountryCode!["x-judgement"] = { enum: "The docs list codes but do not say the list is closed." };
    return new SpecIndex(copy, "classify-judgement");
  }
  const index = marked();

  it.each([
    ["a walker finding on a marked format", { liveUrl: "not a uri" }, "format-violation", "/liveUrl", "The docs say URL; absolute URI is our reading."],
    ["a marked required property", { title: undefined }, "missing-required-field", "/title", "FastAPI sends every field; the docs never promise title."],
    ["an ajv error on a marked minimum", { stepCount: -1 }, "schema-violation", "/stepCount", "A count is not negative: our assumption."],
    ["a marked enum in a referenced component behind anyOf", { proxyCountryCode: "zz" }, "value-outside-enum", "/proxyCountryCode", "The docs list codes but do not say the list is closed."],
  ])("%s is a judgement finding carrying the marker's reason", (_, overrides, kind, pointer, reason) => {
    expect(findingsOf(index, "getSession", json(session(overrides))).map((f) => [f.kind, f.severity, f.pointer, f.judgement])).toEqual([[kind, "judgement", pointer, reason]]);
  });

  it("markers are read the same in a nested body (relative ajv schema paths), and unmarked constraints stay breaking", () => {
    const body = json({ sessions: [session({ stepCount: -1, totalInputTokens: -1, title: undefined, id: undefined })], total: 1, page: 1, pageSize: 1 });
    expect(findingsOf(index, "listSessions", body).map((f) => [f.kind, f.severity, f.pointer])).toEqual([
      ["missing-required-field", "breaking", "/sessions/0/id"],
      ["schema-violation", "judgement", "/sessions/0/stepCount"],
      ["missing-required-field", "judgement", "/sessions/0/title"],
      ["schema-violation", "breaking", "/sessions/0/totalInputTokens"],
    ]);
  });

  it("on the real bundle, a session with only the documented fields breaks nothing: every other absence is a judgement", () => {
    const real = new SpecIndex(browserUseSpec(), "classify-real");
    const minimal = { id: idle.id, status: "idle", model: idle.model, createdAt: idle.createdAt, updatedAt: idle.updatedAt };
    const found = findingsOf(real, "getSession", json(minimal));
    expect(found.length).toBe(20);
    expect(found.filter((f) => f.severity !== "judgement")).toEqual([]);
  });

  it("a known tag picks its variant of a tagged union: an image part that breaks only the image variant's judgements is judgement findings there, not the text variant's complaints", () => {
    const part = { type: "image", url: "not a uri", media_type: "png" };
    const found = findingsOf(everruns, "createSessionMessage", json({ id: "message_1", role: "user", content: [part] }, 201));
    expect(found.map((f) => [f.kind, f.severity, f.pointer, f.specPointer])).toEqual([
      ["pattern-violation", "judgement", "/content/0/media_type", "#/components/schemas/ImageContentPart/properties/media_type"],
      ["format-violation", "judgement", "/content/0/url", "#/components/schemas/ImageContentPart/properties/url"],
    ]);
  });

  it("a marker on another keyword of the same object does not excuse a violated one", () => {
    expect(classify("getSession", json(session({ liveUrl: 5 })), index)).toEqual([["wrong-type", "breaking", "/liveUrl"]]);
  });
});
