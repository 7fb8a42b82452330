/**
 * The allow-list: known findings a team acknowledges, each with a reason and an expiry date. An entry
 * matches on provider and on every other field it gives (an absent field matches anything); `pointer`
 * may use `*` for a whole segment. An expired entry stops applying and is reported.
 */
import { existsSync } from "node:fs";
import { readDataFile } from "../runner/input-files.js";
import { FINDING_KINDS, pointerTemplate, type Finding, type FindingKind } from "./findings.js";

/** Where the allow-list is looked for when no path is given. */
export const DEFAULT_ALLOWLIST_PATH = "contract-allowlist.json";

/** One acknowledged finding. */
export interface AllowlistEntry {
  provider: string;
  operationId?: string;
  kind?: FindingKind;
  status?: number;
  /** JSON pointer into the body; `*` stands for one whole segment, such as an array index. */
  pointer?: string;
  /** Why the finding is acceptable for now. */
  reason: string;
  /** Last day (UTC, `YYYY-MM-DD`) the entry applies. */
  expires: string;
}

/** A loaded allow-list. */
export interface Allowlist {
  /** The file read, or undefined when there is none. */
  path?: string;
  entries: AllowlistEntry[];
}

/** What applying the allow-list did. */
export interface AllowlistOutcome {
  path: string | null;
  /** Findings acknowledged. */
  applied: number;
  /** Entries past their expiry date: they acknowledged nothing. */
  expired: AllowlistEntry[];
  /** Live entries that matched no finding (candidates for removal). */
  unused: AllowlistEntry[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validate(raw: unknown, path: string): AllowlistEntry[] {
  const entries = (raw as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) throw new Error(`${path}: expected an object with an "entries" array`);
  return entries.map((entry: Record<string, unknown>, i) => {
    const where = `${path}: entries[${i}]`;
    if (typeof entry?.provider !== "string") throw new Error(`${where}: "provider" is required`);
    if (typeof entry.reason !== "string" || entry.reason.trim() === "") throw new Error(`${where}: "reason" is required`);
    if (typeof entry.expires !== "string" || !DATE.test(entry.expires) || Number.isNaN(Date.parse(entry.expires))) {
      throw new Error(`${where}: "expires" must be a date YYYY-MM-DD`);
    }
    if (entry.kind !== undefined && !(String(entry.kind) in FINDING_KINDS)) {
      throw new Error(`${where}: unknown kind ${JSON.stringify(entry.kind)}; known: ${Object.keys(FINDING_KINDS).join(", ")}`);
    }
    if (entry.status !== undefined && !Number.isInteger(entry.status)) throw new Error(`${where}: "status" must be an integer`);
    for (const field of ["operationId", "pointer"]) {
      if (entry[field] !== undefined && typeof entry[field] !== "string") throw new Error(`${where}: "${field}" must be a string`);
    }
    return entry as unknown as AllowlistEntry;
  });
}

/** Reads an allow-list (JSON, or YAML by extension). A missing default file is an empty list; a missing given file is an error. */
export function loadAllowlist(path?: string): Allowlist {
  const file = path ?? DEFAULT_ALLOWLIST_PATH;
  if (path === undefined && !existsSync(file)) return { entries: [] };
  return { path: file, entries: validate(readDataFile(file, "allow-list"), file) };
}

/** True once the whole expiry day (UTC) has passed. */
export function isExpired(entry: AllowlistEntry, now: Date): boolean {
  return now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + 86_400_000;
}

function pointerMatches(pattern: string, pointer: string): boolean {
  const want = pattern.split("/");
  const got = pointer.split("/");
  return want.length === got.length && want.every((segment, i) => segment === "*" || segment === got[i]);
}

function matches(entry: AllowlistEntry, finding: Finding): boolean {
  return (
    entry.provider === finding.provider &&
    (entry.operationId === undefined || entry.operationId === finding.operationId) &&
    (entry.kind === undefined || entry.kind === finding.kind) &&
    (entry.status === undefined || entry.status === finding.status) &&
    (entry.pointer === undefined || pointerMatches(entry.pointer, finding.pointer) || pointerMatches(entry.pointer, pointerTemplate(finding.pointer)))
  );
}

/** Marks acknowledged findings (in place) and reports expired and unused entries. */
export function applyAllowlist(findings: Finding[], allowlist: Allowlist, now = new Date()): AllowlistOutcome {
  const expired = allowlist.entries.filter((e) => isExpired(e, now));
  const live = allowlist.entries.filter((e) => !isExpired(e, now));
  const used = new Set<AllowlistEntry>();
  let applied = 0;
  for (const finding of findings) {
    const entry = live.find((e) => matches(e, finding));
    if (!entry) continue;
    finding.acknowledged = { reason: entry.reason, expires: entry.expires };
    used.add(entry);
    applied++;
  }
  return { path: allowlist.path ?? null, applied, expired, unused: live.filter((e) => !used.has(e)) };
}
