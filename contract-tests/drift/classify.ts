/**
 * The drift classifier: one observed response against the operation's spec, findings by kind and severity.
 * A schema walker names what is wrong (and sees what ajv accepts: unknown properties, open-enum values);
 * the cached ajv validator stays the judge of validity, so the walker never adds a breaking finding to a
 * body ajv accepts, and anything ajv rejects that the walker cannot name becomes a `schema-violation`.
 */
import { isDeepStrictEqual } from "node:util";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { SpecIndex, SpecNode, SpecOperation } from "../runner/spec-index.js";
import { childPointer, FINDING_KINDS, showValue, type FindingKind, type RawFinding } from "./findings.js";

const addFormats = addFormatsModule.default;

/** The parts of a response the classifier reads (an `ObservedResponse` has them all). */
export interface ClassifiedResponse {
  status: number;
  /** Media type without parameters, lowercased; empty when absent. */
  mediaType: string;
  text: string;
  json: unknown;
  jsonError?: string;
}

/** The findings of one response, and the documented properties it carried (for property-never-seen). */
export interface Classification {
  findings: RawFinding[];
  /** The documented response this was checked against, e.g. `200 application/json`; absent when undocumented. */
  responseKey?: { status: string; mediaType: string };
  /** Pointer templates (array indices as `*`) of the documented properties present in the body. */
  seen: Set<string>;
}

// The deepest schema nesting walked; specs here are far shallower, the bound only stops a cycle.
const MAX_DEPTH = 64;
// Media types whose bodies are JSON.
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

const formatAjv = new Ajv2020({ strict: false, validateFormats: true });
addFormats(formatAjv);
const formatValidators = new Map<string, ValidateFunction | null>();

