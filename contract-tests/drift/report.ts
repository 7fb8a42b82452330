/**
 * The drift report: one object (report.json, schema in report.schema.json), rendered as Markdown, JUnit
 * XML and a terminal summary. Every secret in use is redacted from the object before anything is rendered.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactValue } from "../../src/core/redact.js";
import type { CleanupResult, LiveCoverage } from "../runner/live.js";
import type { AllowlistOutcome } from "./allowlist.js";
import { cut, type Finding, type Severity } from "./findings.js";

/** Where reports are written unless `--out` says otherwise. */
export const DEFAULT_REPORT_DIR = "reports/drift";
/** Version of the report.json schema; bumped on any incompatible change. */
export const REPORT_SCHEMA_VERSION = 1;
// A check failure message longer than this is cut in reports.
const MAX_MESSAGE_CHARS = 300;

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
  status: "ran" | "skipped";
  reason?: string;
  baseUrl?: string;
  cases: CaseReport[];
  cleanup: CleanupResult[];
  /** Which operations got a live success response (live runs). */
  coverage?: LiveCoverage;
  /** The run was interrupted before this provider's scenario ended. */
  interrupted?: boolean;
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
  strict: boolean;
  passed: boolean;
  /** Why the run failed, one sentence each; empty when it passed. */
  failureReasons: string[];
  summary: {
    providers: { ran: number; skipped: number };
    cases: { passed: number; failed: number; skipped: number };
    /** Responses classified. */
    responses: number;
    /** Unacknowledged findings by severity, and acknowledged ones. */
    findings: Record<Severity, number> & { acknowledged: number };
  };
  providers: ProviderReport[];
  findings: Finding[];
  allowlist: AllowlistOutcome;
  replay?: { file: string; entries: number; matched: number; unmatched: UnmatchedEntry[] };
}

/** The inputs of a report before its verdict is computed. */
export type ReportInput = Omit<DriftReport, "schemaVersion" | "passed" | "failureReasons" | "summary" | "generatedAt"> & { responses: number; now?: Date };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Builds the report: summary, verdict and reasons; then redacts every secret from all of it. */
export function buildReport(input: ReportInput, secrets: readonly string[]): DriftReport {
  const { responses, now = new Date(), ...rest } = input;
  const open = input.findings.filter((f) => !f.acknowledged);
  const count = (severity: Severity) => open.filter((f) => f.severity === severity).length;
  const cases = input.providers.flatMap((p) => p.cases);
  const summary: DriftReport["summary"] = {
    providers: { ran: input.providers.filter((p) => p.status === "ran").length, skipped: input.providers.filter((p) => p.status === "skipped").length },
    cases: { passed: cases.filter((c) => c.outcome === "passed").length, failed: cases.filter((c) => c.outcome === "failed").length, skipped: cases.filter((c) => c.outcome === "skipped").length },
    responses,
    findings: { breaking: count("breaking"), additive: count("additive"), notice: count("notice"), acknowledged: input.findings.length - open.length },
  };
  const reasons: string[] = [];
  if (summary.findings.breaking > 0) reasons.push(`${plural(summary.findings.breaking, "breaking finding")} not on the allow-list`);
  if (input.strict && summary.findings.additive + summary.findings.notice > 0) {
    reasons.push(`--strict: ${plural(summary.findings.additive + summary.findings.notice, "additive or notice finding")} not on the allow-list`);
  }
  if (summary.cases.failed > 0) reasons.push(`${plural(summary.cases.failed, "case")} failed a check the drift report does not cover`);
  // `not-sent`: the connection was refused, so nothing was created and nothing is left behind.
  const badCleanups = input.providers.flatMap((p) => p.cleanup).filter((c) => c.outcome !== "done" && c.outcome !== "not-sent").length;
  if (badCleanups > 0) reasons.push(`${plural(badCleanups, "created resource")} not cleaned up`);
  const interrupted = input.providers.filter((p) => p.interrupted).map((p) => p.name);
  if (interrupted.length > 0) reasons.push(`interrupted before the scenario of ${interrupted.join(", ")} ended: not everything was checked`);
  if (input.mode === "live" && summary.providers.ran === 0) reasons.push("no provider ran live (no API key set): nothing was checked");
  if (input.mode === "replay" && responses === 0) reasons.push("no recorded exchange matched an operation: nothing was checked");
  const report: DriftReport = { schemaVersion: REPORT_SCHEMA_VERSION, generatedAt: now.toISOString(), ...rest, passed: reasons.length === 0, failureReasons: reasons, summary };
  for (const provider of report.providers) {
    for (const c of provider.cases) c.failures = c.failures.map((f) => ({ ...f, message: cut(f.message, MAX_MESSAGE_CHARS) }));
  }
  return redactValue(report, secrets) as DriftReport;
}

