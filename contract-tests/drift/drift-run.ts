/**
 * What a live run and a replay share, so that both reach the same verdict the same way: the inputs checked
 * before anything is sent (allow-list and baseline: a bad file fails fast, before a live call costs money),
 * and the end (allow-list applied, baseline compared, report built, redacted and written).
 */
import { CONTRACT_PROVIDERS, type ContractProvider } from "../runner/providers.js";
import { specFor } from "../runner/suite.js";
import { applyAllowlist, loadAllowlist, type Allowlist, type AllowlistSpecs } from "./allowlist.js";
import { compareWithBaseline, loadBaseline, type BaselineReport } from "./baseline.js";
import type { DriftCollector } from "./collect.js";
import type { Severity } from "./findings.js";
import { buildReport, checkFailOn, DEFAULT_REPORT_DIR, REPORT_SCHEMA_VERSION, writeReports, type DriftReport, type ProviderReport, type ReportInput } from "./report.js";

/** The options every drift run takes. */
export interface DriftRunOptions {
  /** Fail on every severity (breaking, judgement, additive). */
  strict?: boolean;
  /** Severities that fail the run; default breaking only. */
  failOn?: readonly Severity[];
  /** Allow-list file; default `contract-allowlist.json` when it exists. */
  allowlistPath?: string;
  /** An earlier report.json: each finding is marked new or still open, and the ones gone are listed. */
  baselinePath?: string;
  /** Report directory; default `reports/drift`. */
  outDir?: string;
  now?: Date;
}

/** The checked inputs of a run. */
export interface DriftRunInputs {
  allowlist: Allowlist;
  baseline?: BaselineReport;
}

/** The providers an allow-list may name (every provider the toolkit knows, plus the run's), with their specs. */
export function allowlistSpecs(providers: readonly ContractProvider[]): AllowlistSpecs {
  const byName = new Map([...CONTRACT_PROVIDERS, ...providers].map((p) => [p.definition.name, p]));
  return { providers: [...byName.keys()], spec: (name) => specFor(byName.get(name)!) };
}

/** Checks `failOn` and reads the allow-list and the baseline; throws (`AllowlistError`, `BaselineError` on a bad file) before anything is sent. */
export function loadRunInputs(options: DriftRunOptions, providers: readonly ContractProvider[]): DriftRunInputs {
  checkFailOn(options.failOn);
  const allowlist = loadAllowlist(options.allowlistPath, allowlistSpecs(providers));
  return { allowlist, ...(options.baselinePath !== undefined ? { baseline: loadBaseline(options.baselinePath, REPORT_SCHEMA_VERSION) } : {}) };
}

/** `info.version` of a provider's bundled spec. */
export function specVersion(provider: ContractProvider): string {
  return String(specFor(provider).doc.info?.version ?? "unknown");
}

/** Ends a run: findings collected, allow-list applied, baseline compared, report built (secrets redacted) and written. */
export function finishRun(
  collector: DriftCollector,
  providers: ProviderReport[],
  inputs: DriftRunInputs,
  options: DriftRunOptions & { mode: ReportInput["mode"]; secrets: readonly string[]; replay?: ReportInput["replay"] },
): { report: DriftReport; files: string[] } {
  const findings = collector.findings();
  const allowlist = applyAllowlist(findings, inputs.allowlist, options.now);
  const baseline = inputs.baseline ? compareWithBaseline(findings, inputs.baseline, (provider, operationId) => collector.observedOperation(provider, operationId)) : undefined;
  const report = buildReport(
    {
      mode: options.mode,
      ...(options.strict !== undefined ? { strict: options.strict } : {}),
      ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
      providers,
      findings,
      allowlist,
      responses: collector.responses,
      ...(baseline ? { baseline } : {}),
      ...(options.replay ? { replay: options.replay } : {}),
      ...(options.now ? { now: options.now } : {}),
    },
    options.secrets,
  );
  return { report, files: writeReports(report, options.outDir ?? DEFAULT_REPORT_DIR) };
}
