/** The resource facts of the bundled specs: links that name real fields and operations, and the generated operation facts. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operationFacts, pageSizeProblems, successBodyFacts } from "../../scripts/lib/operation-facts.js";
import { operations as browserbaseOperations } from "../../generated/browserbase/operations.js";
import { applyLink, cleanableCreates, linkProblems, resourceLinks } from "./spec-links.js";
import type { SpecNode } from "./spec-index.js";

const PROVIDERS = ["browser-use", "browserbase", "thinkrun", "everruns"] as const;
const bundle = (name: string): SpecNode => JSON.parse(readFileSync(`generated/${name}/openapi.json`, "utf8")) as SpecNode;
const createAgentRun201 = (doc: SpecNode) => doc.paths["/v1/agents/runs"].post.responses["201"];

describe("links of the bundled specs", () => {
  it.each(PROVIDERS)("%s: every link names an existing operation, parameter and response field", (name) => {
    expect(linkProblems(bundle(name))).toEqual([]);
  });

  it("a link reading a field the create's response does not have is refused, naming the field (the Browserbase `id` mistake)", () => {
    const doc = bundle("browserbase");
    createAgentRun201(doc).links.stopAgentRun.parameters.runId = "$response.body#/id";
    expect(linkProblems(doc)).toEqual([
      "createAgentRun 201 link stopAgentRun: parameter runId reads /id, which the 201 response schema of createAgentRun does not have",
    ]);
  });

  it("a link to an operation that does not exist, or with a parameter its target does not take, is refused", () => {
    const doc = bundle("browserbase");
    createAgentRun201(doc).links.getAgentRun.operationId = "getAgentRuns";
    createAgentRun201(doc).links.stopAgentRun.parameters.run_id = "$response.body#/runId";
    expect(linkProblems(doc)).toEqual([
      "createAgentRun 201 link getAgentRun: operation getAgentRuns does not exist",
      "createAgentRun 201 link stopAgentRun: stopAgentRun has no parameter run_id",
    ]);
  });

  it("a link that leaves a path parameter of its target unfilled, or reads a path parameter the create lacks, is refused", () => {
    const doc = bundle("thinkrun");
    const links = doc.paths["/api/sessions/{sessionId}/artifacts"].post.responses["201"].links;
    delete links.getSessionArtifact.parameters.name;
    links.deleteSessionArtifact.parameters.sessionId = "$request.path.session_id";
    expect(linkProblems(doc)).toEqual([
      "createSessionArtifact 201 link getSessionArtifact: path parameter name of getSessionArtifact is not filled",
      "createSessionArtifact 201 link deleteSessionArtifact: parameter sessionId reads path parameter session_id, which createSessionArtifact does not take",
    ]);
  });

  it("a link body field its target's request body does not have, or an x-cleanup that is not a positive integer, is refused", () => {
    const doc = bundle("browser-use");
    const links = doc.paths["/sessions"].post.responses["200"].links;
    links.stopSession.requestBody = { mode: "session" };
    links.deleteSession["x-cleanup"] = 0;
    expect(linkProblems(doc)).toEqual([
      "createSession 200 link stopSession: the request body of stopSession has no field mode",
      "createSession 200 link deleteSession: x-cleanup must be a positive integer, got 0",
    ]);
  });

  it("every create the live runner may send has a cleanup link, and the cleanups come in their x-cleanup order", () => {
    const creates = Object.fromEntries(PROVIDERS.map((name) => [name, cleanableCreates(bundle(name))]));
    expect(creates).toEqual({
      "browser-use": ["createSession"],
      browserbase: ["createAgent", "createAgentRun"],
      thinkrun: ["createSession", "createSessionArtifact"],
      everruns: ["createAgent", "createSession"],
    });
    const everruns = resourceLinks(bundle("everruns")).filter((l) => l.cleanup !== undefined);
    expect(everruns.map((l) => [l.from.operationId, l.operationId, l.cleanup])).toEqual([
      ["createAgent", "deleteAgent", 1],
      ["createSession", "cancelSession", 1],
      ["createSession", "deleteSession", 2],
    ]);
  });

  it("applying a link fills the target's path, query and body from the create's response and request", () => {
    const doc = bundle("browserbase");
    const agent = { agentId: "a1b2", name: "n", createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" };
    const links = resourceLinks(doc).filter((l) => l.from.operationId === "createAgent");
    const byName = Object.fromEntries(links.map((l) => [l.name, applyLink(doc, l, { responseBody: agent })]));
    expect(byName.deleteAgent).toMatchObject({ operationId: "deleteAgent", path: { agentId: "a1b2" }, query: {}, missing: [] });
    expect(byName.listAgentRuns).toMatchObject({ operationId: "listAgentRuns", path: {}, query: { agentId: "a1b2" } });
    expect(byName.createAgentRun!.body).toEqual({ agentId: "a1b2" });
    const thinkrun = bundle("thinkrun");
    const artifact = resourceLinks(thinkrun).find((l) => l.name === "deleteSessionArtifact")!;
    expect(applyLink(thinkrun, artifact, { requestPath: { sessionId: "s-1" }, responseBody: { name: "notes" } }).path).toEqual({ sessionId: "s-1", name: "notes" });
    expect(applyLink(thinkrun, artifact, { requestPath: { sessionId: "s-1" }, responseBody: {} }).missing).toEqual(["name"]);
  });
});

describe("operation facts from the spec's markers", () => {
  it("the generated module says what the spec says: billable creates, idempotent stops, already-done statuses", () => {
    expect(browserbaseOperations["POST /v1/agents/runs"]).toEqual({ operationId: "createAgentRun", billable: true, idempotent: false, alreadyDoneStatuses: [] });
    expect(browserbaseOperations["POST /v1/agents"]).toMatchObject({ billable: false, idempotent: false });
    expect(browserbaseOperations["POST /v1/agents/runs/{runId}/stop"]).toMatchObject({ idempotent: true, alreadyDoneStatuses: [409] });
    expect(browserbaseOperations["DELETE /v1/agents/{agentId}"]).toMatchObject({ idempotent: true, alreadyDoneStatuses: [404] });
    expect(operationFacts(bundle("browserbase"))).toEqual(browserbaseOperations);
  });

  it("the billable operations are the ones the docs say start paid work", () => {
    const billable = Object.fromEntries(
      PROVIDERS.map((name) => [name, Object.entries(operationFacts(bundle(name))).filter(([, f]) => f.billable).map(([label]) => label)]),
    );
    expect(billable).toEqual({
      "browser-use": ["POST /sessions"],
      browserbase: ["POST /v1/agents/runs"],
      thinkrun: ["POST /api/sessions"],
      everruns: ["POST /v1/sessions", "POST /v1/sessions/{session_id}/messages"],
    });
  });

  it("a documented success body counts (an empty or null one is then malformed) unless its schema admits null; a type without null wins over a branch", () => {
    const label = "POST /v1/agents/runs";
    expect(successBodyFacts(bundle("browserbase"))[label]).toBe(true);
    for (const nullable of [{ type: ["object", "null"] }, { type: "null" }, {}, { anyOf: [{ type: "object" }, { const: null }] }]) {
      const doc = bundle("browserbase");
      createAgentRun201(doc).content["application/json"].schema = nullable;
      expect(successBodyFacts(doc)[label]).toBe(false);
    }
    const run = { $ref: "#/components/schemas/AgentRun" };
    for (const notNull of [{ allOf: [run] }, { anyOf: [run, { type: "object" }] }, { type: "object", anyOf: [{ const: null }] }, { enum: ["a"] }]) {
      const doc = bundle("browserbase");
      createAgentRun201(doc).content["application/json"].schema = notNull;
      expect(successBodyFacts(doc)[label]).toBe(true);
    }
    expect(successBodyFacts(bundle("browserbase"))["DELETE /v1/agents/{agentId}"]).toBe(false);
  });

  it("misplaced markers are refused: a billable GET, an idempotent billable create, an undocumented already-done status", () => {
    const billableGet = bundle("browser-use");
    billableGet.paths["/sessions"].get["x-billable"] = true;
    expect(() => operationFacts(billableGet)).toThrow("GET /sessions (listSessions): x-billable marks a create, which is a POST");
    const idempotentCreate = bundle("browser-use");
    idempotentCreate.paths["/sessions"].post["x-idempotent"] = true;
    expect(() => operationFacts(idempotentCreate)).toThrow("POST /sessions (createSession): a billable create cannot be idempotent");
    const undocumented = bundle("browserbase");
    undocumented.paths["/v1/agents/runs/{runId}/stop"].post["x-already-done-statuses"] = [410];
    expect(() => operationFacts(undocumented)).toThrow("x-already-done-statuses 410 not among its responses");
  });
});

describe("page sizes from x-page-size", () => {
  const pageSizes = (doc: SpecNode) => Object.fromEntries(Object.entries(operationFacts(doc)).flatMap(([label, f]) => (f.pageSize ? [[label, f.pageSize]] : [])));

  it("each paginated list names its page-size parameter with the maximum and default its schema states", () => {
    expect(Object.fromEntries(PROVIDERS.map((name) => [name, pageSizes(bundle(name))]))).toEqual({
      "browser-use": {
        "GET /sessions": { name: "page_size", maximum: 100, default: 20 },
        "GET /sessions/{session_id}/messages": { name: "limit", maximum: 100, default: 10 },
      },
      browserbase: {
        "GET /v1/agents": { name: "limit", maximum: 1000, default: 20 },
        "GET /v1/agents/runs": { name: "limit", maximum: 1000, default: 20 },
        "GET /v1/agents/runs/{runId}/messages": { name: "limit", maximum: 100, default: 20 },
      },
      thinkrun: {
        "GET /api/sessions": { name: "limit", maximum: 100, default: 30 },
        // The docs give the action log no maximum: none is invented.
        "GET /api/sessions/{sessionId}/actions": { name: "limit", default: 100 },
      },
      everruns: { "GET /v1/sessions": { name: "limit", maximum: 100, default: 20 } },
    });
    for (const name of PROVIDERS) expect(pageSizeProblems(bundle(name))).toEqual([]);
  });

  it("the facts follow the schema: a changed bound changes them, a dropped one is left out", () => {
    const doc = bundle("browserbase");
    const limit = doc.paths["/v1/agents/runs/{runId}/messages"].get.parameters.find((p: SpecNode) => p.name === "limit");
    limit.schema = { type: "integer", minimum: 1, default: 7 };
    doc.components.parameters.Limit.schema.maximum = 250;
    expect(pageSizes(doc)).toMatchObject({
      "GET /v1/agents/runs/{runId}/messages": { name: "limit", default: 7 },
      "GET /v1/agents": { maximum: 250 },
      "GET /v1/agents/runs": { maximum: 250 },
    });
    expect(pageSizes(doc)["GET /v1/agents/runs/{runId}/messages"]).not.toHaveProperty("maximum");
  });

  it("a misplaced x-page-size fails generation, naming the operation, the parameter's place and what is wrong", () => {
    const problemsAfter = (change: (doc: SpecNode) => void) => {
      const doc = bundle("thinkrun");
      change(doc);
      return pageSizeProblems(doc);
    };
    const sessions = (doc: SpecNode) => doc.paths["/api/sessions"];
    const queryLimit = { name: "limit", in: "query", schema: { type: "integer" }, "x-page-size": true };
    expect(problemsAfter((doc) => (sessions(doc).post.parameters = [queryLimit]))).toEqual([
      "POST /api/sessions (createSession): x-page-size on parameter limit (#/paths/~1api~1sessions/post/parameters/0): the operation is not a GET; the marker belongs on an integer query parameter of a GET",
    ]);
    expect(problemsAfter((doc) => (doc.paths["/api/sessions/{sessionId}/console"].get.parameters = [{ ...queryLimit, in: "header", name: "X-Page" }]))).toEqual([
      'GET /api/sessions/{sessionId}/console (listSessionConsoleLogs): x-page-size on parameter X-Page (#/paths/~1api~1sessions~1{sessionId}~1console/get/parameters/0): the parameter is in "header", not the query; the marker belongs on an integer query parameter of a GET',
    ]);
    expect(problemsAfter((doc) => (sessions(doc).get.parameters[2]["x-page-size"] = true))).toEqual([
      'GET /api/sessions (listSessions): x-page-size on parameter includeTerminated (#/paths/~1api~1sessions/get/parameters/2): its schema\'s type is "boolean", not "integer"; the marker belongs on an integer query parameter of a GET',
      "GET /api/sessions (listSessions): x-page-size on 2 parameters (limit, includeTerminated); an operation has one page size",
    ]);
    expect(problemsAfter((doc) => (sessions(doc).get.parameters[0]["x-page-size"] = 100))).toEqual([
      "GET /api/sessions (listSessions): x-page-size on parameter limit (#/paths/~1api~1sessions/get/parameters/0): x-page-size is 100, not true; the marker belongs on an integer query parameter of a GET",
    ]);
    expect(problemsAfter((doc) => (doc.components.schemas.SessionListResponse.properties.total["x-page-size"] = true))).toEqual([
      "x-page-size at #/components/schemas/SessionListResponse/properties/total is not on a parameter of an operation; the marker belongs on an integer query parameter of a GET",
    ]);
  });

  it("a marked parameter shared by a GET and a POST is refused where the POST uses it", () => {
    const doc = bundle("browserbase");
    doc.paths["/v1/agents"].post.parameters = [{ $ref: "#/components/parameters/Limit" }];
    expect(pageSizeProblems(doc)).toEqual([
      "POST /v1/agents (createAgent): x-page-size on parameter limit (#/components/parameters/Limit): the operation is not a GET; the marker belongs on an integer query parameter of a GET",
    ]);
  });
});
