/**
 * The drift report: one object (report.json, schema in report.schema.json) with its verdict and exit code,
 * rendered as Markdown, JUnit XML and a terminal summary (render.ts). Every secret in use is redacted from
 * the object before anything is rendered.
 *
 * The verdict: `could-not-judge` (exit 2) when nothing was checked or a target looks misconfigured; else
 * `drift` (exit 1) on an unacknowledged finding of a severity the run fails on (breaking by default; every
 * severity with --strict), a case failing a check the findings do not cover, or a resource not cleaned up;
 * else `pass` (exit 0). Could-not-judge wins over drift: a run that could not judge one of its targets is
 * incomplete, and says so first; its report still lists the drift it found elsewhere.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactValue } from "../../src/core/redact.js";
import type { AllowlistOutcome } from "./allowlist.js";
import type { BaselineOutcome } from "./baseline.js";
import { cut, SEVERITIES, type Finding, type Severity } from "./findings.js";
import { renderJUnit, renderMarkdown } from "./render.js";

export { renderJUnit, renderMarkdown, renderSummary } from "./render.js";

/** Where reports are written unless `--out` says otherwise. */
export const DEFAULT_REPORT_DIR = "reports/drift";
/** Version of the report.json schema; bumped on any incompatible change. */
export const REPORT_SCHEMA_VERSION = 2;
// A check failure message longer than this is cut in reports.
const MAX_MESSAGE_CHARS = 300;

/** What a run concluded. */
export type Verdict = "pass" | "drift" | "could-not-judge";

/** The process exit code of each verdict: 0 pass, 1 drift, 2 could not judge. */
export const EXIT_CODES: Readonly<Record<Verdict, 0 | 1 | 2>> = { pass: 0, drift: 1, "could-not-judge": 2 };

/** The severities a run fails on by default. */
export const DEFAULT_FAIL_ON: readonly Severity[] = ["breaking"];

/** One case in a report. */
export interface CaseReport {
  name: string;
  operationId: string;
  /** `GET /sessions/{session_id}`. */
  operation: string;
  outcome: "passed" | "failed" | "skipped";
  status: number | null;
  /** Why it was skipped. */
  reason?: string;
  failures: { check: string; message: string }[];
  durationMs: number;
}

/** One provider in a report. */
export interface ProviderReport {
  name: string;
  /** `ran`; `skipped` (no key); `could-not-judge` (the target looks misconfigured: see `reason`). */
  status: "ran" | "skipped" | "could-not-judge";
  reason?: string;
  /** The base URL called (absent when skipped). */
  baseUrl?: string;
  /** `info.version` of the provider's bundled spec. */
  specVersion: string;
  cases: CaseReport[];
  cleanup: { operationId: string; resource: string; outcome: "done" | "failed" | "impossible"; message: string }[];
}

/** A recorded exchange of a replay that matched no operation. */
export interface UnmatchedEntry {
  /** 1-based entry number in the file. */
  entry: number;
  method: string;
  url: string;
  reason: string;
}

/** The whole report (report.json). */
export interface DriftReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  mode: "live" | "replay";
  /** This package and its version: the classifier that wrote the report. */
  toolkit: { name: string; version: string };
  /** Whether every severity fails the run (`--strict`). */
  strict: boolean;
  /** The severities whose unacknowledged findings fail the run. */
  failOn: Severity[];
  verdict: Verdict;
  /** 0 pass, 1 drift, 2 could not judge. */
  exitCode: 0 | 1 | 2;
  /** `verdict === "pass"`. */
  passed: boolean;
  /** Why the verdict is not pass, one sentence each (could-not-judge reasons first); empty when it passed. */
  failureReasons: string[];
  summary: {
    providers: { ran: number; skipped: number; couldNotJudge: number };
    cases: { passed: number; failed: number; skipped: number };
    /** Responses classified. */
    responses: number;
    /** Unacknowledged findings by severity, and acknowledged ones. */
    findings: Record<Severity, number> & { acknowledged: number };
    /** With a baseline: findings new since it, still open, and gone. */
    changes?: { new: number; open: number; gone: number };
  };
  providers: ProviderReport[];
  findings: Finding[];
  allowlist: AllowlistOutcome;
  baseline?: BaselineOutcome;
  replay?: { file: string; entries: number; matched: number; unmatched: UnmatchedEntry[] };
}

/** The inputs of a report before its verdict is computed. */
export interface ReportInput {
  mode: DriftReport["mode"];
  /** Fail on every severity. Default false. */
  strict?: boolean;
  /** Severities that fail the run; default {@link DEFAULT_FAIL_ON}; `strict` means all. */
  failOn?: readonly Severity[];
  providers: ProviderReport[];
  findings: Finding[];
  allowlist: AllowlistOutcome;
  responses: number;
  baseline?: BaselineOutcome;
  replay?: DriftReport["replay"];
  now?: Date;
}

