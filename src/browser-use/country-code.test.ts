import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const spec = JSON.parse(readFileSync("generated/browser-use/openapi.json", "utf8"));
const codes: string[] = spec.components.schemas.ProxyCountryCode.enum;

describe("ProxyCountryCode enum", () => {
  it("has exactly the 247 codes of the docs, in their order", () => {
    expect(codes).toHaveLength(247);
    expect(new Set(codes).size).toBe(247);
    expect(codes.slice(0, 5)).toEqual(["ad", "ae", "af", "ag", "ai"]);
    expect(codes.slice(-3)).toEqual(["za", "zm", "zw"]);
  });

  it("is lowercase two-letter codes only", () => {
    for (const code of codes) expect(code).toMatch(/^[a-z]{2}$/);
  });

  it("keeps the provider's oddities: uk instead of gb, withdrawn an and cs, and xk", () => {
    expect(codes).toContain("uk");
    expect(codes).not.toContain("gb");
    expect(codes).toEqual(expect.arrayContaining(["an", "cs", "xk"]));
  });

  it("keeps the YAML-sensitive code no as a string", () => {
    expect(codes).toContain("no");
  });

  it("is the same schema in requests and responses", () => {
    const request = spec.components.schemas.CreateSessionRequest.properties.proxyCountryCode.anyOf;
    const response = spec.components.schemas.SessionResponse.properties.proxyCountryCode.anyOf;
    expect(request).toContainEqual({ $ref: "#/components/schemas/ProxyCountryCode" });
    expect(response).toContainEqual({ $ref: "#/components/schemas/ProxyCountryCode" });
  });
});
