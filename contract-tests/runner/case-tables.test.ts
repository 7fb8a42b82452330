/** The case tables' guard rails: every documented response has a case, and every case names what the spec has. */
import { describe, expect, it } from "vitest";
import { assertCaseTables, caseTableProblems, CaseTableError, uncoveredResponses } from "./case-tables.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "./providers.js";
import type { ContractCase } from "./types.js";

const browserUse = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
const withCases = (cases: readonly ContractCase[]): ContractProvider => ({ ...browserUse, cases });
const SESSION = { session_id: "3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10" };

describe("case tables", () => {
  it("every operation of every spec has a case per documented status, and every case names what its spec has", () => {
    expect(caseTableProblems(CONTRACT_PROVIDERS)).toEqual([]);
  });

  it("an operation whose cases leave a documented status out is named with that status", () => {
    const cases = browserUse.cases.filter((c) => !(c.operationId === "getSession" && c.expect.status === 404) && c.operationId !== "listSessionMessages");
    expect(uncoveredResponses(withCases(cases))).toEqual(["getSession 404", "listSessionMessages 200", "listSessionMessages 404", "listSessionMessages 422"]);
    expect(caseTableProblems([withCases(cases)])).toEqual([
      "browser-use: no case for getSession 404, listSessionMessages 200, listSessionMessages 404, listSessionMessages 422 (every documented status of every operation needs at least one case)",
    ]);
  });

  it("an unknown example name is named with the examples the response has", () => {
    const typo: ContractCase = { name: "getSession: typo", operationId: "getSession", request: { path: SESSION }, prefer: { example: "runnin" }, expect: { status: 200 } };
    const problems = caseTableProblems([withCases([...browserUse.cases, typo])]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^browser-use case "getSession: typo": operation getSession has no example `runnin` for 200; known: `idle`, `running`, /);
  });

  it("the example is looked up under the Prefer code when the case gives one", () => {
    const wrongStatus: ContractCase = { name: "createSession: example of another status", operationId: "createSession", request: { body: {} }, prefer: { code: 422, example: "running" }, expect: { status: 422 } };
    const [problem, ...rest] = caseTableProblems([withCases([...browserUse.cases, wrongStatus])]);
    expect(rest).toEqual([]);
    // The table's own 422 cases use `sessionIdWithoutTask`: it is among the known names.
    expect(problem).toMatch(/^browser-use case "createSession: example of another status": operation createSession has no example `running` for 422; known: `.*`sessionIdWithoutTask`/);
  });

  it("an unknown operation id and an undocumented Prefer code are named with what the spec documents", () => {
    const unknown: ContractCase = { name: "typo op", operationId: "getSesion", expect: { status: 200 } };
    const undocumented: ContractCase = { name: "teapot", operationId: "getSession", request: { path: SESSION }, prefer: { code: 418 }, expect: { status: 418 } };
    const problems = caseTableProblems([withCases([...browserUse.cases, unknown, undocumented])]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^browser-use case "typo op": the spec has no operation getSesion; known: (\w+, )*getSession(, \w+)*$/);
    expect(problems[1]).toMatch(/^browser-use case "teapot": operation getSession documents no response 418 \(Prefer code=418\); documented: 200, 404/);
  });

  it("assertCaseTables throws one error listing every problem, with exit code 2", () => {
    const broken = withCases([{ name: "typo op", operationId: "getSesion", expect: { status: 200 } }]);
    expect(() => assertCaseTables([broken])).toThrow(CaseTableError);
    try {
      assertCaseTables([broken]);
    } catch (error) {
      expect((error as CaseTableError).exitCode).toBe(2);
      expect((error as CaseTableError).problems).toHaveLength(2);
      expect((error as Error).message).toMatch(/^the contract case tables do not match the specs \(2 problem\(s\)\):\n {2}browser-use case "typo op"/);
    }
  });
});
