/**
 * Change over time: a run compared with an earlier report.json (`--baseline previous/report.json`). Each
 * finding is `new` or `open` (its id was in the baseline); a baseline finding not found again is `gone`
 * only when this run checked its provider and at least one of its operations; otherwise it is counted as
 * not rechecked (a skipped provider proves nothing gone). Finding ids are stable across runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { InputError, parseJsonText } from "../runner/input-files.js";
import type { Finding, FindingKind, Severity } from "./findings.js";

const addFormats = addFormatsModule.default;

/** A baseline finding this run no longer saw. */
export interface GoneFinding {
  id: string;
  provider: string;
  kind: FindingKind;
  severity: Severity;
  operationId: string;
  pointer: string;
  specPointer: string;
  subject: string;
}

/** What comparing with the baseline found. */
export interface BaselineOutcome {
  /** The baseline report read. */
  path: string;
  /** When the baseline report was written. */
  generatedAt: string;
  /** Baseline findings this run checked and did not see again. */
  gone: GoneFinding[];
  /** Baseline findings whose provider or operations this run did not check. */
  notRechecked: number;
}

/** The parts of a baseline report the comparison reads. */
export interface BaselineReport {
  path: string;
  generatedAt: string;
  findings: Pick<Finding, "id" | "provider" | "kind" | "severity" | "operationId" | "pointer" | "specPointer" | "subject" | "operations">[];
}

/** A baseline that cannot be read or is not a report this version can compare with. */
export class BaselineError extends Error {
  override readonly name = "BaselineError";
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`baseline ${file}: ${message}`);
  }
}

let validateReport: ValidateFunction | undefined;

function reportValidator(): ValidateFunction {
  if (!validateReport) {
    const ajv = new Ajv2020({ strict: true, allErrors: false });
    addFormats(ajv);
    validateReport = ajv.compile(JSON.parse(readFileSync(new URL("./report.schema.json", import.meta.url), "utf8")));
  }
  return validateReport;
}

/** Reads a baseline report.json; throws {@link BaselineError} unless it is a report of the current schema version. */
export function loadBaseline(path: string, schemaVersion: number): BaselineReport {
  if (!existsSync(path)) throw new BaselineError(path, "not found");
  let raw: unknown;
  try {
    raw = parseJsonText(readFileSync(path, "utf8"), path, "baseline");
  } catch (error) {
    // The shared parser's line and column, as every other file error gives; Node's own message varies by version.
    if (error instanceof InputError) throw new BaselineError(path, error.detail);
    throw error;
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== schemaVersion) {
    throw new BaselineError(path, `schemaVersion ${JSON.stringify(version)}, this toolkit writes ${schemaVersion}: finding ids are not comparable; run once without --baseline`);
  }
  const validate = reportValidator();
  if (!validate(raw)) {
    const [error] = validate.errors ?? [];
    throw new BaselineError(path, `not a drift report (${error?.instancePath || "/"} ${error?.message ?? "invalid"})`);
  }
  const report = raw as { generatedAt: string; findings: BaselineReport["findings"] };
  return { path, generatedAt: report.generatedAt, findings: report.findings };
}

/**
 * Marks every finding `new` or `open` (in place) and lists the baseline findings gone. `checked` says
 * whether this run judged a provider's operation (the provider ran and the operation got a response).
 */
export function compareWithBaseline(findings: Finding[], baseline: BaselineReport, checked: (provider: string, operationId: string) => boolean): BaselineOutcome {
  const before = new Set(baseline.findings.map((f) => f.id));
  for (const f of findings) f.change = before.has(f.id) ? "open" : "new";
  const now = new Set(findings.map((f) => f.id));
  const gone: GoneFinding[] = [];
  let notRechecked = 0;
  for (const f of baseline.findings) {
    if (now.has(f.id)) continue;
    if (!f.operations.some((o) => checked(f.provider, o.operationId))) {
      notRechecked++;
      continue;
    }
    gone.push({ id: f.id, provider: f.provider, kind: f.kind, severity: f.severity, operationId: f.operationId, pointer: f.pointer, specPointer: f.specPointer, subject: f.subject });
  }
  return { path: baseline.path, generatedAt: baseline.generatedAt, gone, notRechecked };
}
