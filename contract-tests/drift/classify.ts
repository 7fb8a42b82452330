/**
 * The drift classifier: one observed response against the operation's spec, findings by kind and severity.
 * Status and content type first; then the body: the walker names what is wrong (and sees what ajv accepts:
 * unknown properties, open-enum values), the cached ajv validator judges validity, and every ajv error the
 * walker does not name becomes its own finding (schema-errors.ts). Last, a breaking finding whose violated
 * keyword is marked `x-judgement` becomes a judgement finding (judgement.ts).
 */
import type { SpecIndex, SpecNode, SpecOperation } from "../runner/spec-index.js";
import { childPointer, FINDING_KINDS, type FindingKind, type RawFinding } from "./findings.js";
import { applyJudgement } from "./judgement.js";
import { reconcile } from "./schema-errors.js";
import { Walker } from "./walker.js";

/** The parts of a response the classifier reads (an `ObservedResponse` has them all). */
export interface ClassifiedResponse {
  status: number;
  /** Media type without parameters, lowercased; empty when absent. */
  mediaType: string;
  text: string;
  json: unknown;
  jsonError?: string;
}

/** The findings of one response, and the documented properties it carried. */
export interface Classification {
  findings: RawFinding[];
  /** The documented response this was checked against, e.g. `200 application/json`; absent when undocumented. */
  responseKey?: { status: string; mediaType: string };
  /** Pointer templates (array indices as `*`) of the documented properties present in the body. */
  seen: Set<string>;
}

// Media types whose bodies are JSON.
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

function mediaTypeMatches(documented: string, received: string): boolean {
  if (documented === received || documented === "*/*") return true;
  return documented.endsWith("/*") && received.startsWith(documented.slice(0, -1));
}

function responseFinding(kind: FindingKind, expected: string, received: string, specPointer: string, subject: string): RawFinding {
  return { kind, severity: FINDING_KINDS[kind], pointer: "", expected, received, specPointer, subject };
}

/** Where the response object of a status key is declared: its `$ref` target when shared, else under the operation. */
function responsePointer(operation: SpecOperation, statusKey: string): string {
  const raw: SpecNode = operation.node.responses[statusKey];
  return typeof raw.$ref === "string" ? raw.$ref : childPointer(`${operation.pointer}/responses`, statusKey);
}

/** The spec place of a whole body: the response schema, or the component it only refers to. */
function rootPlace(spec: SpecIndex, schemaPointer: string): string {
  const schema = spec.at(schemaPointer);
  const bare = schema && typeof schema.$ref === "string" && Object.keys(schema).every((k) => k === "$ref" || k === "description" || k === "summary");
  return bare ? (schema.$ref as string) : schemaPointer;
}

/** At most one finding of a kind and keyword per body pointer; a documented fact wins over a judgement. */
function dedupe(findings: RawFinding[]): RawFinding[] {
  const byKey = new Map<string, RawFinding>();
  for (const f of findings) {
    const key = `${f.pointer}\u0000${f.kind}\u0000${f.keyword ?? ""}`;
    const kept = byKey.get(key);
    if (!kept || (kept.severity === "judgement" && f.severity === "breaking")) byKey.set(key, f);
  }
  // Body order, so that a report reads top to bottom.
  return [...byKey.values()].sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : a.kind.localeCompare(b.kind)));
}

/** Classifies one response of an operation: status, content type, then the body against its schema. */
export function classifyResponse(spec: SpecIndex, operation: SpecOperation, response: ClassifiedResponse): Classification {
  const seen = new Set<string>();
  const documented = spec.response(operation, response.status);
  if (!documented) {
    const statuses = spec.documentedStatuses(operation).join(", ");
    return { findings: [responseFinding("undocumented-status", `status ${statuses}`, String(response.status), `${operation.pointer}/responses`, String(response.status))], seen };
  }
  const declared = responsePointer(operation, documented.key);
  const mediaTypes = Object.keys(documented.node.content ?? {});
  if (mediaTypes.length === 0) {
    if (response.text === "") return { findings: [], responseKey: { status: documented.key, mediaType: "" }, seen };
    const received = `${response.mediaType || "(no content type)"}, ${response.text.length}-byte body`;
    return { findings: [responseFinding("undocumented-content-type", "no content", received, declared, response.mediaType || "(none)")], seen };
  }
  const mediaType = mediaTypes.find((m) => mediaTypeMatches(m, response.mediaType));
  if (mediaType === undefined) {
    return { findings: [responseFinding("undocumented-content-type", `content type ${mediaTypes.join(", ")}`, response.mediaType || "(none)", `${declared}/content`, response.mediaType || "(none)")], seen };
  }
  const responseKey = { status: documented.key, mediaType };
  if (!JSON_MEDIA.test(response.mediaType)) return { findings: [], responseKey, seen };
  if (response.jsonError !== undefined || response.json === undefined) {
    const received = response.jsonError === undefined ? "an empty body" : `unparseable JSON (${response.jsonError})`;
    const subject = response.jsonError === undefined ? "empty" : "unparseable";
    return { findings: [responseFinding("wrong-type", "a JSON document", received, childPointer(`${declared}/content`, mediaType), subject)], responseKey, seen };
  }
  const schemaPointer = spec.responseSchemaPointer(operation, documented.key, mediaType);
  const place = rootPlace(spec, schemaPointer);
  const walked = new Walker(spec).walk(spec.at(schemaPointer), schemaPointer, response.json, { pointer: "", template: "", place, depth: 0 });
  const validate = spec.validator(schemaPointer);
  const others = walked.findings.filter((f) => f.severity !== "breaking");
  const breaking = validate(response.json) ? [] : reconcile(spec, validate.errors ?? [], response.json, walked, place);
  const findings = dedupe([...breaking.map((f) => applyJudgement(spec, f)), ...others]);
  return { findings, responseKey, seen: walked.seen };
}
