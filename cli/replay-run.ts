/** Replay as the bin, the npm script and the programmatic API share it: recorded traffic through the drift classifier. */
import type { Severity } from "../contract-tests/drift/findings.js";
import type { DriftReport } from "../contract-tests/drift/report.js";
import { replayTraffic } from "../contract-tests/drift/replay.js";
import { UsageError } from "./args.js";
import { envWithBaseUrls, selectProviders } from "./providers.js";

/** Options of a replay. */
export interface ReplayOptions {
  /** The provider the traffic was recorded from, e.g. `browser-use`. */
  provider: string;
  /** A HAR file, or NDJSON lines of `{"request": {method, url, headers, body}, "response": {status, headers, body}}`. */
  file: string;
  /** The base URL the traffic was recorded against, when it is not the provider's default or env var: its path is stripped before matching. */
  baseUrl?: string;
  /** Fail on every severity, judgement and additive findings too (default false). */
  strict?: boolean;
  /** Severities whose unacknowledged findings fail the run (default `["breaking"]`). */
  failOn?: readonly Severity[];
  /** Allow-list file (JSON, or YAML by extension); default `contract-allowlist.json` when it exists. */
  allowlist?: string;
  /** An earlier report.json: each finding is marked new or still open, and the ones gone are listed. */
  baseline?: string;
  /** Folder for report.json, report.md and junit.xml (default `reports/drift`). */
  outDir?: string;
  /** Where base URLs and keys (redacted from the report) are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Classifies recorded traffic and writes the reports; returns the report and the files written. */
export function executeReplay(options: ReplayOptions): { report: DriftReport; files: string[] } {
  if (typeof options.provider !== "string") throw new UsageError("provider is required");
  if (typeof options.file !== "string" || options.file === "") throw new UsageError("file is required: a HAR file or NDJSON of {request, response} pairs");
  const [provider] = selectProviders([options.provider]);
  const env = envWithBaseUrls(options.env ?? process.env, options.baseUrl === undefined ? {} : { [options.provider]: options.baseUrl });
  return replayTraffic({
    provider: provider!,
    file: options.file,
    strict: options.strict ?? false,
    env,
    ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
    ...(options.allowlist !== undefined ? { allowlistPath: options.allowlist } : {}),
    ...(options.baseline !== undefined ? { baselinePath: options.baseline } : {}),
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
  });
}

/** Classifies recorded traffic of one provider, offline, and returns the drift report (also written to `outDir`). */
export async function runReplay(options: ReplayOptions): Promise<DriftReport> {
  return executeReplay(options).report;
}
