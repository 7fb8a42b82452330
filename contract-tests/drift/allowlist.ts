/**
 * The allow-list: known findings a team acknowledges, each with a reason and an expiry date. An entry
 * names a provider and a kind, and at least one of an operationId, a body pointer or a spec pointer, so
 * that it can never silence a whole provider. Every name is checked against the specs when the file is
 * read: an unknown provider, operation, kind or spec pointer, an unknown field or an impossible date is an
 * error naming the file and the entry. An expired entry stops applying and is reported.
 */
import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { SpecIndex } from "../runner/spec-index.js";
import { FINDING_KINDS, pointerSegments, pointerTemplate, type Finding, type FindingKind } from "./findings.js";

/** Where the allow-list is looked for when no path is given. */
export const DEFAULT_ALLOWLIST_PATH = "contract-allowlist.json";

/** One acknowledged finding. */
export interface AllowlistEntry {
  provider: string;
  kind: FindingKind;
  /** Matches a finding seen on this operation. */
  operationId?: string;
  /** Body pointer; `*` stands for one whole segment, such as an array index. */
  pointer?: string;
  /** The finding's `specPointer`: the place in the bundled spec (`#/components/schemas/SessionResponse/properties/title`). */
  specPointer?: string;
  /** The finding's `subject`: required for value-outside-enum (the value as JSON, `"gb"`) and wrong-type (the received type). */
  subject?: string;
  status?: number;
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

/** The specs an allow-list is checked against: every provider name the toolkit knows, and its spec. */
export interface AllowlistSpecs {
  providers: readonly string[];
  spec(provider: string): SpecIndex;
}

/** A bad allow-list file: the message names the file and, when one entry is at fault, the entry. */
export class AllowlistError extends Error {
  override readonly name = "AllowlistError";
  constructor(
    readonly file: string,
    message: string,
    readonly entry?: number,
  ) {
    super(`${file}: ${entry === undefined ? "" : `entries[${entry}]: `}${message}`);
  }
}

const FIELDS = ["provider", "kind", "operationId", "pointer", "specPointer", "subject", "status", "reason", "expires"] as const;
// Kinds whose subject is what tells one finding from another of the same place: an entry must pin it.
const SUBJECT_REQUIRED: ReadonlySet<FindingKind> = new Set(["value-outside-enum", "wrong-type"]);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `text` is a real calendar day `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function checkEntry(raw: unknown, i: number, file: string, specs: AllowlistSpecs): AllowlistEntry {
  const fail = (message: string): never => {
    throw new AllowlistError(file, message, i);
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return fail("expected an object");
  const entry = raw as Record<string, unknown>;
  const unknown = Object.keys(entry).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length) fail(`unknown field ${unknown.map((k) => JSON.stringify(k)).join(", ")}; known: ${FIELDS.join(", ")}`);
  for (const field of ["provider", "kind", "operationId", "pointer", "specPointer", "subject", "reason", "expires"]) {
    if (entry[field] !== undefined && typeof entry[field] !== "string") fail(`"${field}" must be a string`);
  }
  if (typeof entry.provider !== "string") fail(`"provider" is required; one of ${specs.providers.join(", ")}`);
  const provider = entry.provider as string;
  if (!specs.providers.includes(provider)) fail(`unknown provider ${JSON.stringify(provider)}; known: ${specs.providers.join(", ")}`);
  if (typeof entry.reason !== "string" || entry.reason.trim() === "") fail('"reason" is required');
  if (typeof entry.expires !== "string" || !isCalendarDate(entry.expires)) fail(`"expires" must be a date YYYY-MM-DD, got ${JSON.stringify(entry.expires)}`);
  if (typeof entry.kind !== "string") fail(`"kind" is required; one of ${Object.keys(FINDING_KINDS).join(", ")}`);
  const kind = entry.kind as FindingKind;
  if (!(kind in FINDING_KINDS)) fail(`unknown kind ${JSON.stringify(kind)}; known: ${Object.keys(FINDING_KINDS).join(", ")}`);
  if (entry.operationId === undefined && entry.pointer === undefined && entry.specPointer === undefined) {
    fail('name an "operationId", a "pointer" or a "specPointer" as well: an entry with only a provider and a kind would silence every such finding');
  }
  const spec = specs.spec(provider);
  if (entry.operationId !== undefined && !spec.operations().some((op) => op.operationId === entry.operationId)) {
    fail(`unknown operationId ${JSON.stringify(entry.operationId)} for ${provider}`);
  }
  if (entry.pointer !== undefined && entry.pointer !== "" && !String(entry.pointer).startsWith("/")) fail(`"pointer" must be a JSON pointer ("" or starting with /), got ${JSON.stringify(entry.pointer)}`);
  if (entry.specPointer !== undefined && (!String(entry.specPointer).startsWith("#/") || spec.at(String(entry.specPointer)) === undefined)) {
    fail(`"specPointer" ${JSON.stringify(entry.specPointer)} is not a place in the ${provider} spec`);
  }
  if (SUBJECT_REQUIRED.has(kind) && entry.subject === undefined) {
    fail(`a ${kind} entry must name the received ${kind === "wrong-type" ? "type" : "value (as JSON)"} it acknowledges in "subject"`);
  }
  if (entry.status !== undefined && (!Number.isInteger(entry.status) || (entry.status as number) < 100 || (entry.status as number) > 599)) fail('"status" must be an HTTP status code');
  return entry as unknown as AllowlistEntry;
}

function parse(file: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new AllowlistError(file, `not ${/\.ya?ml$/i.test(file) ? "YAML" : "JSON"} (${(error as Error).message})`);
  }
}

/**
 * Reads and checks an allow-list (JSON, or YAML by extension). A missing default file is an empty list; a
 * missing given file, or any bad entry, throws {@link AllowlistError}.
 */
export function loadAllowlist(path: string | undefined, specs: AllowlistSpecs): Allowlist {
  const file = path ?? DEFAULT_ALLOWLIST_PATH;
  if (!existsSync(file)) {
    if (path !== undefined) throw new AllowlistError(path, "allow-list not found");
    return { entries: [] };
  }
  const entries = (parse(file) as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) throw new AllowlistError(file, 'expected an object with an "entries" array');
  return { path: file, entries: entries.map((entry, i) => checkEntry(entry, i, file, specs)) };
}

/** True once the whole expiry day (UTC) has passed. */
export function isExpired(entry: AllowlistEntry, now: Date): boolean {
  return now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + 86_400_000;
}

function pointerMatches(pattern: string, template: string): boolean {
  const want = pointerSegments(pointerTemplate(pattern));
  const got = pointerSegments(template);
  return want.length === got.length && want.every((segment, i) => segment === "*" || segment === got[i]);
}

/** Whether an entry acknowledges a finding: every field it gives matches (the operation fields on one of the finding's operations). */
export function entryMatches(entry: AllowlistEntry, finding: Finding): boolean {
  if (entry.provider !== finding.provider || entry.kind !== finding.kind) return false;
  if (entry.specPointer !== undefined && entry.specPointer !== finding.specPointer) return false;
  if (entry.subject !== undefined && entry.subject !== finding.subject) return false;
  return finding.operations.some(
    (o) =>
      (entry.operationId === undefined || entry.operationId === o.operationId) &&
      (entry.status === undefined || entry.status === o.status) &&
      (entry.pointer === undefined || pointerMatches(entry.pointer, o.pointer)),
  );
}

/** Marks acknowledged findings (in place) and reports expired and unused entries. */
export function applyAllowlist(findings: Finding[], allowlist: Allowlist, now = new Date()): AllowlistOutcome {
  const expired = allowlist.entries.filter((e) => isExpired(e, now));
  const live = allowlist.entries.filter((e) => !isExpired(e, now));
  const used = new Set<AllowlistEntry>();
  let applied = 0;
  for (const finding of findings) {
    const entry = live.find((e) => entryMatches(e, finding));
    if (!entry) continue;
    finding.acknowledged = { reason: entry.reason, expires: entry.expires };
    used.add(entry);
    applied++;
  }
  return { path: allowlist.path ?? null, applied, expired, unused: live.filter((e) => !used.has(e)) };
}

/** A ready-to-paste entry acknowledging exactly this finding (its kind, spec place and subject). */
export function suggestedEntry(finding: Finding, now: Date, days = 30): AllowlistEntry {
  const expires = new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  return {
    provider: finding.provider,
    kind: finding.kind,
    specPointer: finding.specPointer,
    ...(finding.subject !== "" ? { subject: finding.subject } : {}),
    reason: "TODO: why this is acceptable until the spec or the provider is fixed",
    expires,
  };
}
