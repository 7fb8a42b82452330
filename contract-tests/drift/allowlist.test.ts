/** The allow-list: matching, expiry, validation. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyAllowlist, loadAllowlist, type AllowlistEntry } from "./allowlist.js";
import type { Finding } from "./findings.js";

const dir = mkdtempSync(join(tmpdir(), "drift-allowlist-"));
const NOW = new Date("2026-06-15T12:00:00Z");

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: "x",
    provider: "browser-use",
    operationId: "listSessions",
    operation: "GET /sessions",
    status: 200,
    kind: "undocumented-property",
    severity: "additive",
    pointer: "/sessions/3/region",
    expected: "",
    received: "",
    source: "case",
    occurrences: 1,
    ...overrides,
  };
}
const entry = (overrides: Partial<AllowlistEntry> = {}): AllowlistEntry => ({ provider: "browser-use", reason: "known, tracked in #12", expires: "2026-06-15", ...overrides });

describe("allow-list", () => {
  it("acknowledges a matching finding; `*` matches one pointer segment; absent fields match anything", () => {
    const findings = [finding(), finding({ operationId: "getSession", pointer: "/region" })];
    const outcome = applyAllowlist(findings, { entries: [entry({ operationId: "listSessions", kind: "undocumented-property", pointer: "/sessions/*/region" })] }, NOW);
    expect(findings.map((f) => f.acknowledged)).toEqual([{ reason: "known, tracked in #12", expires: "2026-06-15" }, undefined]);
    expect(outcome).toMatchObject({ applied: 1, expired: [], unused: [] });
  });

  it("an entry applies through its expiry day (UTC) and stops applying after it, reported as expired", () => {
    const live = [finding()];
    expect(applyAllowlist(live, { entries: [entry()] }, NOW).applied).toBe(1);
    const late = [finding()];
    const outcome = applyAllowlist(late, { entries: [entry()] }, new Date("2026-06-16T00:00:00Z"));
    expect(late[0]!.acknowledged).toBeUndefined();
    expect(outcome).toMatchObject({ applied: 0, expired: [entry()], unused: [] });
  });

  it("an entry matching nothing is reported as unused", () => {
    expect(applyAllowlist([finding()], { entries: [entry({ status: 404 })] }, NOW).unused).toEqual([entry({ status: 404 })]);
  });

  it("reads JSON and YAML; a missing default file is empty; bad entries name their index", () => {
    const json = join(dir, "list.json");
    writeFileSync(json, JSON.stringify({ entries: [entry()] }));
    expect(loadAllowlist(json).entries).toEqual([entry()]);
    const yaml = join(dir, "list.yaml");
    writeFileSync(yaml, "entries:\n  - provider: browser-use\n    kind: undocumented-property\n    reason: additive field\n    expires: '2026-07-01'\n");
    expect(loadAllowlist(yaml).entries).toEqual([{ provider: "browser-use", kind: "undocumented-property", reason: "additive field", expires: "2026-07-01" }]);
    expect(loadAllowlist(undefined)).toMatchObject({ entries: [] });
    expect(() => loadAllowlist(join(dir, "absent.json"))).toThrow(/not found/);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ entries: [entry(), { provider: "browser-use", reason: "r", expires: "soon" }] }));
    expect(() => loadAllowlist(bad)).toThrow(`${bad}: entries[1]: "expires" must be a date YYYY-MM-DD`);
    writeFileSync(bad, JSON.stringify({ entries: [entry({ kind: "typo" as never })] }));
    expect(() => loadAllowlist(bad)).toThrow(/unknown kind "typo"/);
  });
});
