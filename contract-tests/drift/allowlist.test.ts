/** The allow-list: matching on grouped findings, expiry, and a file checked against the specs. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpecIndex } from "../runner/spec-index.js";
import { AllowlistError, applyAllowlist, isCalendarDate, loadAllowlist, suggestedEntry, type AllowlistEntry, type AllowlistSpecs } from "./allowlist.js";
import { DriftCollector } from "./collect.js";
import { allowlistSpecs } from "./drift-run.js";
import type { Finding } from "./findings.js";
import { browserUseSpec } from "./test-support.js";

const dir = mkdtempSync(join(tmpdir(), "drift-allowlist-"));
const NOW = new Date("2026-06-15T12:00:00Z");
const doc = browserUseSpec();
const spec = new SpecIndex(doc, "allowlist-test");
const specs: AllowlistSpecs = {
  providers: ["browser-use", "browserbase"],
  spec: (name) => {
    if (name !== "browser-use") throw new Error(`no spec for ${name} in this test`);
    return spec;
  },
};
const idle = doc.components.examples.SessionIdle.value as Record<string, unknown>;

/** Real findings: the classifier and collector on in-memory bodies. */
function findingsOf(...bodies: [string, Record<string, unknown>][]): Finding[] {
  const collector = new DriftCollector(() => spec);
  for (const [operationId, body] of bodies) collector.add({ provider: "browser-use", operationId, source: "case", response: { status: 200, mediaType: "application/json", text: "", json: body } });
  return collector.findings();
}
const session = (overrides: Record<string, unknown>) => JSON.parse(JSON.stringify({ ...idle, ...overrides }));
const page = (s: Record<string, unknown>) => ({ sessions: [s], total: 1, page: 1, pageSize: 1 });
const entry = (overrides: Partial<AllowlistEntry> = {}): AllowlistEntry => ({ provider: "browser-use", kind: "undocumented-property", operationId: "listSessions", reason: "known, tracked in #12", expires: "2026-06-15", ...overrides });

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("allow-list matching", () => {
  it("one entry acknowledges one spec change on every operation it was seen on; `*` matches one pointer segment", () => {
    const findings = findingsOf(["listSessions", page(session({ region: "eu" }))], ["getSession", session({ region: "eu", zone: "a" })]);
    const outcome = applyAllowlist(findings, { entries: [entry({ pointer: "/sessions/*/region" })] }, NOW);
    expect(findings.map((f) => [f.subject, f.operations.map((o) => o.operationId), f.acknowledged?.reason])).toEqual([
      ["region", ["getSession", "listSessions"], "known, tracked in #12"],
      ["zone", ["getSession"], undefined],
    ]);
    expect(outcome).toMatchObject({ applied: 1, expired: [], unused: [] });
  });

  it("an entry for the value \"gb\" does not cover \"zz\"", () => {
    const findings = findingsOf(["getSession", session({ proxyCountryCode: "gb" })], ["getSession", session({ proxyCountryCode: "zz" })]);
    applyAllowlist(findings, { entries: [entry({ kind: "value-outside-enum", operationId: "getSession", subject: '"gb"' })] }, NOW);
    expect(findings.map((f) => [f.subject, f.acknowledged !== undefined])).toEqual([
      ['"gb"', true],
      ['"zz"', false],
    ]);
  });

  it("acknowledging the finding the walker names leaves the other ajv error of the same body open", () => {
    const findings = findingsOf(["getSession", session({ title: undefined, totalInputTokens: -5 })]);
    applyAllowlist(findings, { entries: [entry({ kind: "property-never-seen", operationId: "getSession", pointer: "/title" })] }, NOW);
    expect(findings.map((f) => [f.kind, f.pointer, f.acknowledged !== undefined])).toEqual([
      ["property-never-seen", "/title", true],
      ["schema-violation", "/totalInputTokens", false],
    ]);
  });

  it("the suggested entry of a finding loads, and acknowledges exactly that finding", () => {
    const findings = findingsOf(["getSession", session({ proxyCountryCode: "gb", region: "eu" })], ["getSession", session({ proxyCountryCode: "zz" })]);
    const suggested = suggestedEntry(findings[0]!, NOW);
    expect(suggested).toEqual({
      provider: "browser-use",
      kind: "value-outside-enum",
      specPointer: "#/components/schemas/SessionResponse/properties/proxyCountryCode",
      subject: '"gb"',
      reason: "TODO: why this is acceptable until the spec or the provider is fixed",
      expires: "2026-07-15",
    });
    const loaded = loadAllowlist(write("suggested.json", { entries: [suggested] }), specs);
    expect(applyAllowlist(findings, loaded, NOW).applied).toBe(1);
    expect(findings.filter((f) => f.acknowledged).map((f) => f.subject)).toEqual(['"gb"']);
  });

  it("an entry applies through its expiry day (UTC) and stops applying after it, reported as expired", () => {
    const live = findingsOf(["listSessions", page(session({ region: "eu" }))]);
    expect(applyAllowlist(live, { entries: [entry()] }, NOW).applied).toBe(1);
    const late = findingsOf(["listSessions", page(session({ region: "eu" }))]);
    const outcome = applyAllowlist(late, { entries: [entry()] }, new Date("2026-06-16T00:00:00Z"));
    expect(late[0]!.acknowledged).toBeUndefined();
    expect(outcome).toMatchObject({ applied: 0, expired: [entry()], unused: [] });
  });

  it("an entry matching nothing is reported as unused", () => {
    expect(applyAllowlist(findingsOf(["listSessions", page(session({ region: "eu" }))]), { entries: [entry({ status: 404 })] }, NOW).unused).toEqual([entry({ status: 404 })]);
  });
});

