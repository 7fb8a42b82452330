/**
 * Judgement markers: `npm run generate` refuses malformed ones (proven on mutated copies of the bundles),
 * and stripJudgements removes exactly the marked constraints, leaving bundles that SpecIndex (ajv 2020)
 * and Prism still load.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUDGEMENT, judgementProblems, judgements, responseConstraints, schemaSites, stripJudgements } from "./judgements.js";
import { startPrism, type MockServer } from "./prism.js";
import { SpecIndex, type SpecNode } from "./spec-index.js";

const PROVIDERS = ["browser-use", "browserbase", "thinkrun", "everruns"] as const;
type Provider = (typeof PROVIDERS)[number];
const bundle = (name: Provider): SpecNode => JSON.parse(readFileSync(`generated/${name}/openapi.json`, "utf8")) as SpecNode;
const schemas = (doc: SpecNode): SpecNode => doc.components.schemas;

/**
 * Pointers where two JSON trees differ: a key only one side has, a leaf that differs, or an array that
 * differs in length or in a leaf item (arrays of equal length are compared item by item).
 */
function differences(a: unknown, b: unknown, pointer = "#"): string[] {
  const isTree = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";
  if (!isTree(a) || !isTree(b) || Array.isArray(a) !== Array.isArray(b)) return isDeepStrictEqual(a, b) ? [] : [pointer];
  if (Array.isArray(a) && (a.length !== (b as unknown as unknown[]).length || a.some((item) => !isTree(item)))) return isDeepStrictEqual(a, b) ? [] : [pointer];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => {
    const child = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (!(key in a) || !(key in b)) return [child];
    return differences(a[key], b[key], child);
  });
}

