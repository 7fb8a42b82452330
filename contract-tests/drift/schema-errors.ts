/**
 * Reconciles ajv's errors with the walker's findings. ajv is the judge of validity; the walker names what
 * is wrong. Each ajv error is placed on the schema object that carries its keyword (ajv's `schemaPath` is
 * relative to the schema it was compiled from, so it is matched against the objects the walker visited at
 * the error's body pointer). Then:
 * - an error inside an `anyOf` / `oneOf` branch the walker did not choose is ignored (the chosen branch
 *   explains the value, or the composite's own error does);
 * - a walker finding stands only when ajv reports the same keyword at the same place;
 * - every other error becomes its own finding, so one named problem never hides another.
 */
import type { ErrorObject } from "ajv";
import type { SpecIndex } from "../runner/spec-index.js";
import { childPointer, FINDING_KINDS, jsonType, pointerSegments, showValue, valueSubject, type FindingKind, type RawFinding } from "./findings.js";
import { keywordOwner } from "./judgement.js";
import { typeReceived, type WalkOut } from "./walker.js";

/** Keywords whose error only says that subschemas failed; their subschemas' errors say why. */
const COMPOSITE_KEYWORDS: ReadonlySet<string> = new Set(["anyOf", "oneOf", "allOf", "if"]);

/** Keywords that report an unknown property: additive drift, never asked of ajv. */
export const UNKNOWN_PROPERTY_KEYWORDS: ReadonlySet<string> = new Set(["additionalProperties", "unevaluatedProperties"]);

/** An ajv error placed in the body and in the spec. */
export interface LocatedError {
  error: ErrorObject;
  keyword: string;
  /** The body pointer the keyword applied to. */
  instance: string;
  /** The body pointer the finding is about: the instance, or for `required` the missing property. */
  pointer: string;
  /** The missing property of a `required` error. */
  property?: string;
  /** The schema object carrying the keyword, when it could be placed. */
  node?: string;
  /** On the walker's chosen path, in a rejected branch, or somewhere the walker did not go. */
  path: "on" | "off" | "unknown";
}

function hasKeyword(spec: SpecIndex, node: string, keyword: string): boolean {
  const schema: unknown = spec.at(node);
  if (keyword === "false schema") return schema === false;
  return schema !== null && typeof schema === "object" && keyword in schema;
}

/** Places one ajv error (see the module comment). */
export function locateError(spec: SpecIndex, error: ErrorObject, walked: WalkOut): LocatedError {
  const keyword = error.keyword;
  const instance = error.instancePath;
  const property = keyword === "required" ? String((error.params as { missingProperty: string }).missingProperty) : undefined;
  const pointer = property === undefined ? instance : childPointer(instance, property);
  const path = error.schemaPath.replace(/^#/, "");
  const nodePath = keyword === "false schema" ? path : path.slice(0, path.lastIndexOf("/"));
  const on = walked.onPath.get(instance) ?? new Set<string>();
  const off = walked.offPath.get(instance) ?? new Set<string>();
  const base = { error, keyword, instance, pointer, ...(property === undefined ? {} : { property }) };
  // ajv writes the path of an inlined `$ref` target from the document root, and others from their own root.
  if (/^\/(?:components|paths)(?:\/|$)/.test(path)) {
    const node = `#${nodePath}`;
    return { ...base, node, path: on.has(node) ? "on" : off.has(node) ? "off" : "unknown" };
  }
  const fits = (node: string) => (nodePath === "" || node.endsWith(nodePath)) && hasKeyword(spec, node, keyword);
  const onNode = [...on].find(fits);
  if (onNode !== undefined) return { ...base, node: onNode, path: "on" };
  const offNode = [...off].find(fits);
  if (offNode !== undefined) return { ...base, node: offNode, path: "off" };
  return { ...base, path: "unknown" };
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>((node, seg) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[seg] : undefined), root);
}

/** The spec place of a body pointer: where the walker reached it, else its nearest visited ancestor's. */
function placeOf(walked: WalkOut, pointer: string, fallback: string): string {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
    const place = walked.places.get(p);
    if (place !== undefined) return place;
    if (p === "") return fallback;
  }
}

function kindOf(keyword: string, value: unknown): FindingKind {
  switch (keyword) {
    case "type":
      return value === null ? "null-not-nullable" : "wrong-type";
    case "enum":
    case "const":
      return "value-outside-enum";
    case "required":
      return "missing-required-field";
    case "pattern":
      return "pattern-violation";
    case "format":
      return "format-violation";
    default:
      return "schema-violation";
  }
}