function formatValidator(format: string): ValidateFunction | null {
  if (!formatValidators.has(format)) {
    let validate: ValidateFunction | null = null;
    try {
      validate = formatAjv.compile({ type: "string", format });
    } catch {
      // An unknown format asserts nothing (JSON Schema 2020-12 treats it as an annotation).
    }
    formatValidators.set(format, validate);
  }
  return formatValidators.get(format)!;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(declared: string, value: unknown): boolean {
  const actual = jsonType(value);
  return declared === actual || (declared === "number" && actual === "integer");
}

function finding(kind: FindingKind, pointer: string, expected: string, received: string, specPointer: string, severity = FINDING_KINDS[kind]): RawFinding {
  return { kind, severity, pointer, expected, received, specPointer };
}

interface WalkOut {
  findings: RawFinding[];
  seen: Set<string>;
}

function score(out: WalkOut, pointer: string): [number, number, number] {
  const breaking = out.findings.filter((f) => f.severity === "breaking");
  // A branch whose own type rejects the value explains less than one that accepts the type.
  const rootTypeMiss = breaking.some((f) => f.pointer === pointer && (f.kind === "wrong-type" || f.kind === "null-not-nullable")) ? 1 : 0;
  return [breaking.length, rootTypeMiss, out.findings.length];
}

function better(a: [number, number, number], b: [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** Walks a schema and a value together; `template` is the pointer with array indices as `*`. */
class Walker {
  constructor(private readonly spec: SpecIndex) {}

  walk(schema: SpecNode | boolean | undefined, value: unknown, pointer: string, template: string, at: string, depth = 0): WalkOut {
    const out: WalkOut = { findings: [], seen: new Set() };
    if (schema === undefined || schema === true || depth > MAX_DEPTH) return out;
    if (schema === false) {
      out.findings.push(finding("schema-violation", pointer, "nothing (the schema is false)", showValue(value), at));
      return out;
    }
    const merge = (other: WalkOut) => {
      out.findings.push(...other.findings);
      other.seen.forEach((s) => out.seen.add(s));
    };
    if (typeof schema.$ref === "string") {
      merge(this.walk(this.spec.resolve(schema), value, pointer, template, schema.$ref, depth + 1));
    }
    for (const branch of (schema.allOf as SpecNode[] | undefined) ?? []) merge(this.walk(branch, value, pointer, template, `${at}/allOf`, depth + 1));
    for (const key of ["anyOf", "oneOf"] as const) {
      const branches = schema[key] as SpecNode[] | undefined;
      if (branches) merge(this.alternatives(branches, value, pointer, template, `${at}/${key}`, depth));
    }

    const types = schema.type === undefined ? undefined : ([] as string[]).concat(schema.type);
    if (types && !types.some((t) => typeMatches(t, value))) {
      const kind = value === null ? "null-not-nullable" : "wrong-type";
      out.findings.push(finding(kind, pointer, `type ${types.join(" | ")}`, `${jsonType(value)} ${showValue(value)}`, at));
      return out;
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((allowed: unknown) => isDeepStrictEqual(allowed, value))) {
      out.findings.push(finding("value-outside-enum", pointer, `one of ${showValue(schema.enum)}`, showValue(value), at));
    }
    if ("const" in schema && !isDeepStrictEqual(schema.const, value)) {
      out.findings.push(finding("value-outside-enum", pointer, `the constant ${showValue(schema.const)}`, showValue(value), at));
    }
    if (typeof value === "string") {
      if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
        out.findings.push(finding("pattern-violation", pointer, `pattern ${schema.pattern}`, showValue(value), at));
      }
      const validate = typeof schema.format === "string" ? formatValidator(schema.format) : null;
      if (validate && !validate(value)) {
        out.findings.push(finding("format-violation", pointer, `format ${schema.format}`, showValue(value), at));
      }
    }
    if (Array.isArray(value) && schema.items !== undefined) {
      value.forEach((item, i) => merge(this.walk(schema.items, item, childPointer(pointer, i), `${template}/*`, `${at}/items`, depth + 1)));
      // Marks that an item was seen, so the properties of items can be missed (see property-never-seen).
      if (value.length > 0) out.seen.add(`${template}/*`);
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) merge(this.object(schema, value as Record<string, unknown>, pointer, template, at, depth));
    return out;
  }

  private object(schema: SpecNode, value: Record<string, unknown>, pointer: string, template: string, at: string, depth: number): WalkOut {
    const out: WalkOut = { findings: [], seen: new Set() };
    const properties = (schema.properties ?? {}) as Record<string, SpecNode>;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in value)) {
        out.findings.push(finding("missing-required-field", childPointer(pointer, name), `required property ${JSON.stringify(name)}`, "(absent)", `${at}/required`));
      }
    }
    const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, SpecNode>);
    for (const [name, child] of Object.entries(value)) {
      const childAt = childPointer(pointer, name);
      const childTemplate = childPointer(template, name);
      if (name in properties) {
        out.seen.add(childTemplate);
        const sub = this.walk(properties[name], child, childAt, childTemplate, childPointer(`${at}/properties`, name), depth + 1);
        out.findings.push(...sub.findings);
        sub.seen.forEach((s) => out.seen.add(s));
        continue;
      }
      const pattern = patterns.find(([source]) => new RegExp(source, "u").test(name));
      if (pattern) {
        out.findings.push(...this.walk(pattern[1], child, childAt, childTemplate, `${at}/patternProperties`, depth + 1).findings);
      } else if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
        out.findings.push(...this.walk(schema.additionalProperties, child, childAt, childTemplate, `${at}/additionalProperties`, depth + 1).findings);
      } else if (schema.properties !== undefined) {
        // Only a documented shape has undocumented properties; a free-form object has none.
        out.findings.push(finding("undocumented-property", childAt, `not among the ${Object.keys(properties).length} documented properties`, showValue(child), `${at}/properties`));
      }
    }
    return out;
  }

  /** anyOf / oneOf: the branch that explains the value best; an unknown value of an open enum is additive. */
  private alternatives(branches: SpecNode[], value: unknown, pointer: string, template: string, at: string, depth: number): WalkOut {
    const outs = branches.map((branch, i) => this.walk(branch, value, pointer, template, `${at}/${i}`, depth + 1));
    let best = 0;
    outs.forEach((out, i) => {
      if (better(score(out, pointer), score(outs[best]!, pointer))) best = i;
    });
    const chosen = outs[best]!;
    if (branches[best]?.["x-open-enum"] === true && chosen.findings.length === 0) {
      const known = branches.flatMap((branch) => (this.spec.resolve(branch).enum as unknown[] | undefined) ?? []);
      if (known.length > 0 && !known.some((v) => isDeepStrictEqual(v, value))) {
        return {
          findings: [finding("value-outside-enum", pointer, `one of ${showValue(known)} (open enum: x-open-enum)`, showValue(value), `${at}/${best}`, "additive")],
          seen: chosen.seen,
        };
      }
    }
    return chosen;
  }
}

