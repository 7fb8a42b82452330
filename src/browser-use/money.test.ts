import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { DECIMAL_STRING_PATTERN, sessionCosts, toDecimal } from "./money.js";
import type { Session } from "./statuses.js";

const spec = JSON.parse(readFileSync("generated/browser-use/openapi.json", "utf8"));
const decimalSchema = spec.components.schemas.DecimalString;
const validateDecimal = new Ajv2020({ strict: false }).compile(decimalSchema);

const ACCEPTED = ["0", "0.0123", ".5", "5.", "-1.50", "+2", "007.10"];
const REJECTED = ["", "-", ".", "+.", "1e5", "1E-7", "1,5", " 1", "1 ", "1.2.3", "abc"];

describe("DecimalString pattern", () => {
  it("is exactly the provider's pattern in the bundled spec", () => {
    expect(decimalSchema.pattern).toBe("^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$");
    expect(DECIMAL_STRING_PATTERN.source).toBe(decimalSchema.pattern);
  });

  it.each(ACCEPTED)("accepts %j", (value) => {
    expect(validateDecimal(value)).toBe(true);
  });

  it.each(REJECTED)("rejects %j", (value) => {
    expect(validateDecimal(value)).toBe(false);
  });

  it("is used by every money and bandwidth field of a session", () => {
    const properties = spec.components.schemas.SessionResponse.properties;
    for (const field of ["proxyUsedMb", "llmCostUsd", "proxyCostUsd", "browserCostUsd", "totalCostUsd"]) {
      expect(properties[field].$ref, field).toBe("#/components/schemas/DecimalString");
    }
    expect(properties.maxCostUsd.anyOf).toContainEqual({ $ref: "#/components/schemas/DecimalString" });
  });
});

describe("toDecimal", () => {
  it("adds costs exactly where floats round", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toDecimal("0.1").plus(toDecimal("0.2")).toString()).toBe("0.3");
  });

  it("reads the pattern's edge forms", () => {
    expect(toDecimal(".5").toString()).toBe("0.5");
    expect(toDecimal("5.").toString()).toBe("5");
    expect(toDecimal("-1.50").toFixed(2)).toBe("-1.50");
  });

  it("throws a RangeError for a value outside the pattern, such as Python's exponent form", () => {
    expect(() => toDecimal("1E-7")).toThrow(RangeError);
    expect(() => toDecimal("1,5")).toThrow(/not a decimal string/);
  });

  it("sessionCosts returns every cost as an exact decimal whose parts add up to the total", () => {
    const session = spec.components.examples.SessionFinished.value as Session;
    const costs = sessionCosts(session);
    expect(costs.llm.plus(costs.proxy).plus(costs.browser).equals(costs.total)).toBe(true);
    expect(costs.total.toString()).toBe("0.3117");
  });
});
