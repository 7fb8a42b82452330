/**
 * The schema walker: walks a schema and a response value together and names what is wrong, where, and
 * which keyword of which schema object says so. It also sees what ajv accepts (unknown properties, values
 * of an open enum) and records every schema object it visited at each body location, so that ajv's errors
 * can be placed (see schema-errors.ts). ajv stays the judge of validity.
 *
 * Properties are judged over the whole group of schemas that apply in place to a value: the schema, its
 * `$ref` target, every `allOf` branch, and of an `anyOf` / `oneOf` the chosen branch plus every other branch
 * the value validates against. A property documented anywhere in the group is documented.
 */
import { isDeepStrictEqual } from "node:util";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { SpecIndex, SpecNode } from "../runner/spec-index.js";
import { childPointer, FINDING_KINDS, jsonType, showValue, valueSubject, type FindingKind, type RawFinding } from "./findings.js";

const addFormats = addFormatsModule.default;

// The deepest schema nesting walked; specs here are far shallower, the bound only stops a cycle.
const MAX_DEPTH = 64;

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

function typeMatches(declared: string, value: unknown): boolean {
  const actual = jsonType(value);
  return declared === actual || (declared === "number" && actual === "integer");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Where the walker is: the body pointer, its template, the spec place of this body location, the depth. */
export interface WalkContext {
  pointer: string;
  /** The pointer with array indices as `*`. */
  template: string;
  /** The declaration this body location was reached through (see `RawFinding.specPointer`). */
  place: string;
  depth: number;
}

/** What a walk found. */
export class WalkOut {
  findings: RawFinding[] = [];
  /** Pointer templates of the documented properties present in the body. */
  seen = new Set<string>();
  /** Schema objects visited on the chosen path, by body pointer. */
  onPath = new Map<string, Set<string>>();
  /** Schema objects visited only in `anyOf` / `oneOf` branches that were not chosen, by body pointer. */
  offPath = new Map<string, Set<string>>();
  /** The spec place of each body pointer visited. */
  places = new Map<string, string>();

  visit(ctx: WalkContext, node: string): void {
    add(this.onPath, ctx.pointer, node);
    if (!this.places.has(ctx.pointer)) this.places.set(ctx.pointer, ctx.place);
  }

  merge(other: WalkOut): void {
    this.findings.push(...other.findings);
    other.seen.forEach((s) => this.seen.add(s));
    for (const [pointer, nodes] of other.onPath) nodes.forEach((n) => add(this.onPath, pointer, n));
    for (const [pointer, nodes] of other.offPath) nodes.forEach((n) => add(this.offPath, pointer, n));
    for (const [pointer, place] of other.places) if (!this.places.has(pointer)) this.places.set(pointer, place);
  }

  /** Keeps what a rejected branch visited, as off the chosen path. */
  reject(other: WalkOut): void {
    for (const map of [other.onPath, other.offPath]) for (const [pointer, nodes] of map) nodes.forEach((n) => add(this.offPath, pointer, n));
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** The properties a group of in-place schemas documents, and the `required` lists it carries. */
interface Group {
  /** The first schema object of the group with `properties`: where an undocumented property is reported. */
  declaring?: string;
  /** Property name to the pointer of its first declaration. */
  declared: Map<string, string>;
  patterns: RegExp[];
  /** Some schema of the group allows any other property (`additionalProperties` true or a schema). */
  open: boolean;
  required: { name: string; node: string }[];
}

function newGroup(): Group {
  return { declared: new Map(), patterns: [], open: false, required: [] };
}

function mergeShape(into: Group, from: Group): void {
  into.declaring ??= from.declaring;
  for (const [name, at] of from.declared) if (!into.declared.has(name)) into.declared.set(name, at);
  into.patterns.push(...from.patterns);
  into.open ||= from.open;
}

function breakingFinding(kind: FindingKind, ctx: WalkContext, node: string, keyword: string, expected: string, received: string, subject = ""): RawFinding {
  return { kind, severity: FINDING_KINDS[kind], pointer: ctx.pointer, expected, received, specPointer: ctx.place, keyword, keywordPointer: `${node}/${keyword}`, subject };
}

/** How a received value of the wrong type reads: `string "4"`, or `null` alone. */
export function typeReceived(value: unknown): string {
  return value === null ? "null" : `${jsonType(value)} ${showValue(value)}`;
}

type Score = [number, number, number, number, number];

function better(a: Score, b: Score): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** Walks a schema and a value together. */
export class Walker {
  constructor(private readonly spec: SpecIndex) {}

  /** Walks the schema at `at` against `value` as one group: the findings, visits and places. */
  walk(schema: SpecNode | boolean | undefined, at: string, value: unknown, ctx: WalkContext): WalkOut {
    const out = new WalkOut();
    const group = newGroup();
    this.inPlace(schema, at, value, ctx, out, group);
    this.closeGroup(value, ctx, out, group);
    return out;
  }

  private closeGroup(value: unknown, ctx: WalkContext, out: WalkOut, group: Group): void {
    if (!isObject(value)) return;
    for (const { name, node } of group.required) {
      if (name in value) continue;
      out.findings.push({
        kind: "missing-required-field",
        severity: FINDING_KINDS["missing-required-field"],
        pointer: childPointer(ctx.pointer, name),
        expected: `required property ${JSON.stringify(name)}`,
        received: "(absent)",
        specPointer: group.declared.get(name) ?? `${node}/required`,
        keyword: "required",
        keywordPointer: `${node}/required`,
        subject: name,
      });
    }
    // Only a documented shape has undocumented properties; a free-form object has none.
    if (group.declaring === undefined || group.open) return;
    for (const [name, child] of Object.entries(value)) {
      if (group.declared.has(name) || group.patterns.some((p) => p.test(name))) continue;
      out.findings.push({
        kind: "undocumented-property",
        severity: FINDING_KINDS["undocumented-property"],
        pointer: childPointer(ctx.pointer, name),
        expected: `not among the ${group.declared.size} documented properties`,
        received: showValue(child),
        specPointer: `${group.declaring}/properties`,
        subject: name,
      });
    }
  }

  private inPlace(schema: SpecNode | boolean | undefined, at: string, value: unknown, ctx: WalkContext, out: WalkOut, group: Group): void {
    if (schema === undefined || ctx.depth > MAX_DEPTH) return;
    out.visit(ctx, at);
    if (schema === true) return;
    if (schema === false) {
      out.findings.push({ kind: "schema-violation", severity: "breaking", pointer: ctx.pointer, expected: "nothing (the schema is false)", received: showValue(value), specPointer: ctx.place, keyword: "false schema", subject: "" });
      return;
    }
    this.ownKeywords(schema, at, value, ctx, out, group);
    const deeper = { ...ctx, depth: ctx.depth + 1 };
    // One hop at a time, so that every schema object on the way is visited at its own pointer.
    if (typeof schema.$ref === "string") this.inPlace(this.spec.at(schema.$ref), schema.$ref, value, deeper, out, group);
    ((schema.allOf as SpecNode[] | undefined) ?? []).forEach((branch, i) => this.inPlace(branch, `${at}/allOf/${i}`, value, deeper, out, group));
    for (const key of ["anyOf", "oneOf"] as const) {
      const branches = schema[key] as SpecNode[] | undefined;
      if (branches && !this.unknownVariant(schema, key, at, value, deeper, out)) this.alternatives(branches, `${at}/${key}`, value, deeper, out, group, this.taggedBranch(schema, key, value));
    }
  }

  private ownKeywords(schema: SpecNode, at: string, value: unknown, ctx: WalkContext, out: WalkOut, group: Group): void {
    const types = schema.type === undefined ? undefined : ([] as string[]).concat(schema.type);
    if (types && !types.some((t) => typeMatches(t, value))) {
      const kind = value === null ? "null-not-nullable" : "wrong-type";
      out.findings.push(breakingFinding(kind, ctx, at, "type", `type ${types.join(" | ")}`, typeReceived(value), jsonType(value)));
      return;
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((allowed: unknown) => isDeepStrictEqual(allowed, value))) {
      out.findings.push(breakingFinding("value-outside-enum", ctx, at, "enum", `one of ${showValue(schema.enum)}`, showValue(value), valueSubject(value)));
    }
    if ("const" in schema && !isDeepStrictEqual(schema.const, value)) {
      out.findings.push(breakingFinding("value-outside-enum", ctx, at, "const", `the constant ${showValue(schema.const)}`, showValue(value), valueSubject(value)));
    }
    if (typeof value === "string") {
      if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
        out.findings.push(breakingFinding("pattern-violation", ctx, at, "pattern", `pattern ${schema.pattern}`, showValue(value)));
      }
      const validate = typeof schema.format === "string" ? formatValidator(schema.format) : null;
      if (validate && !validate(value)) {
        out.findings.push(breakingFinding("format-violation", ctx, at, "format", `format ${schema.format}`, showValue(value)));
      }
    }
    if (Array.isArray(value)) this.items(schema, at, value, ctx, out);
    if (isObject(value)) this.properties(schema, at, value, ctx, out, group);
  }

  private items(schema: SpecNode, at: string, value: unknown[], ctx: WalkContext, out: WalkOut): void {
    const prefix = (schema.prefixItems as SpecNode[] | undefined) ?? [];
    value.forEach((item, i) => {
      const [sub, where] = i < prefix.length ? [prefix[i], `${at}/prefixItems/${i}`] : [schema.items, `${at}/items`];
      if (sub === undefined) return;
      out.merge(this.walk(sub, where, item, { pointer: childPointer(ctx.pointer, i), template: `${ctx.template}/*`, place: where, depth: ctx.depth + 1 }));
    });
  }

  private properties(schema: SpecNode, at: string, value: Record<string, unknown>, ctx: WalkContext, out: WalkOut, group: Group): void {
    const properties = schema.properties as Record<string, SpecNode> | undefined;
    if (properties) {
      group.declaring ??= at;
      for (const name of Object.keys(properties)) if (!group.declared.has(name)) group.declared.set(name, childPointer(`${at}/properties`, name));
    }
    const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, SpecNode>).map(([source, sub]) => ({ source, regex: new RegExp(source, "u"), sub }));
    group.patterns.push(...patterns.map((p) => p.regex));
    const additional = schema.additionalProperties as SpecNode | boolean | undefined;
    if (additional !== undefined && additional !== false) group.open = true;
    for (const name of (schema.required as string[] | undefined) ?? []) group.required.push({ name, node: at });
    for (const [name, child] of Object.entries(value)) {
      const childCtx = (place: string): WalkContext => ({ pointer: childPointer(ctx.pointer, name), template: childPointer(ctx.template, name), place, depth: ctx.depth + 1 });
      if (properties && Object.hasOwn(properties, name)) {
        const where = childPointer(`${at}/properties`, name);
        out.seen.add(childPointer(ctx.template, name));
        out.merge(this.walk(properties[name], where, child, childCtx(where)));
        continue;
      }
      const matching = patterns.filter((p) => p.regex.test(name));
      for (const p of matching) {
        const where = childPointer(`${at}/patternProperties`, p.source);
        out.merge(this.walk(p.sub, where, child, childCtx(where)));
      }
      if (matching.length === 0 && additional !== undefined && typeof additional === "object") {
        const where = `${at}/additionalProperties`;
        out.merge(this.walk(additional, where, child, childCtx(where)));
      }
    }
  }

  /**
   * A tagged union (`discriminator.propertyName`) given a tag none of its branches has: one finding on the
   * union itself (keyword `oneOf` / `anyOf` of the schema that holds it, where an `x-judgement` saying the
   * union is closed sits), instead of the complaints of whichever branch happens to fit best. Every branch is
   * kept off the chosen path. Returns whether it handled the value.
   */
  private unknownVariant(schema: SpecNode, key: "anyOf" | "oneOf", at: string, value: unknown, ctx: WalkContext, out: WalkOut): boolean {
    const property = schema.discriminator?.propertyName;
    if (typeof property !== "string" || !isObject(value) || !(property in value)) return false;
    const branches = schema[key] as SpecNode[];
    const tags = new Set<unknown>(Object.keys(schema.discriminator.mapping ?? {}));
    for (const branch of branches) this.branchTags(schema, branch, property).forEach((t) => tags.add(t));
    const tag = value[property];
    if (tags.size === 0 || [...tags].some((t) => isDeepStrictEqual(t, tag))) return false;
    branches.forEach((branch, i) => {
      const tried = new WalkOut();
      this.inPlace(branch, `${at}/${key}/${i}`, value, ctx, tried, newGroup());
      out.reject(tried);
    });
    out.findings.push({
      kind: "value-outside-enum",
      severity: FINDING_KINDS["value-outside-enum"],
      pointer: childPointer(ctx.pointer, property),
      expected: `one of ${showValue([...tags])} (the ${key} discriminator ${JSON.stringify(property)})`,
      received: showValue(tag),
      specPointer: at,
      keyword: key,
      keywordPointer: `${at}/${key}`,
      subject: valueSubject(tag),
    });
    return true;
  }

  /** The tags a branch of a tagged union stands for: its tag property's `const` and `enum`, and the mapping entries naming it. */
  private branchTags(schema: SpecNode, branch: SpecNode, property: string): unknown[] {
    const tag = this.spec.resolve(this.spec.resolve(branch).properties?.[property] ?? {});
    const mapped = Object.entries<unknown>(schema.discriminator?.mapping ?? {})
      .filter(([, target]) => typeof branch.$ref === "string" && (target === branch.$ref || target === branch.$ref.split("/").pop()))
      .map(([name]) => name);
    return [...("const" in tag ? [tag.const] : []), ...((tag.enum as unknown[] | undefined) ?? []), ...mapped];
  }

  /**
   * The one branch of a tagged union (`discriminator.propertyName`) that the value's tag names, when exactly
   * one does: the discriminator says which variant applies, so its complaints explain the value, not those of
   * a variant that happens to have fewer of them (an image part whose only faults are judgement calls of the
   * image variant is not a text part missing its text).
   */
  private taggedBranch(schema: SpecNode, key: "anyOf" | "oneOf", value: unknown): number | undefined {
    const property = schema.discriminator?.propertyName;
    if (typeof property !== "string" || !isObject(value) || !(property in value)) return undefined;
    const named = (schema[key] as SpecNode[]).flatMap((branch, i) => (this.branchTags(schema, branch, property).some((t) => isDeepStrictEqual(t, value[property])) ? [i] : []));
    return named.length === 1 ? named[0] : undefined;
  }

  /** Whether `value` validates against the schema at `pointer` (ajv), or undefined when it cannot be compiled. */
  private validates(pointer: string, value: unknown): boolean | undefined {
    try {
      return this.spec.validator(pointer)(value) as boolean;
    } catch {
      return undefined;
    }
  }

  /** anyOf / oneOf: the branch that explains the value best (the one its tag names, in a tagged union); an unknown value of an open enum is additive. */
  private alternatives(branches: SpecNode[], at: string, value: unknown, ctx: WalkContext, out: WalkOut, group: Group, tagged?: number): void {
    if (branches.length === 0) return;
    const tries = branches.map((branch, i) => {
      const pointer = `${at}/${i}`;
      const tried = { out: new WalkOut(), group: newGroup(), valid: this.validates(pointer, value), branch };
      this.inPlace(branch, pointer, value, ctx, tried.out, tried.group);
      return tried;
    });
    const score = (t: (typeof tries)[number], i: number): Score => {
      const breaking = t.out.findings.filter((f) => f.severity === "breaking");
      // A branch whose own type rejects the value explains less than one that accepts the type.
      const rootTypeMiss = breaking.some((f) => f.pointer === ctx.pointer && f.keyword === "type") ? 1 : 0;
      return [tagged === undefined || i === tagged ? 0 : 1, t.valid === false ? 1 : 0, breaking.length, rootTypeMiss, t.out.findings.length];
    };
    let best = 0;
    tries.forEach((t, i) => {
      if (better(score(t, i), score(tries[best]!, best))) best = i;
    });
    const chosen = tries[best]!;
    out.merge(chosen.out);
    mergeShape(group, chosen.group);
    group.required.push(...chosen.group.required);
    tries.forEach((t, i) => {
      if (i === best) return;
      out.reject(t.out);
      // Every branch the value validates against documents its properties too.
      if (t.valid === true) {
        mergeShape(group, t.group);
        t.out.seen.forEach((s) => out.seen.add(s));
      }
    });
    if (chosen.branch?.["x-open-enum"] === true && chosen.out.findings.length === 0) {
      const enumBranch = branches.map((b, i) => ({ i, node: this.spec.resolve(b), pointer: typeof b.$ref === "string" ? b.$ref : `${at}/${i}` })).find((b) => Array.isArray(b.node.enum));
      const known = branches.flatMap((branch) => (this.spec.resolve(branch).enum as unknown[] | undefined) ?? []);
      if (enumBranch && !known.some((v) => isDeepStrictEqual(v, value))) {
        out.findings.push({
          kind: "value-outside-enum",
          severity: "additive",
          pointer: ctx.pointer,
          expected: `one of ${showValue(known)} (open enum: x-open-enum)`,
          received: showValue(value),
          specPointer: ctx.place,
          keyword: "enum",
          keywordPointer: `${enumBranch.pointer}/enum`,
          subject: valueSubject(value),
        });
      }
    }
  }
}
