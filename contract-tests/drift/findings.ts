/** What the drift classifier reports: finding kinds, their severities, identities, and how values are shown. */
import { createHash } from "node:crypto";

/** The kinds of drift between a spec and the traffic a provider actually sends. */
export type FindingKind =
  | "undocumented-status"
  | "undocumented-content-type"
  | "missing-required-field"
  | "property-never-seen"
  | "wrong-type"
  | "null-not-nullable"
  | "value-outside-enum"
  | "pattern-violation"
  | "format-violation"
  | "schema-violation"
  | "undocumented-property";

/**
 * `breaking`: a client built from the spec would misbehave, and the spec states a documented fact.
 * `judgement`: the violated constraint is one the docs do not state, marked `x-judgement` in the spec:
 * the spec's assumption is wrong, fix the spec. `additive`: the provider added something (an unknown
 * property, an unknown value of an `x-open-enum` field); clients keep working.
 */
export type Severity = "breaking" | "judgement" | "additive";

/** Every severity, most serious first (report order). */
export const SEVERITIES: readonly Severity[] = ["breaking", "judgement", "additive"];

/**
 * Every kind with its severity before markers are read. A breaking finding whose constraint carries an
 * `x-judgement` marker becomes `judgement`; `value-outside-enum` on an `x-open-enum` field is additive.
 */
export const FINDING_KINDS: Readonly<Record<FindingKind, Severity>> = {
  "undocumented-status": "breaking",
  "undocumented-content-type": "breaking",
  "missing-required-field": "breaking",
  "property-never-seen": "breaking",
  "wrong-type": "breaking",
  "null-not-nullable": "breaking",
  "value-outside-enum": "breaking",
  "pattern-violation": "breaking",
  "format-violation": "breaking",
  "schema-violation": "breaking",
  "undocumented-property": "additive",
};

/** A finding about one response, before it is placed in a run (provider, operation, source). */
export interface RawFinding {
  kind: FindingKind;
  severity: Severity;
  /** JSON pointer into the response body; `""` for the whole response. */
  pointer: string;
  /** What the spec says, e.g. `type string`. */
  expected: string;
  /** What was received, cut to {@link MAX_VALUE_CHARS}. */
  received: string;
  /**
   * The place in the bundled spec this finding is about, the unit findings are grouped by: the declaration
   * of the property (`#/components/schemas/SessionResponse/properties/stepCount`), the object's `properties`
   * for an undocumented property, the operation's `responses` for an undocumented status. Always resolves
   * in the spec.
   */
  specPointer: string;
  /** The JSON Schema keyword violated (`type`, `enum`, `required`, `minimum`, ...); absent for status and content type. */
  keyword?: string;
  /** Where the violated keyword sits, e.g. `#/components/schemas/DecimalString/pattern`: where `x-judgement` is read. */
  keywordPointer?: string;
  /**
   * What, besides kind and place, tells this finding apart: the received value (JSON, or a sha256 digest
   * past 64 characters) of an enum finding, the received JSON type of a type finding, the property name of
   * a property finding, the status or media type of a response finding; `""` for the others.
   */
  subject: string;
  /** The reason of the `x-judgement` marker, when severity is `judgement`. */
  judgement?: string;
}

/** One operation (and status) a finding was seen on. */
export interface FindingOccurrence {
  operationId: string;
  /** `GET /sessions/{session_id}`. */
  operation: string;
  /** The HTTP status of the responses. */
  status: number;
  /** Pointer template into the body (array indices as `*`). */
  pointer: string;
  /** Responses of this operation and status that produced the finding. */
  occurrences: number;
  /** Responses of this operation and status classified in the run. */
  responses: number;
  /** Where the first response came from: a case name, `cleanup`, `id discovery`, or `replay entry 3`. */
  source: string;
}

/** A finding in a run or a replay: one spec change, with every operation it was seen on. */
export interface Finding extends RawFinding {
  /** Stable across runs: provider, kind, spec place, keyword and subject (see {@link findingId}). */
  id: string;
  provider: string;
  /** Of the first of `operations`. */
  operationId: string;
  /** `GET /sessions/{session_id}`, of the first of `operations`. */
  operation: string;
  /** The HTTP status of the first of `operations`. */
  status: number;
  /** Where the first response of the first of `operations` came from. */
  source: string;
  /** Responses that produced this finding, over every operation. */
  occurrences: number;
  /** Every operation and status it was seen on, sorted by operationId, status and pointer. */
  operations: FindingOccurrence[];
  /** With `--baseline`: `new` (not in the baseline report) or `open` (in it already). */
  change?: "new" | "open";
  /** Set when an allow-list entry acknowledges the finding. */
  acknowledged?: { reason: string; expires: string };
}

/** Longest value shown in a finding. */
export const MAX_VALUE_CHARS = 120;
// A received value longer than this is identified by a digest instead of its text.
const MAX_SUBJECT_CHARS = 64;

/** A value as JSON, cut to `max` characters (an ellipsis marks the cut). */
export function showValue(value: unknown, max = MAX_VALUE_CHARS): string {
  const text = value === undefined ? "(absent)" : JSON.stringify(value) ?? String(value);
  return cut(text, max);
}

/** `text` cut to `max` characters (an ellipsis marks the cut). */
export function cut(text: string, max = MAX_VALUE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The JSON type name of a value: `null`, `array`, `integer`, `number`, `string`, `boolean`, `object`. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** A received value as a finding's subject: its JSON, or `sha256:` and 16 hex digits when longer than 64 characters. */
export function valueSubject(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_SUBJECT_CHARS ? text : `sha256:${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
}

/** The stable identity of a finding: the same spec change gets the same id in every run. */
export function findingId(provider: string, raw: Pick<RawFinding, "kind" | "specPointer" | "keyword" | "subject">): string {
  return [provider, raw.kind, raw.specPointer, raw.keyword ?? "-", raw.subject].join(" ");
}

/** A JSON pointer with array indices replaced by `*`: the same place in every response. */
export function pointerTemplate(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, "/*");
}

/** Appends an escaped segment to a JSON pointer. */
export function childPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** The segments of a JSON pointer, unescaped. */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .replace(/^#/, "")
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