function expectedOf(error: ErrorObject, property: string | undefined): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "type":
      return `type ${([] as unknown[]).concat(params.type).join(" | ")}`;
    case "enum":
      return `one of ${showValue(params.allowedValues)}`;
    case "const":
      return `the constant ${showValue(params.allowedValue)}`;
    case "required":
      return `required property ${JSON.stringify(property)}`;
    case "pattern":
      return `pattern ${String(params.pattern)}`;
    case "format":
      return `format ${String(params.format)}`;
    default:
      return `${error.keyword}: ${error.message ?? "fails"}`;
  }
}

/** The finding an ajv error stands for when no walker finding names it. */
function findingOf(spec: SpecIndex, located: LocatedError, body: unknown, walked: WalkOut, rootPlace: string): RawFinding {
  const { error, keyword, node, property } = located;
  const value = valueAt(body, located.instance);
  const kind = kindOf(keyword, value);
  let specPointer = placeOf(walked, located.pointer, rootPlace);
  if (property !== undefined && node !== undefined) {
    const declared = childPointer(`${node}/properties`, property);
    specPointer = spec.at(declared) !== undefined ? declared : `${node}/required`;
  }
  const subject = property ?? (kind === "value-outside-enum" ? valueSubject(value) : kind === "wrong-type" || kind === "null-not-nullable" ? jsonType(value) : "");
  const received = property !== undefined ? "(absent)" : keyword === "type" ? typeReceived(value) : showValue(value);
  return {
    kind,
    severity: FINDING_KINDS[kind],
    pointer: located.pointer,
    expected: expectedOf(error, property),
    received,
    specPointer,
    keyword,
    ...(node !== undefined && keyword !== "false schema" ? { keywordPointer: `${node}/${keyword}` } : {}),
    subject,
  };
}

function isAtOrBelow(pointer: string, parent: string): boolean {
  return pointer === parent || pointer.startsWith(`${parent}/`);
}

/** The breaking findings of an invalid body: walker findings ajv confirms, plus one per error no walker finding names. */
export function reconcile(spec: SpecIndex, errors: readonly ErrorObject[], body: unknown, walked: WalkOut, rootPlace: string): RawFinding[] {
  const located = errors.filter((e) => !UNKNOWN_PROPERTY_KEYWORDS.has(e.keyword)).map((e) => locateError(spec, e, walked)).filter((l) => l.path !== "off");
  const exact = (pointer: string, node: string | undefined, keyword: string | undefined) => `${pointer}\u0000${node ?? ""}\u0000${keyword ?? ""}`;
  const loose = (pointer: string, keyword: string | undefined) => `${pointer}\u0000${keyword ?? ""}`;
  const walkerNode = (f: RawFinding) => (f.keywordPointer === undefined ? undefined : keywordOwner(f.keywordPointer));
  // A finding on a union's unknown tag names the tag property; ajv reports the union at the object.
  const anchor = (f: RawFinding) => (f.keyword !== undefined && COMPOSITE_KEYWORDS.has(f.keyword) ? f.pointer.slice(0, f.pointer.lastIndexOf("/")) : f.pointer);

  const ajvExact = new Set(located.filter((l) => l.node !== undefined).map((l) => exact(l.pointer, l.node, l.keyword)));
  const ajvLoose = new Set(located.map((l) => loose(l.pointer, l.keyword)));
  const confirmed = walked.findings.filter((f) => f.severity === "breaking" && (ajvExact.has(exact(anchor(f), walkerNode(f), f.keyword)) || ajvLoose.has(loose(anchor(f), f.keyword))));

  const walkerExact = new Set(confirmed.map((f) => exact(anchor(f), walkerNode(f), f.keyword)));
  const walkerLoose = new Set(confirmed.map((f) => loose(anchor(f), f.keyword)));
  const leaves = located.filter((l) => !COMPOSITE_KEYWORDS.has(l.keyword));
  const added = leaves
    .filter((l) => !walkerExact.has(exact(l.pointer, l.node, l.keyword)) && !walkerLoose.has(loose(l.pointer, l.keyword)))
    .map((l) => findingOf(spec, l, body, walked, rootPlace));
  const named = [...confirmed, ...added];
  // A composite failing with nothing failing beneath it (a oneOf matching twice) is a finding of its own.
  const composites = located.filter((l) => COMPOSITE_KEYWORDS.has(l.keyword) && !named.some((f) => isAtOrBelow(f.pointer, l.instance)));
  return [...named, ...composites.map((l) => findingOf(spec, l, body, walked, rootPlace))];
}