function mdCell(text: string | number | null | undefined): string {
  return String(text ?? "").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/`/g, "'");
}

function findingRow(f: Finding): string {
  const cells = [mdCell(f.provider), mdCell(`${f.operationId} (${f.operation})`), f.status ?? "run", f.kind, `\`${mdCell(f.pointer || "/")}\``, mdCell(f.expected), mdCell(f.received), f.occurrences];
  return `| ${cells.join(" | ")} |`;
}

const FINDING_HEADER = "| Provider | Operation | Status | Kind | Pointer | Spec says | Received | Responses |\n|---|---|---|---|---|---|---|---|";

/** The report as Markdown: verdict, providers, findings by severity, skipped cases, cleanup, allow-list. */
export function renderMarkdown(report: DriftReport): string {
  const out: string[] = ["# Contract drift report", ""];
  const where = report.mode === "replay" ? `Replay of ${report.replay?.file ?? "recorded traffic"}` : "Live run";
  out.push(`${where}, ${report.generatedAt}${report.strict ? ", --strict" : ""}: **${report.passed ? "PASSED" : "FAILED"}**`, "");
  for (const reason of report.failureReasons) out.push(`- ${reason}`);
  if (report.failureReasons.length) out.push("");
  const s = report.summary;
  out.push(
    `${s.responses} responses classified. Findings: ${s.findings.breaking} breaking, ${s.findings.additive} additive, ${s.findings.notice} notice, ${s.findings.acknowledged} acknowledged.`,
    "",
    "| Provider | Status | Passed | Failed | Skipped | Breaking | Additive | Notice |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const p of report.providers) {
    const open = report.findings.filter((f) => f.provider === p.name && !f.acknowledged);
    const n = (o: CaseReport["outcome"]) => p.cases.filter((c) => c.outcome === o).length;
    const status = p.status === "ran" ? `ran${p.baseUrl ? ` against ${p.baseUrl}` : ""}` : `skipped: ${p.reason ?? ""}`;
    const sev = (x: Severity) => open.filter((f) => f.severity === x).length;
    out.push(`| ${mdCell(p.name)} | ${mdCell(status)} | ${n("passed")} | ${n("failed")} | ${n("skipped")} | ${sev("breaking")} | ${sev("additive")} | ${sev("notice")} |`);
  }
  for (const p of report.providers.filter((x) => x.coverage)) {
    const c = p.coverage!;
    out.push("", `${mdCell(p.name)}: live coverage ${c.covered.length}/${c.operations} operations (${c.percent}%)${c.missing.length ? `; no live success for ${c.missing.map((m) => `${mdCell(m.operationId)} (${mdCell(m.reason)})`).join(", ")}` : ""}.`);
  }
  const sections: [string, (f: Finding) => boolean, string][] = [
    ["Breaking findings", (f) => !f.acknowledged && f.severity === "breaking", "A client built from the spec would misbehave on these responses."],
    ["Additive findings", (f) => !f.acknowledged && f.severity === "additive", "The provider sends something the spec does not document; clients keep working. Update the spec."],
    ["Notices", (f) => !f.acknowledged && f.severity === "notice", "The spec shows something no response of this run carried."],
  ];
  for (const [title, keep, blurb] of sections) {
    const rows = report.findings.filter(keep);
    out.push("", `## ${title} (${rows.length})`, "");
    if (rows.length === 0) out.push("None.");
    else out.push(blurb, "", FINDING_HEADER, ...rows.map(findingRow));
  }
  const acknowledged = report.findings.filter((f) => f.acknowledged);
  if (acknowledged.length) {
    out.push("", `## Acknowledged by the allow-list (${acknowledged.length})`, "", "| Provider | Operation | Kind | Pointer | Reason | Expires |", "|---|---|---|---|---|---|");
    for (const f of acknowledged) out.push(`| ${mdCell(f.provider)} | ${mdCell(f.operationId)} | ${f.kind} | \`${mdCell(f.pointer || "/")}\` | ${mdCell(f.acknowledged!.reason)} | ${f.acknowledged!.expires} |`);
  }
  const failed = report.providers.flatMap((p) => p.cases.filter((c) => c.outcome === "failed").map((c) => ({ p, c })));
  if (failed.length) {
    out.push("", `## Failed cases (${failed.length})`, "");
    for (const { p, c } of failed) out.push(`- ${mdCell(p.name)} / ${mdCell(c.name)}: ${c.failures.map((f) => `${f.check}: ${mdCell(f.message)}`).join("; ")}`);
  }
  const skipped = report.providers.flatMap((p) => p.cases.filter((c) => c.outcome === "skipped").map((c) => ({ p, c })));
  if (skipped.length) {
    out.push("", `## Skipped cases (${skipped.length})`, "", "| Provider | Case | Reason |", "|---|---|---|");
    for (const { p, c } of skipped) out.push(`| ${mdCell(p.name)} | ${mdCell(c.name)} | ${mdCell(c.reason)} |`);
  }
  const cleanup = report.providers.flatMap((p) => p.cleanup.map((c) => ({ p, c })));
  if (cleanup.length) {
    out.push("", "## Cleanup of created resources", "", "| Provider | Created by | Resource | Outcome | Calls |", "|---|---|---|---|---|");
    for (const { p, c } of cleanup) out.push(`| ${mdCell(p.name)} | ${mdCell(c.operationId)} | ${mdCell(c.resource)} | ${c.outcome} | ${mdCell(c.message)} |`);
  }
  if (report.replay?.unmatched.length) {
    out.push("", `## Unmatched recorded exchanges (${report.replay.unmatched.length})`, "");
    for (const u of report.replay.unmatched) out.push(`- entry ${u.entry}: ${mdCell(u.method)} ${mdCell(u.url)}: ${mdCell(u.reason)}`);
  }
  const a = report.allowlist;
  out.push("", "## Allow-list", "", a.path ? `${a.path}: ${a.applied} finding(s) acknowledged.` : "No allow-list file.");
  for (const e of a.expired) out.push(`- EXPIRED ${e.expires}: ${mdCell(e.provider)} ${mdCell(e.operationId ?? "*")} ${e.kind ?? "*"} ${mdCell(e.pointer ?? "*")}: ${mdCell(e.reason)} (no longer applies)`);
  for (const e of a.unused) out.push(`- unused: ${mdCell(e.provider)} ${mdCell(e.operationId ?? "*")} ${e.kind ?? "*"} ${mdCell(e.pointer ?? "*")} (matched no finding)`);
  return `${out.join("\n")}\n`;
}

