/** runContract's options and ordering, in process: mistakes are typed errors before any server starts or request leaves. */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseTableError } from "../contract-tests/runner/case-tables.js";
import { CONTRACT_PROVIDERS } from "../contract-tests/runner/providers.js";
import { UsageError } from "./args.js";
import { describeLiveRun, executeContract, reportExitCode, runContract } from "./contract-run.js";

const browserUse = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
let requests = 0;
let url = "";
const server = createServer((_, response) => {
  requests++;
  response.writeHead(500).end();
});
beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => {
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  resolve();
})));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("runContract options", () => {
  it.each([
    [{ providers: ["nosuch"] }, 'unknown provider "nosuch"; known: browser-use, browserbase, thinkrun, everruns'],
    [{ providers: [] }, "no provider given; known: browser-use, browserbase, thinkrun, everruns"],
    [{ target: "staging" as "live" }, 'target must be "mock" or "live", got "staging"'],
    [{ baseUrls: { nosuch: "http://127.0.0.1:1" } }, 'unknown provider "nosuch"; known: browser-use, browserbase, thinkrun, everruns'],
    [{ baseUrls: { "browser-use": "127.0.0.1:1" } }, 'baseUrls.browser-use must be an http(s) URL, got "127.0.0.1:1"'],
    [{ strict: true, outDir: "x" }, 'strict, outDir apply to live runs only; a mock run would ignore them (set target: "live")'],
    [{ target: "live" as const, maxCreates: -1 }, 'maxCreates must be a decimal integer from 0 to 100, got "-1"'],
    [{ target: "live" as const, maxCreates: 1.5 }, 'maxCreates must be a decimal integer from 0 to 100, got "1.5"'],
  ])("%j is a UsageError: %s", async (options, message) => {
    await expect(runContract(options)).rejects.toThrow(new UsageError(message));
  });

  it("a case table naming an unknown example fails before any request leaves, naming the known examples", async () => {
    const typo = { ...browserUse, cases: [...browserUse.cases, { name: "typo", operationId: "getSession", request: { path: { session_id: "x" } }, prefer: { example: "runnin" }, expect: { status: 200 } }] };
    const run = executeContract({ target: "mock", baseUrls: { "browser-use": url } }, { providers: [typo] });
    await expect(run).rejects.toThrow(CaseTableError);
    await expect(run).rejects.toThrow(/operation getSession has no example `runnin` for 200; known: `idle`, `running`/);
    const live = executeContract({ target: "live", env: { BROWSER_USE_API_KEY: "k" }, baseUrls: { "browser-use": url } }, { providers: [typo] });
    await expect(live).rejects.toThrow(CaseTableError);
    expect(() => describeLiveRun({ providers: ["browser-use"] })).not.toThrow();
    expect(requests).toBe(0);
  });

  it("the exit code says passed (0), failed (1) or could not judge (2)", async () => {
    const noKey = await runContract({ target: "live", providers: ["browser-use"], env: {}, outDir: mkdtempSync(join(tmpdir(), "contract-run-")) });
    expect(noKey).toMatchObject({ mode: "live", passed: false, summary: { providers: { ran: 0 } } });
    expect(reportExitCode(noKey)).toBe(2);
    const failing = await runContract({ target: "mock", providers: ["browser-use"], baseUrls: { "browser-use": url } });
    expect(failing).toMatchObject({ mode: "mock", passed: false, providers: [{ name: "browser-use", baseUrl: url, startedMock: false }] });
    expect(reportExitCode(failing)).toBe(1);
    expect(requests).toBeGreaterThan(0);
  });

  it("a mock run whose given mock does not answer could not judge (2), with one reason naming the URL", async () => {
    const down = "http://127.0.0.1:1";
    const report = await runContract({ target: "mock", providers: ["thinkrun"], baseUrls: { thinkrun: down } });
    expect(report).toMatchObject({ mode: "mock", passed: false, exitCode: 2, providers: [{ name: "thinkrun", status: "could-not-judge", baseUrl: down, startedMock: false }] });
    expect(report.failureReasons).toEqual([expect.stringMatching(/^thinkrun: could not judge: (\d+) of \1 calls to http:\/\/127\.0\.0\.1:1 got no response /)]);
    expect(reportExitCode(report)).toBe(2);
  });
});
