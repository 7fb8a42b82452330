/**
 * A contract run, as the bin, the npm script and the programmatic API share it: options checked, case
 * tables checked before any server starts, then the mock run (Prism on 127.0.0.1, or mocks the caller
 * runs) or the live run with its drift report.
 */
import { dryRunLines, runLiveDrift } from "../contract-tests/drift/live-run.js";
import { misconfiguration, stalled, type CallOutcome } from "../contract-tests/drift/target-health.js";
import type { Severity } from "../contract-tests/drift/findings.js";
import type { CaseReport, DriftReport } from "../contract-tests/drift/report.js";
import { assertCaseTables } from "../contract-tests/runner/case-tables.js";
import { CleanupRegistry } from "../contract-tests/runner/live.js";
import type { ContractProvider } from "../contract-tests/runner/providers.js";
import { mockTarget, runSuite } from "../contract-tests/runner/suite.js";
import type { MockServer } from "../contract-tests/runner/prism.js";
import { CASE_TIMEOUT_MS, TargetWatch } from "../contract-tests/runner/target-watch.js";
import type { CaseResult } from "../contract-tests/runner/types.js";
import { parseInteger, UsageError } from "./args.js";
import { CASE_TIMEOUT_RANGE, MAX_CREATES_LIMIT } from "./contract-command.js";
import { EXIT_CANNOT_JUDGE, EXIT_FAILED, EXIT_OK } from "./command.js";
import { loadPrism, preloadPrism } from "./prism-peer.js";
import { envWithBaseUrls, selectProviders } from "./providers.js";

/** Options of a contract run; every field is optional. */
export interface ContractOptions {
  /** `mock` (default): the cases against Prism mocks on 127.0.0.1; `live`: against the providers' APIs with the drift report. */
  target?: "mock" | "live";
  /** Provider names (default: every provider), e.g. `["browser-use"]`. */
  providers?: readonly string[];
  /**
   * Base URL per provider name. Live: wins over the provider's env var (`BROWSER_USE_BASE_URL`, …), e.g. a
   * staging server or a recording proxy. Mock: a mock already running there is used instead of starting one.
   */
  baseUrls?: Readonly<Record<string, string>>;
  /** Where API keys and base URLs are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * How long each call waits for its answer, in ms (default 30000; 100 to 600000). A target whose calls get
   * no response within it twice in a row is sent nothing more: its provider could not judge (exit 2).
   */
  caseTimeoutMs?: number;
  /**
   * Live: the create budget: resources of each create kind per provider (default 1; 0: read only), or
   * `--max-creates` values (`"N"`, `"provider=N"`, `"provider.operationId=N"`).
   */
  maxCreates?: number | readonly string[];
  /** Live: aborting it interrupts the run: no further request, what was created is cleaned up, the report is written. */
  signal?: AbortSignal;
  /** Live: fail on every severity, judgement and additive findings too (default false). */
  strict?: boolean;
  /** Live: severities whose unacknowledged findings fail the run (default `["breaking"]`; `strict` means all). */
  failOn?: readonly Severity[];
  /** Live: allow-list file (JSON, or YAML by extension); default `contract-allowlist.json` when it exists. */
  allowlist?: string;
  /** Live: an earlier report.json: each finding is marked new or still open, and the ones gone are listed. */
  baseline?: string;
  /** Live: folder for report.json, report.md and junit.xml (default `reports/drift`). */
  outDir?: string;
  /** Progress lines (mock start-up, providers, cleanups); default: none. */
  log?: (line: string) => void;
}

/** The report of a mock run. */
export interface MockReport {
  mode: "mock";
  /** ISO time the run finished. */
  generatedAt: string;
  passed: boolean;
  /** 0 passed; 1 a case failed; 2 could not judge (a mock given by URL did not answer, or answered mostly 404 or 401/403). */
  exitCode: 0 | 1 | 2;
  /** Why the run failed, one sentence each (could-not-judge reasons first); empty when it passed. */
  failureReasons: string[];
  summary: { providers: number; cases: { passed: number; failed: number } };
  providers: {
    name: string;
    /** `ran`; `could-not-judge`: the mock given by URL looks down or wrong (see `reason`), its cases say nothing about the spec. */
    status: "ran" | "could-not-judge";
    reason?: string;
    /** The mock the cases went to. */
    baseUrl: string;
    /** False when the caller gave the mock's URL (`baseUrls`). */
    startedMock: boolean;
    cases: CaseReport[];
  }[];
}

/** The report of {@link runContract}: {@link MockReport} for `mock`, the drift report (report.json) for `live`. */
export type ContractReport = MockReport | DriftReport;

