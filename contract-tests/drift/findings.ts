/** What the drift classifier reports: finding kinds, their severities, and how values are shown. */

/** The kinds of drift between a spec and the traffic a provider actually sends. */
export type FindingKind =
  | "undocumented-status"
  | "undocumented-content-type"
  | "missing-required-field"
  | "wrong-type"
  | "null-not-nullable"
  | "value-outside-enum"
  | "pattern-violation"
  | "format-violation"
  | "schema-violation"
  | "undocumented-property"
  | "property-never-seen";

/**
 * `breaking`: a client built from the spec would misbehave. `additive`: the provider added something
 * (an unknown property, an unknown value of an `x-open-enum` field). `notice`: the provider sends less
 * than the spec shows (a property in every example of a response, absent from every response of the run).
 */
export type Severity = "breaking" | "additive" | "notice";

/** Every kind, in report order, with its severity (value-outside-enum is breaking unless the enum is open). */
export const FINDING_KINDS: Readonly<Record<FindingKind, Severity>> = {
  "undocumented-status": "breaking",
  "undocumented-content-type": "breaking",
  "missing-required-field": "breaking",
  "wrong-type": "breaking",
  "null-not-nullable": "breaking",
  "value-outside-enum": "breaking",
  "pattern-violation": "breaking",
  "format-violation": "breaking",
  "schema-violation": "breaking",
  "undocumented-property": "additive",
  "property-never-seen": "notice",
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
  /** Where the spec says it, e.g. `#/components/schemas/SessionResponse/properties/status`. */
  specPointer?: string;
}

/** A finding in a run or a replay; identical findings of several responses are counted, not repeated. */
export interface Finding extends RawFinding {
  /** Stable key: provider, operation, status, kind and pointer template (array indices as `*`). */
  id: string;
  provider: string;
  operationId: string;
  /** `GET /sessions/{session_id}`. */
  operation: string;
  /** The HTTP status of the response; `null` for a finding about the whole run (property-never-seen). */
  status: number | null;
  /** Where the first response came from: a case name, `cleanup`, `id discovery`, or `replay line 3`. */
  source: string;
  /** Responses that produced this finding. */
  occurrences: number;
  /** Set when an allow-list entry acknowledges the finding. */
  acknowledged?: { reason: string; expires: string };
}

/** Longest value shown in a finding. */
export const MAX_VALUE_CHARS = 120;

/** A value as JSON, cut to `max` characters (an ellipsis marks the cut). */
export function showValue(value: unknown, max = MAX_VALUE_CHARS): string {
  const text = value === undefined ? "(absent)" : typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return cut(text, max);
}

/** `text` cut to `max` characters (an ellipsis marks the cut). */
export function cut(text: string, max = MAX_VALUE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A JSON pointer with array indices replaced by `*`: the same place in every response. */
export function pointerTemplate(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, "/*");
}

/** Appends an escaped segment to a JSON pointer. */
export function childPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}
