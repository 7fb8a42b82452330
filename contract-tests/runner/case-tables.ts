/**
 * Guard rails for the case tables, checked before any server starts: every case names an operation,
 * a `Prefer` status and an example the spec has (a typo otherwise shows up as Prism's own 404 and two
 * knock-on failures), and every documented response of every operation has at least one case (a new
 * operation with no cases would otherwise pass as "0 failed").
 */
import type { ContractProvider } from "./providers.js";
import type { SpecIndex, SpecOperation } from "./spec-index.js";
import { specFor } from "./suite.js";
import type { ContractCase } from "./types.js";

/** The case tables do not fit the spec; the message lists every problem. Exit code 2: the suite cannot judge. */
export class CaseTableError extends Error {
  override readonly name = "CaseTableError";
  /** The exit code a command line maps this error to. */
  readonly exitCode = 2;
  constructor(readonly problems: readonly string[]) {
    super(`the contract case tables do not match the specs (${problems.length} problem(s)):\n  ${problems.join("\n  ")}`);
  }
}

const quoted = (names: readonly string[]) => (names.length > 0 ? names.map((n) => `\`${n}\``).join(", ") : "none");

function exampleNames(spec: SpecIndex, operation: SpecOperation, status: number): string[] {
  const response = spec.response(operation, status);
  const content: Record<string, { examples?: Record<string, unknown> }> = response?.node.content ?? {};
  return [...new Set(Object.values(content).flatMap((media) => Object.keys(media.examples ?? {})))];
}

/** What is wrong with one case against its spec: unknown operation, undocumented `Prefer` code, unknown example. */
export function caseProblems(provider: string, spec: SpecIndex, contractCase: ContractCase): string[] {
  const where = `${provider} case "${contractCase.name}"`;
  const operation = spec.operations().find((op) => op.operationId === contractCase.operationId);
  if (!operation) {
    return [`${where}: the spec has no operation ${contractCase.operationId}; known: ${spec.operations().map((op) => op.operationId).join(", ")}`];
  }
  const problems: string[] = [];
  const documented = spec.documentedStatuses(operation);
  const code = contractCase.prefer?.code;
  if (code !== undefined && !spec.response(operation, code)) {
    problems.push(`${where}: operation ${operation.operationId} documents no response ${code} (Prefer code=${code}); documented: ${documented.join(", ")}`);
  }
  const example = contractCase.prefer?.example;
  if (example !== undefined) {
    // Prism picks the example from the response it serves: the Prefer code, else the case's expected status.
    const status = code ?? contractCase.expect.status;
    const known = exampleNames(spec, operation, status);
    if (!known.includes(example)) problems.push(`${where}: operation ${operation.operationId} has no example \`${example}\` for ${status}; known: ${quoted(known)}`);
  }
  return problems;
}

/** The documented responses (`operationId status`) of a provider that no case expects. */
export function uncoveredResponses(provider: ContractProvider, spec: SpecIndex = specFor(provider)): string[] {
  const missing: string[] = [];
  for (const operation of spec.operations()) {
    const cases = provider.cases.filter((c) => c.operationId === operation.operationId);
    // A case covers the documented response its expected status is served from (exact code, range or default).
    const covered = new Set(cases.flatMap((c) => spec.response(operation, c.expect.status)?.key ?? []));
    for (const status of spec.documentedStatuses(operation)) {
      if (!covered.has(status)) missing.push(`${operation.operationId} ${status}`);
    }
  }
  return missing;
}

/** Every problem of the providers' case tables; empty when they fit their specs. */
export function caseTableProblems(providers: readonly ContractProvider[]): string[] {
  return providers.flatMap((provider) => {
    const name = provider.definition.name;
    const spec = specFor(provider);
    const problems = provider.cases.flatMap((contractCase) => caseProblems(name, spec, contractCase));
    const missing = uncoveredResponses(provider, spec);
    if (missing.length > 0) problems.push(`${name}: no case for ${missing.join(", ")} (every documented status of every operation needs at least one case)`);
    return problems;
  });
}

/** Throws a {@link CaseTableError} listing every problem of the providers' case tables. */
export function assertCaseTables(providers: readonly ContractProvider[]): void {
  const problems = caseTableProblems(providers);
  if (problems.length > 0) throw new CaseTableError(problems);
}