let toolkit: DriftReport["toolkit"] | undefined;

/** This package's name and version, from its package.json. */
export function toolkitVersion(): DriftReport["toolkit"] {
  if (!toolkit) {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name: string; version: string };
    toolkit = { name: pkg.name, version: pkg.version };
  }
  return toolkit;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Why the run could not judge, one sentence each. */
function couldNotJudgeReasons(input: ReportInput): string[] {
  const reasons = input.providers.filter((p) => p.status === "could-not-judge").map((p) => `${p.name}: could not judge: ${p.reason ?? p.baseUrl ?? ""}`);
  if (input.mode === "live" && input.providers.every((p) => p.status === "skipped")) reasons.push("no provider ran live (no API key set): nothing was checked");
  if (input.mode === "replay" && input.replay?.matched === 0) reasons.push("no recorded exchange matched an operation: nothing was checked");
  return reasons;
}

/** Throws on a severity `failOn` does not know (a typo would otherwise fail nothing). */
export function checkFailOn(failOn: readonly string[] | undefined): void {
  const unknown = (failOn ?? []).filter((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown severity ${unknown.join(", ")} in failOn; known: ${SEVERITIES.join(", ")}`);
}

/** Builds the report: summary, verdict, exit code and reasons; then redacts every secret from all of it. */
export function buildReport(input: ReportInput, secrets: readonly string[]): DriftReport {
  checkFailOn(input.failOn);
  const failOn = input.strict ? [...SEVERITIES] : SEVERITIES.filter((s) => (input.failOn ?? DEFAULT_FAIL_ON).includes(s));
  const open = input.findings.filter((f) => !f.acknowledged);
  const count = (severity: Severity) => open.filter((f) => f.severity === severity).length;
  const cases = input.providers.flatMap((p) => p.cases);
  const byStatus = (status: ProviderReport["status"]) => input.providers.filter((p) => p.status === status).length;
  const summary: DriftReport["summary"] = {
    providers: { ran: byStatus("ran"), skipped: byStatus("skipped"), couldNotJudge: byStatus("could-not-judge") },
    cases: { passed: cases.filter((c) => c.outcome === "passed").length, failed: cases.filter((c) => c.outcome === "failed").length, skipped: cases.filter((c) => c.outcome === "skipped").length },
    responses: input.responses,
    findings: { breaking: count("breaking"), judgement: count("judgement"), additive: count("additive"), acknowledged: input.findings.length - open.length },
    ...(input.baseline
      ? { changes: { new: input.findings.filter((f) => f.change === "new").length, open: input.findings.filter((f) => f.change === "open").length, gone: input.baseline.gone.length } }
      : {}),
  };
  const unjudged = couldNotJudgeReasons(input);
  const drift: string[] = [];
  for (const severity of failOn) {
    const n = summary.findings[severity];
    if (n > 0) drift.push(`${plural(n, `${severity} finding`)} not on the allow-list${severity === "breaking" ? "" : input.strict ? " (--strict)" : ""}`);
  }
  // A misconfigured target's failed cases say nothing about the API; its could-not-judge reason says why.
  const failedCases = input.providers.filter((p) => p.status === "ran").flatMap((p) => p.cases).filter((c) => c.outcome === "failed").length;
  if (failedCases > 0) drift.push(`${plural(failedCases, "case")} failed a check the drift report does not cover`);
  const badCleanups = input.providers.flatMap((p) => p.cleanup).filter((c) => c.outcome !== "done").length;
  if (badCleanups > 0) drift.push(`${plural(badCleanups, "created resource")} not cleaned up`);
  const verdict: Verdict = unjudged.length > 0 ? "could-not-judge" : drift.length > 0 ? "drift" : "pass";
  for (const provider of input.providers) {
    for (const c of provider.cases) c.failures = c.failures.map((f) => ({ ...f, message: cut(f.message, MAX_MESSAGE_CHARS) }));
  }
  const report: DriftReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: (input.now ?? new Date()).toISOString(),
    mode: input.mode,
    toolkit: toolkitVersion(),
    strict: input.strict ?? false,
    failOn,
    verdict,
    exitCode: EXIT_CODES[verdict],
    passed: verdict === "pass",
    failureReasons: [...unjudged, ...drift],
    summary,
    providers: input.providers,
    findings: input.findings,
    allowlist: input.allowlist,
    ...(input.baseline ? { baseline: input.baseline } : {}),
    ...(input.replay ? { replay: input.replay } : {}),
  };
  return redactValue(report, secrets) as DriftReport;
}

/** Writes report.json, report.md and junit.xml into `dir`; returns their paths. */
export function writeReports(report: DriftReport, dir = DEFAULT_REPORT_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ["report.json", `${JSON.stringify(report, null, 2)}\n`],
    ["report.md", renderMarkdown(report)],
    ["junit.xml", renderJUnit(report)],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}
