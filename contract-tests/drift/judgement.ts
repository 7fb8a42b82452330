/**
 * Reads the spec's `x-judgement` markers (openapi/EXTENSIONS.md): on a schema object, each key names a
 * JSON Schema keyword of that same object and gives, as a string, why we assumed it although the docs do
 * not state it; `required` maps each assumed-required property name to its reason. A finding whose
 * violated keyword is marked this way means "our assumption was wrong: fix the spec", not "the provider broke".
 */
import { JUDGEMENT } from "../runner/judgements.js";
import type { SpecIndex } from "../runner/spec-index.js";
import type { RawFinding } from "./findings.js";

/**
 * The reason the marker on the schema object at `nodePointer` gives for `keyword` (for `required`, for the
 * one `property`), or undefined when the constraint is not a judgement call.
 */
export function judgementReason(spec: SpecIndex, nodePointer: string, keyword: string, property?: string): string | undefined {
  const marker: unknown = spec.at(nodePointer)?.[JUDGEMENT];
  if (marker === null || typeof marker !== "object") return undefined;
  const entry = (marker as Record<string, unknown>)[keyword];
  if (keyword === "required") {
    const reason = property === undefined || entry === null || typeof entry !== "object" ? undefined : (entry as Record<string, unknown>)[property];
    return typeof reason === "string" ? reason : undefined;
  }
  return typeof entry === "string" ? entry : undefined;
}

/** The pointer of the schema object a keyword pointer sits on (`…/stepCount/minimum` gives `…/stepCount`). */
export function keywordOwner(keywordPointer: string): string {
  return keywordPointer.slice(0, keywordPointer.lastIndexOf("/"));
}

/** A breaking finding whose violated keyword is marked `x-judgement`, turned into a judgement finding (in place). */
export function applyJudgement(spec: SpecIndex, finding: RawFinding): RawFinding {
  if (finding.severity !== "breaking" || finding.keyword === undefined || finding.keywordPointer === undefined) return finding;
  const property = finding.keyword === "required" ? finding.subject : undefined;
  const reason = judgementReason(spec, keywordOwner(finding.keywordPointer), finding.keyword, property);
  if (reason !== undefined) {
    finding.severity = "judgement";
    finding.judgement = reason;
  }
  return finding;
}
