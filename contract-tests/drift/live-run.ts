/** A live contract run with its drift report: select targets, run the cases safely, classify, report. */
import { CleanupRegistry, DEFAULT_MAX_CREATES, describePlan, planLive, runLiveSuite, selectLiveTarget, type CreateBudget, type LiveCaseResult } from "../runner/live.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "../runner/providers.js";
import { specFor } from "../runner/suite.js";
import { applyAllowlist, loadAllowlist } from "./allowlist.js";
import { DriftCollector } from "./collect.js";
import { buildReport, DEFAULT_REPORT_DIR, writeReports, type CaseReport, type DriftReport, type ProviderReport } from "./report.js";

/** Options of a live drift run. */
export interface LiveDriftOptions {
  providers: readonly ContractProvider[];
  /** Where keys and base URLs are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Budget of created resources for the whole run. Default {@link DEFAULT_MAX_CREATES}. */
  maxCreates?: number;
  /** Fail on additive findings and notices too. */
  strict?: boolean;
  /** Allow-list file; default `contract-allowlist.json` when it exists. */
  allowlistPath?: string;
  /** Report directory; default `reports/drift`. */
  outDir?: string;
  /** Pending cleanups, shared with a SIGINT handler. */
  cleanups?: CleanupRegistry;
  /** Progress lines (one per provider, one per cleanup). */
  log?: (line: string) => void;
  now?: Date;
}

/** Every API key set in the environment for any known provider: redacted from every report. */
export function secretsIn(env: NodeJS.ProcessEnv, providers: readonly ContractProvider[] = CONTRACT_PROVIDERS): string[] {
  const names = new Set([...CONTRACT_PROVIDERS, ...providers].map((p) => p.definition.apiKeyEnv));
  return [...names].map((name) => env[name]).filter((v): v is string => typeof v === "string" && v !== "");
}

function caseReport(result: LiveCaseResult): CaseReport {
  return {
    name: result.case.name,
    operationId: result.case.operationId,
    operation: result.operation,
    outcome: result.skipped !== undefined ? "skipped" : result.failures.length > 0 ? "failed" : "passed",
    status: result.status ?? null,
    ...(result.skipped !== undefined ? { reason: result.skipped } : {}),
    failures: result.failures,
    durationMs: result.durationMs,
  };
}

/** The dry run: the calls a live run would make, creates marked as costing money; sends nothing. */
export function dryRunLines(options: Pick<LiveDriftOptions, "providers" | "env" | "maxCreates">): string[] {
  const budget: CreateBudget = { limit: options.maxCreates ?? DEFAULT_MAX_CREATES, used: 0 };
  const lines = options.providers.flatMap((provider) => {
    const selection = selectLiveTarget(provider, options.env ?? process.env);
    // A provider without a key spends no budget: it would not run.
    const plan = planLive(provider, selection.target ? budget : { limit: budget.limit, used: budget.used });
    return describePlan(selection, plan);
  });
  lines.push(`dry run: nothing was sent; create budget ${budget.used}/${budget.limit} (--max-creates)`);
  return lines;
}

/** Runs the live cases of every provider with a key, one provider after another, and writes the reports. */
export async function runLiveDrift(options: LiveDriftOptions): Promise<{ report: DriftReport; files: string[] }> {
  const env = options.env ?? process.env;
  const allowlist = loadAllowlist(options.allowlistPath);
  const budget: CreateBudget = { limit: options.maxCreates ?? DEFAULT_MAX_CREATES, used: 0 };
  const cleanups = options.cleanups ?? new CleanupRegistry();
  const byName = new Map(options.providers.map((p) => [p.definition.name, p]));
  const collector = new DriftCollector((name) => specFor(byName.get(name)!));
  const providers: ProviderReport[] = [];
  for (const provider of options.providers) {
    const name = provider.definition.name;
    const selection = selectLiveTarget(provider, env);
    if (!selection.target) {
      options.log?.(`skip    ${name}: ${selection.skipReason}`);
      providers.push({ name, status: "skipped", reason: selection.skipReason!, cases: [], cleanup: [] });
      continue;
    }
    const started = performance.now();
    const run = await runLiveSuite(provider, selection.target, planLive(provider, budget), { cleanups, log: options.log });
    for (const exchange of run.exchanges) collector.add(exchange);
    options.log?.(`live    ${name}: ${run.exchanges.length} response(s) in ${Math.round(performance.now() - started)} ms`);
    providers.push({ name, status: "ran", baseUrl: run.baseUrl!, cases: run.cases.map(caseReport), cleanup: run.cleanup });
  }
  const findings = collector.findings();
  const outcome = applyAllowlist(findings, allowlist, options.now);
  const report = buildReport(
    { mode: "live", strict: options.strict ?? false, providers, findings, allowlist: outcome, responses: collector.responses, ...(options.now ? { now: options.now } : {}) },
    secretsIn(env, options.providers),
  );
  const files = writeReports(report, options.outDir ?? DEFAULT_REPORT_DIR);
  return { report, files };
}
