/** The cost-cap fields of the bundled specs: where x-cost-cap may sit, and what the live runner reads from it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { costCapProblems, costCaps } from "./spec-cost-caps.js";
import type { SpecNode } from "./spec-index.js";

const PROVIDERS = ["browser-use", "browserbase", "thinkrun", "everruns"] as const;
const bundle = (name: string): SpecNode => JSON.parse(readFileSync(`generated/${name}/openapi.json`, "utf8")) as SpecNode;

describe("cost caps in the bundled specs", () => {
  it("only Browser Use documents a field that caps a create's cost: maxCostUsd, in US dollars", () => {
    const caps = Object.fromEntries(PROVIDERS.map((name) => [name, costCaps(bundle(name))]));
    expect(caps).toEqual({
      "browser-use": [{ operationId: "createSession", field: "maxCostUsd", unit: "usd" }],
      browserbase: [],
      thinkrun: [],
      everruns: [],
    });
  });

  it.each(PROVIDERS)("%s: every x-cost-cap sits on a request body field of a billable create, with a known unit", (name) => {
    expect(costCapProblems(bundle(name))).toEqual([]);
  });

  it("an x-cost-cap on a response field, or on the body of an operation that is not billable, is refused with its place", () => {
    const doc = bundle("browser-use");
    doc.components.schemas.SessionResponse.properties.totalCostUsd["x-cost-cap"] = "usd";
    doc.paths["/sessions/{session_id}/stop"].post.requestBody.content["application/json"].schema = {
      type: "object",
      properties: { budget: { type: "string", "x-cost-cap": "usd" } },
    };
    expect(costCapProblems(doc)).toEqual([
      "x-cost-cap at #/paths/~1sessions~1{session_id}~1stop/post/requestBody/content/application~1json/schema/properties/budget is not on a request body field of an x-billable operation",
      "x-cost-cap at #/components/schemas/SessionResponse/properties/totalCostUsd is not on a request body field of an x-billable operation",
    ]);
  });

  it("an unknown unit is refused, naming the known ones", () => {
    const doc = bundle("browser-use");
    doc.components.schemas.CreateSessionRequest.properties.maxCostUsd["x-cost-cap"] = "eur";
    expect(costCapProblems(doc)).toEqual([
      'createSession: x-cost-cap of maxCostUsd is "eur"; known units: usd',
    ]);
  });
});
