/**
 * The contract checks as a library: `import { runContract } from "browser-agent-apis/contract"`. The bin
 * (`browser-agent-apis contract|replay|diff`) and this repository's npm scripts run these same functions.
 *
 *   const report = await runContract({ target: "live", providers: ["browser-use"], baseUrls: { "browser-use": "http://127.0.0.1:4010" } });
 *   if (exitCodeFor(report) !== 0) console.log(report.failureReasons);
 */
export { describeLiveRun, reportExitCode as exitCodeFor, runContract } from "./contract-run.js";
export type { ContractOptions, ContractReport, MockReport } from "./contract-run.js";
export { runReplay } from "./replay-run.js";
export type { ReplayOptions } from "./replay-run.js";
export { diffSpec } from "./diff-run.js";
export type { SpecDiffOptions } from "./diff-run.js";
export type { ChangeSummary, ChangeType, ProviderVerdict, SpecChange } from "./spec-diff.js";
export { PROVIDER_NAMES } from "./providers.js";
export { UsageError } from "./args.js";
export { InputError } from "../contract-tests/runner/input-files.js";
export { AllowlistError } from "../contract-tests/drift/allowlist.js";
export { BaselineError } from "../contract-tests/drift/baseline.js";
export { CaseTableError } from "../contract-tests/runner/case-tables.js";
export { MissingPeerError } from "./prism-peer.js";
export type { CaseReport, DriftReport, ProviderReport, Verdict } from "../contract-tests/drift/report.js";
export type { Finding, FindingKind, Severity } from "../contract-tests/drift/findings.js";
export { REPORT_SCHEMA_VERSION } from "../contract-tests/drift/report.js";