function mediaTypeMatches(documented: string, received: string): boolean {
  if (documented === received || documented === "*/*") return true;
  return documented.endsWith("/*") && received.startsWith(documented.slice(0, -1));
}

/** The documented properties present in a value, as pointer templates (used on spec examples too). */
export function documentedProperties(spec: SpecIndex, schema: SpecNode | undefined, value: unknown): Set<string> {
  return new Walker(spec).walk(schema, value, "", "", "#").seen;
}

/** Classifies one response of an operation: status, content type, then the body against its schema. */
export function classifyResponse(spec: SpecIndex, operation: SpecOperation, response: ClassifiedResponse): Classification {
  const seen = new Set<string>();
  const documented = spec.response(operation, response.status);
  if (!documented) {
    const statuses = spec.documentedStatuses(operation).join(", ");
    return { findings: [finding("undocumented-status", "", `status ${statuses}`, String(response.status), `${operation.pointer}/responses`)], seen };
  }
  const responsePointer = `${operation.pointer}/responses/${documented.key}`;
  const mediaTypes = Object.keys(documented.node.content ?? {});
  if (mediaTypes.length === 0) {
    if (response.text === "") return { findings: [], responseKey: { status: documented.key, mediaType: "" }, seen };
    const received = `${response.mediaType || "(no content type)"}, ${response.text.length}-byte body`;
    return { findings: [finding("undocumented-content-type", "", "no content", received, responsePointer)], seen };
  }
  const mediaType = mediaTypes.find((m) => mediaTypeMatches(m, response.mediaType));
  if (mediaType === undefined) {
    return { findings: [finding("undocumented-content-type", "", `content type ${mediaTypes.join(", ")}`, response.mediaType || "(none)", `${responsePointer}/content`)], seen };
  }
  const responseKey = { status: documented.key, mediaType };
  if (!JSON_MEDIA.test(response.mediaType)) return { findings: [], responseKey, seen };
  if (response.jsonError !== undefined || response.json === undefined) {
    const received = response.jsonError === undefined ? "an empty body" : `unparseable JSON (${response.jsonError})`;
    return { findings: [finding("wrong-type", "", "a JSON document", received, `${responsePointer}/content`)], responseKey, seen };
  }
  const schemaPointer = spec.responseSchemaPointer(operation, documented.key, mediaType);
  const schema = spec.at(schemaPointer);
  const walked = new Walker(spec).walk(schema, response.json, "", "", schemaPointer);
  const validate = spec.validator(schemaPointer);
  const valid = validate(response.json);
  // Unknown properties are additive even where a response schema is closed; ajv is not asked about them.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== "additionalProperties" && e.keyword !== "unevaluatedProperties");
  let findings = walked.findings;
  if (valid || errors.length === 0) {
    findings = findings.filter((f) => f.severity !== "breaking");
  } else if (!findings.some((f) => f.severity === "breaking")) {
    const error = errors.find((e) => !["anyOf", "oneOf", "allOf", "if"].includes(e.keyword)) ?? errors[0]!;
    findings = [
      ...findings,
      finding("schema-violation", error.instancePath, `${error.keyword} ${error.message ?? ""}`.trim(), showValue(valueAt(response.json, error.instancePath)), `${schemaPointer}${error.schemaPath.replace(/^#/, "")}`),
    ];
  }
  return { findings, responseKey, seen: walked.seen };
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, seg) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[seg] : undefined), root);
}