function xml(text: string | number): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // XML 1.0 forbids most control characters even when escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

interface JUnitCase {
  classname: string;
  name: string;
  seconds: number;
  failure?: string;
  skipped?: string;
  output?: string;
}

function suite(name: string, cases: JUnitCase[]): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const time = cases.reduce((t, c) => t + c.seconds, 0);
  const body = cases.map((c) => {
    const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}" time="${c.seconds.toFixed(3)}"`;
    const inner = [
      c.failure !== undefined ? `      <failure message="${xml(cut(c.failure, 500))}">${xml(c.failure)}</failure>` : "",
      c.skipped !== undefined ? `      <skipped message="${xml(c.skipped)}"/>` : "",
      c.output !== undefined ? `      <system-out>${xml(c.output)}</system-out>` : "",
    ].filter(Boolean);
    return inner.length ? `${open}>\n${inner.join("\n")}\n    </testcase>` : `${open}/>`;
  });
  return [`  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">`, ...body, "  </testsuite>"].join("\n");
}

/** The report as JUnit XML: one suite of cases and one suite of drift findings per provider. */
export function renderJUnit(report: DriftReport): string {
  const suites: string[] = [];
  for (const p of report.providers) {
    const cases: JUnitCase[] = p.cases.map((c) => ({
      classname: `contract.${p.name}`,
      name: c.name,
      seconds: c.durationMs / 1000,
      ...(c.outcome === "failed" ? { failure: c.failures.map((f) => `${f.check}: ${f.message}`).join("\n") } : {}),
      ...(c.outcome === "skipped" ? { skipped: c.reason ?? "skipped" } : {}),
    }));
    if (p.status === "skipped") cases.push({ classname: `contract.${p.name}`, name: `${p.name} live run`, seconds: 0, skipped: p.reason ?? "skipped" });
    for (const c of p.cleanup) {
      cases.push({ classname: `contract.${p.name}`, name: `cleanup ${c.operationId} ${c.resource}`, seconds: 0, ...(c.outcome === "done" ? { output: c.message } : { failure: `${c.outcome}: ${c.message}` }) });
    }
    const findings: JUnitCase[] = report.findings
      .filter((f) => f.provider === p.name)
      .map((f) => {
        const text = `${f.kind} at ${f.pointer || "/"} (${f.operation}, status ${f.status ?? "run"}). Spec: ${f.expected} / Received: ${f.received}`;
        const fails = f.severity === "breaking" || report.strict;
        return {
          classname: `drift.${p.name}`,
          name: `${f.severity} ${f.kind} ${f.operationId} ${f.status ?? "run"} ${f.pointer || "/"}`,
          seconds: 0,
          ...(f.acknowledged ? { skipped: `acknowledged until ${f.acknowledged.expires}: ${f.acknowledged.reason}` } : fails ? { failure: text } : { output: text }),
        };
      });
    if (cases.length) suites.push(suite(`contract ${p.name}`, cases));
    if (findings.length) suites.push(suite(`drift ${p.name}`, findings));
  }
  const all = suites.join("\n");
  const tests = (all.match(/<testcase /g) ?? []).length;
  const failures = (all.match(/<failure /g) ?? []).length;
  const skipped = (all.match(/<skipped /g) ?? []).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="contract drift" tests="${tests}" failures="${failures}" skipped="${skipped}">\n${all}\n</testsuites>\n`;
}

/** The terminal summary: one line per provider, one per unacknowledged finding, then the verdict. */
export function renderSummary(report: DriftReport, files: string[] = []): string[] {
  const lines: string[] = [];
  for (const p of report.providers) {
    if (p.status === "skipped") {
      lines.push(`skip ${p.name.padEnd(12)} ${p.reason ?? ""}`);
      continue;
    }
    const n = (o: CaseReport["outcome"]) => p.cases.filter((c) => c.outcome === o).length;
    const open = report.findings.filter((f) => f.provider === p.name && !f.acknowledged);
    const sev = (x: Severity) => open.filter((f) => f.severity === x).length;
    const mark = sev("breaking") + n("failed") > 0 ? "FAIL" : "ok  ";
    lines.push(`${mark} ${p.name.padEnd(12)} cases ${n("passed")} passed, ${n("failed")} failed, ${n("skipped")} skipped; findings ${sev("breaking")} breaking, ${sev("additive")} additive, ${sev("notice")} notice`);
    for (const c of p.cases.filter((x) => x.outcome === "failed")) {
      lines.push(`       ✗ ${c.name}`);
      for (const f of c.failures) lines.push(`           ${f.check}: ${f.message}`);
    }
    for (const f of open) {
      lines.push(`       ${f.severity.toUpperCase().padEnd(8)} ${f.kind} ${f.operation} ${f.status ?? "run"} ${f.pointer || "/"}: Received: ${f.received} / Spec: ${f.expected}`);
    }
    for (const c of p.cleanup.filter((x) => x.outcome !== "done")) lines.push(`       cleanup ${c.outcome}: ${c.operationId} ${c.resource}: ${c.message}`);
  }
  for (const e of report.allowlist.expired) lines.push(`warn allow-list entry expired ${e.expires} (no longer applies): ${e.provider} ${e.operationId ?? "*"} ${e.kind ?? "*"} ${e.pointer ?? "*"}`);
  const s = report.summary.findings;
  const verdict = report.passed ? "passed" : `FAILED: ${report.failureReasons.join("; ")}`;
  lines.push(`drift: ${s.breaking} breaking, ${s.additive} additive, ${s.notice} notice, ${s.acknowledged} acknowledged; ${verdict}`);
  if (files.length) lines.push(`report  ${files.join(", ")}`);
  return lines;
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