describe("allow-list file", () => {
  it("reads JSON and YAML; a missing default file is empty; a missing given file is an error", () => {
    expect(loadAllowlist(write("list.json", { entries: [entry()] }), specs).entries).toEqual([entry()]);
    const yaml = write("list.yaml", "entries:\n  - provider: browser-use\n    kind: undocumented-property\n    pointer: /region\n    reason: additive field\n    expires: '2026-07-01'\n");
    expect(loadAllowlist(yaml, specs).entries).toEqual([{ provider: "browser-use", kind: "undocumented-property", pointer: "/region", reason: "additive field", expires: "2026-07-01" }]);
    expect(loadAllowlist(undefined, specs)).toMatchObject({ entries: [] });
    expect(() => loadAllowlist(join(dir, "absent.json"), specs)).toThrow(AllowlistError);
  });

  it.each([
    ["an impossible date", { expires: "2026-02-30" }, 'entries[1]: "expires" must be a date YYYY-MM-DD, got "2026-02-30"'],
    ["a date that is not a date", { expires: "soon" }, 'entries[1]: "expires" must be a date YYYY-MM-DD, got "soon"'],
    ["no kind", { kind: undefined }, 'entries[1]: "kind" is required'],
    ["an unknown kind", { kind: "typo" as never }, 'entries[1]: unknown kind "typo"'],
    ["only a provider and a kind", { operationId: undefined }, 'entries[1]: name an "operationId", a "pointer" or a "specPointer" as well'],
    ["an unknown provider", { provider: "browser-us" }, 'entries[1]: unknown provider "browser-us"; known: browser-use, browserbase'],
    ["an unknown operation", { operationId: "listSession" }, 'entries[1]: unknown operationId "listSession" for browser-use'],
    ["a spec pointer not in the spec", { specPointer: "#/components/schemas/Nope" }, 'entries[1]: "specPointer" "#/components/schemas/Nope" is not a place in the browser-use spec'],
    ["an enum entry without the value", { kind: "value-outside-enum" }, 'entries[1]: a value-outside-enum entry must name the received value (as JSON) it acknowledges in "subject"'],
    ["an unknown field", { operationID: "x" } as never, 'entries[1]: unknown field "operationID"'],
  ])("rejects %s, naming the file and the entry", (_, overrides, message) => {
    const file = write("bad.json", { entries: [entry(), { ...entry(), ...overrides }] });
    expect(() => loadAllowlist(file, specs)).toThrow(`${file}: ${message}`);
  });

  it("a file that is not JSON is an error naming the file", () => {
    const file = write("broken.json", "{ entries: ");
    expect(() => loadAllowlist(file, specs)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not JSON`));
  });

  it("the README's example allow-list loads against the real specs", () => {
    const readme = readFileSync("README.md", "utf8");
    const example = readme.slice(readme.indexOf("**Allow-list.**")).match(/```json\n([\s\S]*?)\n```/)![1]!;
    expect(loadAllowlist(write("readme.json", example), allowlistSpecs([])).entries).toHaveLength(2);
  });

  it("knows real calendar days", () => {
    expect(["2026-02-28", "2028-02-29", "2026-12-31"].map(isCalendarDate)).toEqual([true, true, true]);
    expect(["2026-02-29", "2026-02-30", "2026-13-01", "2026-04-31", "2026-1-01"].map(isCalendarDate)).toEqual([false, false, false, false, false]);
  });
});
