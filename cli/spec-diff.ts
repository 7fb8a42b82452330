/**
 * Breaking-change classification of two bundled specs, and the release gate of VERSIONING in
 * CHANGELOG.md. The diff itself is api-smart-diff's; this module only narrows what it reports to the
 * changes a consumer of this package sees, and applies two project rules on top (see `projectRule`).
 */
import { apiCompare, type Diff } from "api-smart-diff";

/** How a change affects a consumer, as api-smart-diff names it. */
export type ChangeType = "breaking" | "non-breaking" | "annotation" | "deprecated" | "unclassified";

/** One classified change, located by its JSON path in the spec. */
export interface SpecChange {
  type: ChangeType;
  action: string;
  path: string;
  description: string;
  /** Set when a project rule changed the library's classification. */
  rule?: string;
}

/** Counts of changes by type. */
export type ChangeSummary = Record<ChangeType, number>;

// Diffs under components/ are classified by api-smart-diff without knowing whether a schema is read
// (response) or written (request), and a bundle keeps only components reached from paths
// (removeUnusedComponents), so every such change is reported again, classified in context, under
// paths/. Security schemes are the exception: operations name them, they are not inlined.
function inScope(path: readonly (string | number)[]): boolean {
  return path[0] !== "components" || path[1] === "securitySchemes";
}

function isUnconstrained(schema: unknown): boolean {
  return schema === true || (schema !== null && typeof schema === "object" && !Array.isArray(schema) && Object.keys(schema).length === 0);
}

function isResponsePath(path: readonly (string | number)[]): boolean {
  return path.includes("responses");
}

/** The node at `path` in `doc`, following local `$ref`s on the way, if any are left. */
function nodeAt(doc: unknown, path: readonly (string | number)[]): unknown {
  let node = doc;
  for (const key of path) {
    node = deref(doc, node);
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return deref(doc, node);
}

function deref(doc: unknown, node: unknown): unknown {
  for (let hops = 0; hops < 32 && node && typeof node === "object" && typeof (node as { $ref?: unknown }).$ref === "string"; hops += 1) {
    const ref = (node as { $ref: string }).$ref;
    if (!ref.startsWith("#/")) return node;
    const keys = ref.slice(2).split("/").map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
    node = keys.reduce<unknown>((n, k) => (n && typeof n === "object" ? (n as Record<string, unknown>)[k] : undefined), doc);
  }
  return node;
}

// The specs' convention for response enums: `anyOf: [<known enum>, {type: string, x-open-enum: true}]`.
function isInOpenEnum(doc: unknown, path: readonly (string | number)[]): boolean {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    if (path[i] !== "anyOf") continue;
    const branches = nodeAt(doc, path.slice(0, i + 1));
    if (Array.isArray(branches) && branches.some((b) => (deref(doc, b) as Record<string, unknown> | undefined)?.["x-open-enum"] === true)) return true;
  }
  return false;
}

/**
 * Project rules over the library's classification (each returns the rule's name and new type, or undefined):
 * - removed-response-field: a property removed from a response is breaking even when it was optional:
 *   the published types lose the field, so code that reads it stops compiling (the library says non-breaking).
 * - open-enum-value-added: a value added to a response enum that is open (`x-open-enum`, see the specs'
 *   conventions) is non-breaking: clients already accept any string there (the library says breaking).
 * - unconstrained-property-declared: declaring a property with the schema `{}` accepts every value, so
 *   it changes nothing a client sends or reads; making it required is a change of its own (`required`),
 *   classified separately (the library calls it breaking when the name was already required).
 */
function projectRule(diff: Diff, docs: readonly unknown[]): { rule: string; type: ChangeType } | undefined {
  const { path } = diff;
  if (diff.action === "add" && diff.type !== "non-breaking" && path.at(-2) === "properties" && isUnconstrained(diff.after)) {
    return { rule: "unconstrained-property-declared", type: "non-breaking" };
  }
  if (diff.action === "remove" && diff.type !== "breaking" && isResponsePath(path) && path.at(-2) === "properties") {
    return { rule: "removed-response-field", type: "breaking" };
  }
  if (diff.action === "add" && diff.type === "breaking" && isResponsePath(path) && path.at(-2) === "enum" && docs.some((doc) => isInOpenEnum(doc, path))) {
    return { rule: "open-enum-value-added", type: "non-breaking" };
  }
  return undefined;
}

/**
 * A spec location as a property path: `paths["/sessions"].post.responses.404`. Keys with characters
 * other than letters, digits, `_`, `$` and `-` are quoted (spec paths and media types hold `/`, so a
 * plain `/`-join printed `paths//sessions`); array indices are `[n]`.
 */
export function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : /^[\w$-]+$/.test(key) ? `${i === 0 ? "" : "."}${key}` : `[${JSON.stringify(key)}]`))
    .join("");
}