describe("judgementProblems", () => {
  it.each(PROVIDERS)("%s: the committed bundle's markers are all well-formed", (name) => {
    expect(judgementProblems(bundle(name))).toEqual([]);
  });

  it("refuses a marker naming a keyword its schema object does not have, or one that cannot be marked", () => {
    const doc = bundle("browser-use");
    schemas(doc).SessionResponse.properties.title[JUDGEMENT] = { format: "The docs call it a title." };
    schemas(doc).SessionResponse.properties.stepCount[JUDGEMENT] = { type: "The docs show whole numbers." };
    expect(judgementProblems(doc)).toEqual([
      "#/components/schemas/SessionResponse/properties/title: x-judgement.format: the schema object has no `format`",
      expect.stringMatching(/^#\/components\/schemas\/SessionResponse\/properties\/stepCount: x-judgement\.type: `type` cannot be marked \(markable: format, minimum, /),
    ]);
  });

  it("refuses a required name the object does not require, a non-string reason, and an empty reason", () => {
    const doc = bundle("browser-use");
    const marker = schemas(doc).SessionResponse[JUDGEMENT];
    marker.required.agentmailEmail = "Only present with agentmail.";
    marker.required.title = true;
    schemas(doc).SessionResponse.properties.stepCount[JUDGEMENT].minimum = 0;
    schemas(doc).SessionResponse.properties.liveUrl[JUDGEMENT].format = "  ";
    expect(judgementProblems(doc)).toEqual([
      "#/components/schemas/SessionResponse: x-judgement.required.title: the reason must be a non-empty string, got true",
      "#/components/schemas/SessionResponse: x-judgement.required.agentmailEmail: `agentmailEmail` is not in the object's required list",
      "#/components/schemas/SessionResponse/properties/stepCount: x-judgement.minimum: the reason must be a non-empty string, got 0",
      '#/components/schemas/SessionResponse/properties/liveUrl: x-judgement.format: the reason must be a non-empty string, got "  "',
    ]);
  });

  it("refuses a required marker that is not a map of names, and a marker that is not a map of keywords", () => {
    const doc = bundle("browserbase");
    schemas(doc).Agent[JUDGEMENT] = { required: ["name"] };
    schemas(doc).AgentRun[JUDGEMENT] = "all of it";
    expect(judgementProblems(doc)).toEqual([
      '#/components/schemas/Agent: x-judgement.required: must map each assumed-required property to its reason, got ["name"]',
      '#/components/schemas/AgentRun: x-judgement must map keywords to reasons, got "all of it"',
    ]);
  });

  it("refuses a marker on a request-only schema, on something that is not a schema, and on an open object", () => {
    const doc = bundle("browser-use");
    schemas(doc).CreateSessionRequest[JUDGEMENT] = { additionalProperties: "An unknown property is a typo." };
    doc.paths["/sessions"].post[JUDGEMENT] = { required: { task: "x" } };
    schemas(doc).SessionResponse.properties.outputSchema[JUDGEMENT] = { additionalProperties: "Any object." };
    expect(judgementProblems(doc)).toEqual([
      "#/paths/~1sessions/post: x-judgement is not on a schema object of a request or response",
      "#/components/schemas/CreateSessionRequest: x-judgement on a schema only requests use (a request-side judgement call belongs in its description)",
      "#/components/schemas/SessionResponse/properties/outputSchema: x-judgement.additionalProperties: `additionalProperties: true` constrains nothing",
    ]);
  });

  it("accepts a marker on a schema both sides use: the mock keeps enforcing it on requests", () => {
    const doc = bundle("everruns");
    const sides = schemaSites(doc).get("#/components/schemas/ImageContentPart/properties/url")?.sides;
    expect([...(sides ?? [])].sort()).toEqual(["request", "response"]);
    expect(schemas(doc).ImageContentPart.properties.url[JUDGEMENT]).toHaveProperty("format");
    expect(judgementProblems(doc)).toEqual([]);
  });
});

describe("schemaSites and responseConstraints", () => {
  it("tell the sides apart: response-only, request-only and shared schemas", () => {
    const sites = schemaSites(bundle("browser-use"));
    const sides = (name: string) => [...(sites.get(`#/components/schemas/${name}`)?.sides ?? [])].sort();
    expect(sides("SessionResponse")).toEqual(["response"]);
    expect(sides("CreateSessionRequest")).toEqual(["request"]);
    expect(sides("ProxyCountryCode")).toEqual(["request", "response"]);
    expect([...(sites.get("#/components/parameters/SessionId/schema")?.sides ?? [])]).toEqual(["request"]);
  });

  it("list a closed enum but not one opened by an x-open-enum sibling, and never a request-only constraint", () => {
    const listed = responseConstraints(bundle("browser-use")).map((c) => `${c.pointer} ${c.keyword}`);
    expect(listed).toContain("#/components/schemas/ProxyCountryCode enum");
    expect(listed).not.toContain("#/components/schemas/SessionStatus enum");
    expect(listed).not.toContain("#/components/schemas/BuModel enum");
    expect(listed.filter((c) => c.includes("CreateSessionRequest") || c.includes("parameters"))).toEqual([]);
  });

  it("carry the marker's reason on each judgement, per required name", () => {
    const constraints = responseConstraints(bundle("browser-use"));
    const required = (name: string) => constraints.find((c) => c.pointer === "#/components/schemas/SessionResponse" && c.property === name);
    expect(required("id")?.reason).toBeUndefined();
    expect(required("title")?.reason).toMatch(/available after the task starts/);
  });
});

describe("stripJudgements", () => {
  it.each(PROVIDERS)("%s: removes exactly the marked constraints and every marker, nothing else", (name) => {
    const doc = bundle(name);
    const stripped = stripJudgements(doc);
    const marked = judgements(doc);
    expect(marked.length).toBeGreaterThan(0);
    const expected = new Set(marked.flatMap((j) => [`${j.pointer}/${JUDGEMENT}`, `${j.pointer}/${j.keyword}`]));
    expect(new Set(differences(doc, stripped))).toEqual(expected);
    // What is left of each marked `required` is the unmarked names, in order.
    const [original, result] = [new SpecIndex(doc), new SpecIndex(stripped)];
    for (const j of marked.filter((m) => m.keyword === "required")) {
      const left = (original.at(j.pointer).required as string[]).filter((n) => !marked.some((m) => m.pointer === j.pointer && m.property === n));
      expect(result.at(j.pointer).required).toEqual(left.length > 0 ? left : undefined);
    }
    expect(judgements(stripped)).toEqual([]);
    // The response constraints left are exactly the unmarked ones.
    const unmarked = responseConstraints(doc).filter((c) => c.reason === undefined);
    expect(responseConstraints(stripped)).toEqual(unmarked);
  });

  it("returns a copy and leaves the document it was given untouched", () => {
    const doc = bundle("thinkrun");
    const before = structuredClone(doc);
    const stripped = stripJudgements(doc);
    expect(doc).toEqual(before);
    expect(stripped).not.toBe(doc);
    expect(schemas(doc).Session[JUDGEMENT]).toBeDefined();
  });

  it("drops a required list whose every name is marked, and keeps the unmarked names of another", () => {
    const doc: SpecNode = {
      openapi: "3.1.0",
      paths: { "/a": { get: { responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/A" } } } } } } } },
      components: {
        schemas: {
          A: {
            type: "object",
            required: ["x", "y"],
            [JUDGEMENT]: { required: { y: "Assumed." } },
            properties: { x: { type: "string" }, y: { type: "string" }, b: { $ref: "#/components/schemas/B" } },
          },
          B: { type: "object", required: ["z"], [JUDGEMENT]: { required: { z: "Assumed." } }, properties: { z: { type: "integer", minimum: 0, [JUDGEMENT]: { minimum: "A count." } } } },
        },
      },
    };
    expect(judgementProblems(doc)).toEqual([]);
    const stripped = stripJudgements(doc);
    expect(stripped.components.schemas.A.required).toEqual(["x"]);
    expect(stripped.components.schemas.B).toEqual({ type: "object", properties: { z: { type: "integer" } } });
  });

  it("a Browser Use session with only id, status, model, createdAt and updatedAt breaks nothing but marked assumptions", () => {
    const minimal = { id: "3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10", status: "idle", model: "bu-mini", createdAt: "2026-03-01T10:00:00Z", updatedAt: "2026-03-01T10:00:05Z" };
    const doc = bundle("browser-use");
    const pointerOf = (spec: SpecIndex) => spec.responseSchemaPointer(spec.operation("getSession"), "200", "application/json");
    const original = new SpecIndex(doc);
    const validate = original.validator(pointerOf(original));
    expect(validate(minimal)).toBe(false);
    const assumed = Object.keys(schemas(doc).SessionResponse[JUDGEMENT].required);
    expect(validate.errors?.map((e) => [e.keyword, e.params.missingProperty])).toEqual(assumed.map((name) => ["required", name]));
    const stripped = new SpecIndex(stripJudgements(doc));
    expect(stripped.validator(pointerOf(stripped))(minimal)).toBe(true);
  });

  it.each(PROVIDERS)("%s: the stripped bundle compiles in SpecIndex (ajv 2020, strict) and its examples still validate", (name) => {
    const spec = new SpecIndex(stripJudgements(bundle(name)), `${name}-stripped`);
    let checked = 0;
    for (const op of spec.operations()) {
      for (const status of spec.documentedStatuses(op)) {
        const response = spec.response(op, Number(status))!.node;
        for (const [mediaType, media] of Object.entries<SpecNode>(response.content ?? {})) {
          const validate = spec.validator(spec.responseSchemaPointer(op, status, mediaType));
          for (const example of Object.values<SpecNode>(media.examples ?? {})) {
            const value = spec.resolve(example).value;
            expect(validate(value), `${op.operationId} ${status} ${JSON.stringify(validate.errors)}`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe("Prism serving the stripped bundles", () => {
  const dir = mkdtempSync(join(tmpdir(), "judgement-strip-"));
  const servers = new Map<Provider, MockServer>();
  // One read operation per provider, with a path id Prism accepts.
  const probes: Record<Provider, { path: string; operationId: string }> = {
    "browser-use": { path: "/sessions/3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10", operationId: "getSession" },
    browserbase: { path: "/v1/agents/runs/run-1", operationId: "getAgentRun" },
    thinkrun: { path: "/api/sessions/session-abc123", operationId: "getSession" },
    everruns: { path: "/v1/sessions/session_01933b5a00007000800000000000001", operationId: "getSession" },
  };

  beforeAll(async () => {
    const started = await Promise.allSettled(
      PROVIDERS.map(async (name) => {
        const path = join(dir, `${name}.json`);
        writeFileSync(path, JSON.stringify(stripJudgements(bundle(name))));
        servers.set(name, await startPrism(path));
      }),
    );
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(PROVIDERS)("%s: Prism serves a documented example and a generated body from the stripped bundle", async (name) => {
    const spec = new SpecIndex(stripJudgements(bundle(name)), `${name}-served`);
    const op = spec.operation(probes[name].operationId);
    const validate = spec.validator(spec.responseSchemaPointer(op, "200", "application/json"));
    const headers = { "x-api-key": "k", "x-browser-use-api-key": "k", "x-bb-api-key": "k", authorization: "evr_k" };
    for (const prefer of ["code=200", "code=200, dynamic=true"]) {
      const response = await fetch(`${servers.get(name)!.url}${probes[name].path}`, { headers: { ...headers, prefer } });
      expect(response.status, `${prefer}: ${response.headers.get("sl-violations")}`).toBe(200);
      expect(typeof (await response.json())).toBe("object");
    }
    const response = await fetch(`${servers.get(name)!.url}${probes[name].path}`, { headers: { ...headers, prefer: "code=200" } });
    expect(validate(await response.json()), JSON.stringify(validate.errors)).toBe(true);
  });
});
