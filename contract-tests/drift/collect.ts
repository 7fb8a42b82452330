/**
 * Collects the drift findings of a run or a replay. Every exchange is classified as it comes; findings
 * with the same identity (provider, kind, spec place, keyword, subject: see `findingId`) are one finding,
 * however many operations, array items and responses showed it, with a count per operation and status.
 *
 * Which absent properties are findings: only those the spec promises, i.e. listed in `required` (as a
 * documented fact or as an `x-judgement`). An optional property's absence is never drift, however many
 * examples show it: examples illustrate, they do not promise. A promised property absent from some
 * responses is `missing-required-field`; one that no response of an operation carried at all is
 * `property-never-seen` (the provider does not send it, or the spec names it wrongly), with the same severity.
 */
import type { SpecIndex } from "../runner/spec-index.js";
import { classifyResponse, type ClassifiedResponse } from "./classify.js";
import { findingId, pointerTemplate, SEVERITIES, type Finding, type FindingOccurrence, type RawFinding } from "./findings.js";

/** One response to classify, with where it came from. */
export interface Exchange {
  provider: string;
  operationId: string;
  /** A case name, `cleanup`, `id discovery`, `replay entry 3`. */
  source: string;
  response: ClassifiedResponse;
}

/** Orders findings for reports: breaking, judgement, additive; then provider, operation, status, kind, pointer, subject. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.provider.localeCompare(b.provider) ||
    a.operationId.localeCompare(b.operationId) ||
    a.status - b.status ||
    a.kind.localeCompare(b.kind) ||
    a.pointer.localeCompare(b.pointer) ||
    a.subject.localeCompare(b.subject)
  );
}

function key(...parts: (string | number)[]): string {
  return parts.join("\u0000");
}

function increment(map: Map<string, number>, k: string): void {
  map.set(k, (map.get(k) ?? 0) + 1);
}

/** Classifies exchanges against each provider's spec and keeps the run-wide view. */
export class DriftCollector {
  private readonly byId = new Map<string, Finding>();
  // Responses classified per provider, operation and status.
  private readonly responsesOf = new Map<string, number>();
  // Responses per provider, operation, status and property template that carried the documented property.
  private readonly carried = new Map<string, number>();
  private readonly observed = new Set<string>();
  /** Responses classified so far. */
  responses = 0;

  constructor(private readonly specOf: (provider: string) => SpecIndex) {}

  /** Classifies one exchange and records it; returns its findings. */
  add(exchange: Exchange): RawFinding[] {
    const { provider, operationId, source, response } = exchange;
    const spec = this.specOf(provider);
    const operation = spec.operation(operationId);
    const { findings, seen } = classifyResponse(spec, operation, response);
    this.responses++;
    this.observed.add(`${provider} ${operationId}`);
    increment(this.responsesOf, key(provider, operationId, response.status));
    for (const template of seen) increment(this.carried, key(provider, operationId, response.status, template));
    const label = `${operation.method.toUpperCase()} ${operation.path}`;
    // Each finding counts once per response, however many array items showed it.
    const countedIds = new Set<string>();
    const counted = new Set<string>();
    for (const raw of findings) {
      const id = findingId(provider, raw);
      const pointer = pointerTemplate(raw.pointer);
      if (counted.has(key(id, pointer))) continue;
      counted.add(key(id, pointer));
      let finding = this.byId.get(id);
      if (!finding) {
        finding = { ...raw, pointer, id, provider, operationId, operation: label, status: response.status, source, occurrences: 0, operations: [] };
        this.byId.set(id, finding);
      }
      if (!countedIds.has(id)) finding.occurrences++;
      countedIds.add(id);
      let occurrence = finding.operations.find((o) => o.operationId === operationId && o.status === response.status && o.pointer === pointer);
      if (!occurrence) {
        occurrence = { operationId, operation: label, status: response.status, pointer, occurrences: 0, responses: 0, source };
        finding.operations.push(occurrence);
      }
      occurrence.occurrences++;
    }
    return findings;
  }

  /** Whether some response of this operation was classified. */
  observedOperation(provider: string, operationId: string): boolean {
    return this.observed.has(`${provider} ${operationId}`);
  }

  /** Every finding, sorted, with response counts; a promised property no response carried is `property-never-seen`. */
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const stored of this.byId.values()) {
      // Responses arrive in no fixed order (cases run concurrently): operations are listed sorted.
      const operations = stored.operations
        .map((o) => ({ ...o, responses: this.responsesOf.get(key(stored.provider, o.operationId, o.status)) ?? o.occurrences }))
        .sort((a, b) => a.operationId.localeCompare(b.operationId) || a.status - b.status || a.pointer.localeCompare(b.pointer));
      if (stored.kind !== "missing-required-field") {
        out.push(withOperations(stored, operations));
        continue;
      }
      const never = operations.filter((o) => !this.carried.has(key(stored.provider, o.operationId, o.status, o.pointer)));
      const sometimes = operations.filter((o) => !never.includes(o));
      if (sometimes.length) out.push(withOperations(stored, sometimes));
      if (never.length) {
        const responses = never.reduce((n, o) => n + o.occurrences, 0);
        const variant = { ...stored, kind: "property-never-seen" as const, received: `absent from all ${responses} response(s)` };
        out.push(withOperations({ ...variant, id: findingId(stored.provider, variant) }, never));
      }
    }
    return out.sort(compareFindings);
  }
}

function withOperations(finding: Finding, operations: FindingOccurrence[]): Finding {
  const [first] = operations;
  return {
    ...finding,
    operationId: first!.operationId,
    operation: first!.operation,
    status: first!.status,
    pointer: first!.pointer,
    source: first!.source,
    occurrences: operations.reduce((n, o) => n + o.occurrences, 0),
    operations,
  };
}