const LIVE_ONLY: readonly (keyof ContractOptions)[] = ["maxCreates", "strict", "failOn", "allowlist", "baseline", "outDir", "signal"];

function checkOptions(options: ContractOptions, given?: readonly ContractProvider[]): { target: "mock" | "live"; providers: ContractProvider[] } {
  const target = options.target ?? "mock";
  if (target !== "mock" && target !== "live") throw new UsageError(`target must be "mock" or "live", got ${JSON.stringify(target)}`);
  const providers = given ? [...given] : selectProviders(options.providers);
  for (const [name, url] of Object.entries(options.baseUrls ?? {})) {
    selectProviders([name]);
    if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new UsageError(`baseUrls.${name} must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (target === "mock") {
    const given = LIVE_ONLY.filter((key) => options[key] !== undefined);
    if (given.length > 0) throw new UsageError(`${given.join(", ")} apply to live runs only; a mock run would ignore them (set target: "live")`);
  }
  if (options.caseTimeoutMs !== undefined) parseInteger(String(options.caseTimeoutMs), CASE_TIMEOUT_RANGE, "caseTimeoutMs");
  if (typeof options.maxCreates === "number") parseInteger(String(options.maxCreates), { min: 0, max: MAX_CREATES_LIMIT }, "maxCreates");
  return { target, providers };
}

/** A mock case as the target-health check sees it. */
function callOutcome(result: CaseResult): CallOutcome {
  const transport = result.failures.find((f) => f.check === "transport");
  return { ...(result.status === undefined ? {} : { status: result.status }), expectedStatus: result.case.expect.status, ...(transport ? { transportError: transport.message } : {}) };
}

function caseReport(result: CaseResult): CaseReport {
  return {
    name: result.case.name,
    operationId: result.case.operationId,
    operation: result.operation,
    outcome: result.failures.length > 0 ? "failed" : "passed",
    status: result.status ?? null,
    failures: result.failures,
    durationMs: result.durationMs,
  };
}

/** What the command line and the tests add to a run. */
export interface RunHooks {
  /** Pending cleanups (created resources, started mocks), run by a SIGINT handler. */
  cleanups?: CleanupRegistry;
  /** Provider definitions to run instead of the built-in ones chosen by name (a stand-in spec or case table). */
  providers?: readonly ContractProvider[];
}

/** The selected providers whose mock this run starts (no base URL given for them). */
function mocksToStart(providers: readonly ContractProvider[], options: ContractOptions): ContractProvider[] {
  const given = options.baseUrls ?? {};
  return providers.filter((p) => given[p.definition.name] === undefined);
}

async function runMock(providers: ContractProvider[], options: ContractOptions, hooks: RunHooks): Promise<MockReport> {
  const log = options.log ?? (() => undefined);
  const given = options.baseUrls ?? {};
  const toStart = mocksToStart(providers, options);
  const started = performance.now();
  const stops: (() => Promise<void>)[] = [];
  const urls = new Map<string, string>(Object.entries(given));
  const startMock = async (startPrism: (specPath: string) => Promise<MockServer>, provider: ContractProvider): Promise<string> => {
    const server = await startPrism(provider.specPath);
    // Stopped once, by the run or by a SIGINT handler, whichever comes first.
    let stopped: Promise<void> | undefined;
    const stop = () => (stopped ??= server.stop());
    stops.push(stop);
    hooks.cleanups?.add("mock", `Prism mock of ${provider.definition.name}`, stop);
    urls.set(provider.definition.name, server.url);
    return server.url;
  };
  try {
    const prism = toStart.length > 0 ? await loadPrism() : undefined;
    // Each provider's cases start as soon as its own mock listens, while the worker loads the next spec;
    // a mock that cannot start fails the run once the others' cases are done and every mock is stopped.
    let up = 0;
    const timeoutMs = options.caseTimeoutMs ?? CASE_TIMEOUT_MS;
    const watches = providers.map(() => new TargetWatch(timeoutMs));
    const runs = providers.map(async (p, i) => {
      let url = given[p.definition.name];
      if (url === undefined) {
        url = await startMock(prism!.startPrism, p);
        if (++up === toStart.length) log(`mocks   ${up} Prism server(s) started in ${Math.round(performance.now() - started)} ms (one worker thread, one spec after another)`);
      }
      return runSuite(p, mockTarget(p, url, timeoutMs), { watch: watches[i]! });
    });
    const settled = await Promise.allSettled(runs);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
    const results = settled.map((s) => (s as PromiseFulfilledResult<CaseResult[]>).value);
    const cases = results.flat();
    log(`cases   ${cases.length} case(s) in ${Math.round(performance.now() - started)} ms (each provider's as soon as its mock listened)`);
    // A mock the caller runs may be down or not the mock (a wrong port or prefix): the same rule as a live
    // target's, so a setup problem is "could not judge", not a wall of failed cases.
    // A mock that stopped answering (its later cases were not sent) could not judge, whoever started it.
    const unjudgeable = providers.map((p, i) => {
      const stall = watches[i]!.stall;
      if (stall) return stalled(urls.get(p.definition.name)!, stall);
      return given[p.definition.name] === undefined ? undefined : misconfiguration(given[p.definition.name]!, results[i]!.map(callOutcome));
    });
    const unjudged = providers.flatMap((p, i) => (unjudgeable[i] ? [`${p.definition.name}: could not judge: ${unjudgeable[i]}`] : []));
    const failedCases = cases.filter((c) => c.failures.length > 0).length;
    const judgedFailures = results.filter((_, i) => !unjudgeable[i]).flat().filter((c) => c.failures.length > 0).length;
    const reasons = [
      ...unjudged,
      ...(judgedFailures > 0 ? [`${judgedFailures} case(s) failed`] : []),
      ...(cases.length === 0 ? ["no case ran: nothing was checked"] : []),
    ];
    return {
      mode: "mock",
      generatedAt: new Date().toISOString(),
      passed: reasons.length === 0,
      exitCode: unjudged.length > 0 ? EXIT_CANNOT_JUDGE : reasons.length > 0 ? EXIT_FAILED : EXIT_OK,
      failureReasons: reasons,
      summary: { providers: providers.length, cases: { passed: cases.length - failedCases, failed: failedCases } },
      providers: providers.map((p, i) => ({
        name: p.definition.name,
        ...(unjudgeable[i] ? { status: "could-not-judge" as const, reason: unjudgeable[i] } : { status: "ran" as const }),
        baseUrl: urls.get(p.definition.name)!,
        startedMock: given[p.definition.name] === undefined,
        cases: results[i]!.map(caseReport),
      })),
    };
  } finally {
    await Promise.all(stops.map((stop) => stop()));
  }
}

function budgetValues(maxCreates: number | readonly string[]): readonly string[] {
  return typeof maxCreates === "number" ? [String(maxCreates)] : maxCreates;
}

/** Runs the contract cases and returns the report, with the report files a live run wrote. */
export async function executeContract(options: ContractOptions = {}, hooks: RunHooks = {}): Promise<{ report: ContractReport; files: string[] }> {
  const { target, providers } = checkOptions(options, hooks.providers);
  if (target === "mock" && mocksToStart(providers, options).length > 0) preloadPrism();
  // Before any server starts or any request leaves: a typo in a case table is named, not run.
  assertCaseTables(providers);
  if (target === "mock") return { report: await runMock(providers, options, hooks), files: [] };
  return runLiveDrift({
    providers,
    env: envWithBaseUrls(options.env ?? process.env, options.baseUrls),
    ...(options.maxCreates !== undefined ? { maxCreates: budgetValues(options.maxCreates) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.caseTimeoutMs !== undefined ? { caseTimeoutMs: options.caseTimeoutMs } : {}),
    strict: options.strict ?? false,
    ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
    ...(options.allowlist !== undefined ? { allowlistPath: options.allowlist } : {}),
    ...(options.baseline !== undefined ? { baselinePath: options.baseline } : {}),
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
    cleanups: hooks.cleanups ?? new CleanupRegistry(),
    ...(options.log ? { log: options.log } : {}),
  });
}

/** Runs the contract cases (mock or live) and returns the report; a live run also writes report.json, report.md and junit.xml. */
export async function runContract(options: ContractOptions = {}): Promise<ContractReport> {
  return (await executeContract(options)).report;
}

/** The calls a live run would make, one line each, creates marked as costing money; sends nothing. */
export function describeLiveRun(options: Pick<ContractOptions, "providers" | "baseUrls" | "env" | "maxCreates"> = {}): string[] {
  const { providers } = checkOptions({ ...options, target: "live" });
  assertCaseTables(providers);
  return dryRunLines({
    providers,
    env: envWithBaseUrls(options.env ?? process.env, options.baseUrls),
    ...(options.maxCreates !== undefined ? { maxCreates: budgetValues(options.maxCreates) } : {}),
  });
}

/**
 * The exit code of a report: 0 passed; 1 failed (failed cases, drift); 2 the run could not judge (no
 * provider ran, a target or given mock that looks misconfigured, no recorded exchange matched). Every
 * report carries its own (`exitCode`).
 */
export function reportExitCode(report: ContractReport): number {
  return report.exitCode;
}
