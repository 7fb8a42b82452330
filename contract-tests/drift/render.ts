/** The drift report rendered for people (Markdown, the terminal) and for CI (JUnit XML). */
import { suggestedEntry } from "./allowlist.js";
import { cut, type Finding, type Severity } from "./findings.js";
import type { CaseReport, DriftReport, ProviderReport } from "./report.js";

const SECTIONS: Record<Severity, { title: string; blurb: string }> = {
  breaking: {
    title: "Breaking findings",
    blurb: "The spec states these as documented facts, and the responses break them: a client built from the spec would misbehave.",
  },
  judgement: {
    title: "Judgement calls the traffic contradicts: fix the spec",
    blurb:
      "These constraints are assumptions the spec marks `x-judgement` (the docs do not state them), and the responses say the assumption is wrong. The provider did not break anything: relax or drop the constraint in the spec.",
  },
  additive: {
    title: "Additive findings",
    blurb: "The provider sends something the spec does not document (a new property, a new value of an open enum); clients keep working. Update the spec.",
  },
};

function mdText(text: string | number | null | undefined): string {
  return String(text ?? "").replace(/\r?\n/g, " ").replace(/`/g, "'");
}

function mdCell(text: string | number | null | undefined): string {
  return mdText(text).replace(/\\/g, "\\\\").replace(/\|/g, "\\|");
}

function code(text: string): string {
  return `\`${mdText(text) || " "}\``;
}

function fenced(language: string, text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}${language}`, text, fence];
}

function verdictText(report: DriftReport): string {
  return `${report.verdict === "pass" ? "PASS" : report.verdict === "drift" ? "DRIFT" : "COULD NOT JUDGE"} (exit ${report.exitCode})`;
}

function responsesText(o: Finding["operations"][number], kind: Finding["kind"]): string {
  if (kind === "property-never-seen") return `absent from all ${o.responses} response(s)`;
  return o.occurrences === o.responses ? `in every response (${o.occurrences} of ${o.responses})` : `in ${o.occurrences} of ${o.responses} response(s)`;
}

function failsOn(report: DriftReport): string {
  const others = (["judgement", "additive"] as const).filter((s) => !report.failOn.includes(s));
  const fails = `Fails on ${report.failOn.join(" and ")} findings`;
  return others.length ? `${fails}; ${others.join(" and ")} findings are reported, not failed on (\`--strict\` fails on every severity).` : `${fails}${report.strict ? " (--strict)" : ""}.`;
}

function findingBlock(f: Finding, report: DriftReport, n: number): string[] {
  const where = f.operations.length > 1 ? `${f.operationId} and ${f.operations.length - 1} more` : f.operationId;
  const change = f.change ? ` (${f.change === "new" ? "NEW" : "still open"})` : "";
  const keyword = f.keyword && f.keywordPointer ? ` (keyword ${code(f.keyword)} at ${code(f.keywordPointer)})` : f.keyword ? ` (keyword ${code(f.keyword)})` : "";
  const lines = [
    "",
    `### ${n}. ${code(f.kind)} at ${code(f.pointer || "/")}: ${mdText(f.provider)} ${mdText(where)}${change}`,
    "",
    `- Spec says: ${mdText(f.expected)}`,
    `- Received: ${mdText(f.received)}`,
    `- Spec place: ${code(f.specPointer)}${keyword}`,
  ];
  if (f.judgement !== undefined) lines.push(`- Our assumption (fix the spec): ${mdText(f.judgement)}`);
  lines.push("- Seen on:");
  for (const o of f.operations) lines.push(`  - ${code(o.operationId)} ${mdText(o.operation)}, status ${o.status}, at ${code(o.pointer || "/")}: ${responsesText(o, f.kind)}; first from ${mdText(o.source)}`);
  lines.push("- Allow-list entry (paste into `entries`, then write the reason):", "", ...fenced("json", JSON.stringify(suggestedEntry(f, new Date(report.generatedAt)))).map((l) => `  ${l}`));
  return lines;
}

function providerStatus(p: ProviderReport): string {
  // A could-not-judge reason is long and already heads the report.
  return p.status === "ran" ? "ran" : p.status === "skipped" ? `skipped: ${p.reason ?? ""}` : "could not judge (see above)";
}

/** The report as Markdown: verdict, versions and base URLs, findings by severity with a ready-to-paste allow-list entry each, then the rest. */
export function renderMarkdown(report: DriftReport): string {
  const out: string[] = ["# Contract drift report", ""];
  const where = report.mode === "replay" ? `Replay of ${report.replay?.file ?? "recorded traffic"}` : "Live run";
  out.push(`${where}, ${report.generatedAt}: **${verdictText(report)}**`, "");
  for (const reason of report.failureReasons) out.push(`- ${mdText(reason)}`);
  if (report.failureReasons.length) out.push("");
  out.push(`Toolkit ${report.toolkit.name} ${report.toolkit.version}. ${failsOn(report)}`);
  if (report.baseline) {
    const c = report.summary.changes!;
    out.push("", `Compared with ${code(report.baseline.path)} (${report.baseline.generatedAt}): ${c.new} new, ${c.open} still open, ${c.gone} gone${report.baseline.notRechecked ? `, ${report.baseline.notRechecked} not rechecked (provider or operation not checked this run)` : ""}.`);
  }
  const s = report.summary;
  out.push(
    "",
    "| Provider | Base URL | Spec version | Status | Cases passed | Failed | Skipped | Breaking | Judgement | Additive |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const p of report.providers) {
    const open = report.findings.filter((f) => f.provider === p.name && !f.acknowledged);
    const n = (o: CaseReport["outcome"]) => p.cases.filter((c) => c.outcome === o).length;
    const sev = (x: Severity) => open.filter((f) => f.severity === x).length;
    out.push(`| ${mdCell(p.name)} | ${mdCell(p.baseUrl ?? "")} | ${mdCell(p.specVersion)} | ${mdCell(providerStatus(p))} | ${n("passed")} | ${n("failed")} | ${n("skipped")} | ${sev("breaking")} | ${sev("judgement")} | ${sev("additive")} |`);
  }
  out.push("", `${s.responses} responses classified. Findings: **${s.findings.breaking} breaking**, **${s.findings.judgement} judgement**, ${s.findings.additive} additive, ${s.findings.acknowledged} acknowledged.`);
  let n = 0;
  for (const severity of ["breaking", "judgement", "additive"] as const) {
    const rows = report.findings.filter((f) => !f.acknowledged && f.severity === severity);
    out.push("", `## ${SECTIONS[severity].title} (${rows.length})`, "");
    if (rows.length === 0) out.push("None.");
    else out.push(SECTIONS[severity].blurb, ...rows.flatMap((f) => findingBlock(f, report, ++n)));
  }
  if (report.baseline?.gone.length) {
    out.push("", `## Gone since the baseline (${report.baseline.gone.length})`, "", "| Provider | Operation | Kind | Pointer | Spec place | Subject |", "|---|---|---|---|---|---|");
    for (const g of report.baseline.gone) out.push(`| ${mdCell(g.provider)} | ${mdCell(g.operationId)} | ${g.kind} | ${code(g.pointer || "/")} | ${code(g.specPointer)} | ${mdCell(g.subject)} |`);
  }
  const acknowledged = report.findings.filter((f) => f.acknowledged);
  if (acknowledged.length) {
    out.push("", `## Acknowledged by the allow-list (${acknowledged.length})`, "", "| Provider | Severity | Kind | Pointer | Reason | Expires |", "|---|---|---|---|---|---|");
    for (const f of acknowledged) out.push(`| ${mdCell(f.provider)} | ${f.severity} | ${f.kind} | ${code(f.pointer || "/")} | ${mdCell(f.acknowledged!.reason)} | ${f.acknowledged!.expires} |`);
  }
  const failed = report.providers.flatMap((p) => p.cases.filter((c) => c.outcome === "failed").map((c) => ({ p, c })));
  if (failed.length) {
    out.push("", `## Failed cases (${failed.length})`, "");
    for (const { p, c } of failed) out.push(`- ${mdText(p.name)} / ${mdText(c.name)}: ${c.failures.map((f) => `${f.check}: ${mdText(f.message)}`).join("; ")}`);
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
    for (const u of report.replay.unmatched) out.push(`- entry ${u.entry}: ${mdText(u.method)} ${mdText(u.url)}: ${mdText(u.reason)}`);
  }
  const a = report.allowlist;
  out.push("", "## Allow-list", "", a.path ? `${code(a.path)}: ${a.applied} finding(s) acknowledged.` : "No allow-list file.");
  const describe = (e: DriftReport["allowlist"]["expired"][number]) => `${mdText(e.provider)} ${e.kind} ${mdText(e.operationId ?? e.specPointer ?? "*")} ${mdText(e.pointer ?? "")}`.trim();
  for (const e of a.expired) out.push(`- EXPIRED ${e.expires}: ${describe(e)}: ${mdText(e.reason)} (no longer applies)`);
  for (const e of a.unused) out.push(`- unused: ${describe(e)} (matched no finding)`);
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

function findingText(f: Finding): string {
  const seen = f.operations.map((o) => `${o.operationId} ${o.status} ${o.pointer || "/"} ${responsesText(o, f.kind)}`).join("; ");
  const judgement = f.judgement !== undefined ? ` Our assumption (fix the spec): ${f.judgement}` : "";
  return `${f.kind} at ${f.pointer || "/"} (${f.specPointer}). Spec: ${f.expected} / Received: ${f.received}.${judgement} Seen on: ${seen}`;
}

/** The report as JUnit XML: one suite of cases and one suite of drift findings per provider. */
export function renderJUnit(report: DriftReport): string {
  const suites: string[] = [];
  for (const p of report.providers) {
    const classname = `contract.${p.name}`;
    const cases: JUnitCase[] = p.cases.map((c) => ({
      classname,
      name: c.name,
      seconds: c.durationMs / 1000,
      ...(c.outcome === "failed" ? { failure: c.failures.map((f) => `${f.check}: ${f.message}`).join("\n") } : {}),
      ...(c.outcome === "skipped" ? { skipped: c.reason ?? "skipped" } : {}),
    }));
    if (p.status === "skipped") cases.push({ classname, name: `${p.name} live run`, seconds: 0, skipped: p.reason ?? "skipped" });
    if (p.status === "could-not-judge") cases.push({ classname, name: `${p.name} target`, seconds: 0, failure: `could not judge: ${p.reason ?? ""}` });
    for (const c of p.cleanup) {
      cases.push({ classname, name: `cleanup ${c.operationId} ${c.resource}`, seconds: 0, ...(c.outcome === "done" ? { output: c.message } : { failure: `${c.outcome}: ${c.message}` }) });
    }
    const findings: JUnitCase[] = report.findings
      .filter((f) => f.provider === p.name)
      .map((f) => ({
        classname: `drift.${p.name}`,
        name: `${f.severity} ${f.kind} ${f.operationId} ${f.status} ${f.pointer || "/"}${f.subject ? ` ${f.subject}` : ""}`,
        seconds: 0,
        ...(f.acknowledged
          ? { skipped: `acknowledged until ${f.acknowledged.expires}: ${f.acknowledged.reason}` }
          : report.failOn.includes(f.severity)
            ? { failure: findingText(f) }
            : { output: findingText(f) }),
      }));
    if (cases.length) suites.push(suite(`contract ${p.name}`, cases));
    if (findings.length) suites.push(suite(`drift ${p.name}`, findings));
  }
  const all = suites.join("\n");
  const tests = (all.match(/<testcase /g) ?? []).length;
  const failures = (all.match(/<failure /g) ?? []).length;
  const skipped = (all.match(/<skipped /g) ?? []).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="contract drift" tests="${tests}" failures="${failures}" skipped="${skipped}">\n${all}\n</testsuites>\n`;
}

/** The terminal summary: one line per provider (base URL, spec version), one per open finding, then the verdict and exit code. */
export function renderSummary(report: DriftReport, files: string[] = []): string[] {
  const lines: string[] = [];
  for (const p of report.providers) {
    if (p.status === "skipped") {
      lines.push(`skip ${p.name.padEnd(12)} ${p.reason ?? ""}`);
      continue;
    }
    if (p.status === "could-not-judge") {
      lines.push(`??   ${p.name.padEnd(12)} could not judge: ${p.reason ?? ""}`);
      continue;
    }
    const n = (o: CaseReport["outcome"]) => p.cases.filter((c) => c.outcome === o).length;
    const open = report.findings.filter((f) => f.provider === p.name && !f.acknowledged);
    const sev = (x: Severity) => open.filter((f) => f.severity === x).length;
    const failing = open.filter((f) => report.failOn.includes(f.severity)).length + n("failed");
    const mark = failing > 0 ? "FAIL" : "ok  ";
    const target = p.baseUrl ? `${p.baseUrl} (spec ${p.specVersion})` : `spec ${p.specVersion}`;
    lines.push(`${mark} ${p.name.padEnd(12)} ${target}  cases ${n("passed")} passed, ${n("failed")} failed, ${n("skipped")} skipped; findings ${sev("breaking")} breaking, ${sev("judgement")} judgement, ${sev("additive")} additive`);
    for (const c of p.cases.filter((x) => x.outcome === "failed")) {
      lines.push(`       ✗ ${c.name}`);
      for (const f of c.failures) lines.push(`           ${f.check}: ${f.message}`);
    }
    for (const f of open) {
      const more = f.operations.length > 1 ? ` (+${f.operations.length - 1} more operation(s))` : "";
      const change = f.change === "new" ? " [new]" : "";
      lines.push(`       ${f.severity.toUpperCase().padEnd(9)} ${f.kind} ${f.operation} ${f.status} ${f.pointer || "/"}${more}: Received: ${f.received} / Spec: ${f.expected}${change}`);
      if (f.judgement !== undefined) lines.push(`                 our assumption, fix the spec: ${f.judgement}`);
    }
    for (const c of p.cleanup.filter((x) => x.outcome !== "done")) lines.push(`       cleanup ${c.outcome}: ${c.operationId} ${c.resource}: ${c.message}`);
  }
  for (const g of report.baseline?.gone ?? []) lines.push(`gone ${g.provider.padEnd(12)} ${g.severity} ${g.kind} ${g.operationId} ${g.pointer || "/"} (fixed since the baseline)`);
  const describe = (e: DriftReport["allowlist"]["expired"][number]) => `${e.provider} ${e.kind} ${e.operationId ?? e.specPointer ?? "*"} ${e.pointer ?? ""}`.trim();
  for (const e of report.allowlist.expired) lines.push(`warn allow-list entry expired ${e.expires} (no longer applies): ${describe(e)}`);
  const s = report.summary.findings;
  const changes = report.summary.changes ? `; since the baseline ${report.summary.changes.new} new, ${report.summary.changes.open} still open, ${report.summary.changes.gone} gone` : "";
  const why = report.failureReasons.length ? `: ${report.failureReasons.join("; ")}` : "";
  lines.push(`drift: ${s.breaking} breaking, ${s.judgement} judgement, ${s.additive} additive, ${s.acknowledged} acknowledged${changes}; ${verdictText(report)}${why}`);
  if (files.length) lines.push(`report  ${files.join(", ")}`);
  return lines;
}
