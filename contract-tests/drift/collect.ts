/**
 * Collects the drift findings of a run or a replay: every exchange is classified as it comes, identical
 * findings are counted once, and at the end the documented properties never seen are added.
 */
import type { SpecIndex, SpecNode } from "../runner/spec-index.js";
import { classifyResponse, documentedProperties, type ClassifiedResponse } from "./classify.js";
import { pointerTemplate, type Finding, type RawFinding, type Severity } from "./findings.js";

/** One response to classify, with where it came from. */
export interface Exchange {
  provider: string;
  operationId: string;
  /** A case name, `cleanup`, `id discovery`, `replay line 3`. */
  source: string;
  response: ClassifiedResponse;
}

interface Coverage {
  provider: string;
  operationId: string;
  status: string;
  mediaType: string;
  responses: number;
  seen: Set<string>;
  missingRequired: Set<string>;
}

const SEVERITY_ORDER: Record<Severity, number> = { breaking: 0, additive: 1, notice: 2 };

/** Orders findings for reports: breaking first, then by provider, operation, status and pointer. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.provider.localeCompare(b.provider) ||
    a.operationId.localeCompare(b.operationId) ||
    (a.status ?? 0) - (b.status ?? 0) ||
    a.kind.localeCompare(b.kind) ||
    a.pointer.localeCompare(b.pointer)
  );
}

function parentOf(template: string): string {
  return template.replace(/(?:\/\*)*\/[^/]*$/, "");
}

/** Classifies exchanges against each provider's spec and keeps the run-wide view. */
export class DriftCollector {
  private readonly byId = new Map<string, Finding>();
  private readonly coverage = new Map<string, Coverage>();
  /** Responses classified so far. */
  responses = 0;

  constructor(private readonly specOf: (provider: string) => SpecIndex) {}

  /** Classifies one exchange and records it; returns its findings. */
  add(exchange: Exchange): RawFinding[] {
    const spec = this.specOf(exchange.provider);
    const operation = spec.operation(exchange.operationId);
    const { findings, responseKey, seen } = classifyResponse(spec, operation, exchange.response);
    this.responses++;
    const label = `${operation.method.toUpperCase()} ${operation.path}`;
    for (const raw of findings) this.record(exchange.provider, exchange.operationId, label, exchange.response.status, exchange.source, raw);
    if (responseKey && responseKey.mediaType !== "") {
      const key = [exchange.provider, exchange.operationId, responseKey.status, responseKey.mediaType].join(" ");
      const entry = this.coverage.get(key) ?? { provider: exchange.provider, operationId: exchange.operationId, ...responseKey, responses: 0, seen: new Set<string>(), missingRequired: new Set<string>() };
      entry.responses++;
      seen.forEach((s) => entry.seen.add(s));
      for (const f of findings) if (f.kind === "missing-required-field") entry.missingRequired.add(pointerTemplate(f.pointer));
      this.coverage.set(key, entry);
    }
    return findings;
  }

  private record(provider: string, operationId: string, operation: string, status: number | null, source: string, raw: RawFinding): void {
    const id = `${provider} ${operationId} ${status ?? "-"} ${raw.kind} ${pointerTemplate(raw.pointer) || "/"}`;
    const existing = this.byId.get(id);
    if (existing) existing.occurrences++;
    else this.byId.set(id, { id, provider, operationId, operation, status, source, occurrences: 1, ...raw });
  }

  /**
   * Every finding, sorted, with property-never-seen added: a property the spec shows in every example of
   * a response that was observed, absent from all of this run's responses of it. Properties no example
   * shows are not expected (an optional field may be legitimately absent); a missing required field is
   * already reported per response.
   */
  findings(): Finding[] {
    for (const entry of this.coverage.values()) {
      const spec = this.specOf(entry.provider);
      const operation = spec.operation(entry.operationId);
      const expected = this.expectedProperties(spec, operation.node.responses?.[entry.status], entry.mediaType, spec.responseSchemaPointer(operation, entry.status, entry.mediaType));
      const label = `${operation.method.toUpperCase()} ${operation.path}`;
      const status = /^\d+$/.test(entry.status) ? Number(entry.status) : null;
      for (const template of expected) {
        if (template.endsWith("/*") || entry.seen.has(template) || entry.missingRequired.has(template)) continue;
        const parent = parentOf(template);
        const parentSeen = parent === "" || entry.seen.has(parent) && (!template.slice(parent.length).startsWith("/*") || entry.seen.has(`${parent}/*`));
        if (!parentSeen) continue;
        this.record(entry.provider, entry.operationId, label, status, "run", {
          kind: "property-never-seen",
          severity: "notice",
          pointer: template,
          expected: "present (shown in every example of this response)",
          received: `absent from all ${entry.responses} response(s)`,
          specPointer: spec.responseSchemaPointer(operation, entry.status, entry.mediaType),
        });
      }
    }
    this.coverage.clear();
    return [...this.byId.values()].sort(compareFindings);
  }

  private expectedProperties(spec: SpecIndex, rawResponse: SpecNode | undefined, mediaType: string, schemaPointer: string): Set<string> {
    if (!rawResponse) return new Set();
    const media = spec.resolve(rawResponse).content?.[mediaType] as SpecNode | undefined;
    const values: unknown[] = [];
    for (const example of Object.values<SpecNode>(media?.examples ?? {})) values.push(spec.resolve(example).value);
    if (media && "example" in media) values.push(media.example);
    if (values.length === 0) return new Set();
    const schema = spec.at(schemaPointer);
    const sets = values.map((value) => documentedProperties(spec, schema, value));
    return new Set([...sets[0]!].filter((template) => sets.every((set) => set.has(template))));
  }
}