/** Classifies every change from `before` to `after` (two bundled OpenAPI documents). */
export function classifyChanges(before: unknown, after: unknown): SpecChange[] {
  // Diff paths run through resolved refs and normalised allOf: `merged` is laid out like them in most
  // places, the raw `after` (refs followed by nodeAt) in the rest; a rule looks in both.
  const { diffs, merged } = apiCompare(before, after);
  return diffs
    .filter((diff) => inScope(diff.path))
    .map((diff) => {
      const override = projectRule(diff, [merged, after]);
      const change: SpecChange = {
        type: (override?.type ?? diff.type) as ChangeType,
        action: diff.action,
        path: formatPath(diff.path),
        description: diff.description ?? `[${diff.action}] ${formatPath(diff.path)}`,
      };
      if (override) change.rule = override.rule;
      return change;
    });
}

/** Counts changes by type. */
export function summarize(changes: readonly SpecChange[]): ChangeSummary {
  const summary: ChangeSummary = { breaking: 0, "non-breaking": 0, annotation: 0, deprecated: 0, unclassified: 0 };
  for (const change of changes) summary[change.type] += 1;
  return summary;
}

function parseVersion(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/**
 * True when `to` is a breaking-change release after `from`: outside npm's caret range `^from`.
 * From 1.0.0 on that is a major bump; while the major is 0 the minor plays its part (0.1.3 -> 0.2.0),
 * and for 0.0.x the patch does, exactly as `npm install` reads `^`.
 */
export function isMajorBump(from: string, to: string): boolean {
  const a = parseVersion(from);
  const b = parseVersion(to);
  if (!a || !b) return false;
  const index = a[0] > 0 ? 0 : a[1] > 0 ? 1 : 2;
  for (let i = 0; i < index; i += 1) if (b[i] !== a[i]) return b[i]! > a[i]!;
  return b[index]! > a[index]!;
}

/** True when CHANGELOG.md has a `## <version>` or `## [<version>]` heading. */
export function changelogHasEntry(changelog: string, version: string): boolean {
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^##\\s+\\[?v?${escaped}\\]?(\\s|$)`, "m").test(changelog);
}

/** What the gate needs to know about one provider's spec at the base and at the head. */
export interface ProviderComparison {
  provider: string;
  /** The bundled spec at the base ref; undefined when the provider is new. */
  base: { info?: { version?: string } } | undefined;
  /** The bundled spec now; undefined when the provider was removed. */
  head: { info?: { version?: string } } | undefined;
}

/** The release facts the gate checks a breaking change against. */
export interface ReleaseFacts {
  basePackageVersion: string;
  headPackageVersion: string;
  changelog: string;
}

/** The verdict for one provider. */
export interface ProviderVerdict {
  provider: string;
  /** `breaking`: a breaking change between two spec files, where no release rule applies. */
  status: "new" | "removed" | "unchanged" | "compatible" | "breaking" | "breaking-released" | "breaking-unreleased";
  specVersion: { base?: string; head?: string };
  changes: SpecChange[];
  summary: ChangeSummary;
  /** Why a breaking change is not released per the policy (empty otherwise). */
  missing: string[];
}

/** Compares one provider and applies the policy: breaking changes need both majors bumped and a changelog entry. */
export function judge(comparison: ProviderComparison, release: ReleaseFacts): ProviderVerdict {
  const { provider, base, head } = comparison;
  const specVersion = { base: base?.info?.version, head: head?.info?.version };
  if (!base) return { provider, status: "new", specVersion, changes: [], summary: summarize([]), missing: [] };
  const changes: SpecChange[] = head
    ? classifyChanges(base, head)
    : [{ type: "breaking", action: "remove", path: "", description: `[Removed] the ${provider} spec and its entry points` }];
  const summary = summarize(changes);
  if (summary.breaking === 0) {
    return { provider, status: changes.length === 0 ? "unchanged" : "compatible", specVersion, changes, summary, missing: [] };
  }
  const missing: string[] = [];
  if (head && !isMajorBump(specVersion.base ?? "", specVersion.head ?? "")) {
    missing.push(`info.version of the ${provider} spec must get a major bump (${specVersion.base} -> ${specVersion.head})`);
  }
  if (!isMajorBump(release.basePackageVersion, release.headPackageVersion)) {
    missing.push(`the package version must get a major bump (${release.basePackageVersion} -> ${release.headPackageVersion})`);
  }
  if (!changelogHasEntry(release.changelog, release.headPackageVersion)) {
    missing.push(`CHANGELOG.md needs a "## ${release.headPackageVersion}" entry`);
  }
  const status = !head ? (missing.length === 0 ? "breaking-released" : "removed") : missing.length === 0 ? "breaking-released" : "breaking-unreleased";
  return { provider, status, specVersion, changes, summary, missing };
}
