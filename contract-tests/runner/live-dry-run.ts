/** The dry-run listing of a live scenario: its steps in order, what costs money, where each id comes from, the cleanup and the coverage it reaches. */
import type { LiveSelection } from "./live.js";
import type { PlannedResource, PlannedStep, Scenario } from "./live-plan.js";
import { LIVE_COST_CAPS } from "./live-policy.js";
import type { ResourceLink } from "./spec-links.js";

function source(resource: PlannedResource | undefined): string {
  if (!resource) return "(no resource)";
  if (resource.source === "created") return `${resource.kind.create}'s answer`;
  if (resource.source === "given") return resource.envVar!;
  if (resource.source === "listed") return `the first item of ${resource.kind.list!.operationId}`;
  return `nowhere (${resource.why})`;
}

function linkIds(link: ResourceLink, resource: PlannedResource | undefined, parentOf: (kind: string) => PlannedResource | undefined): string[] {
  const values = { ...link.parameters, ...Object.fromEntries(Object.entries((link.requestBody as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [`body ${k}`, String(v).replace(/^\{|\}$/g, "")])) };
  return Object.entries(values).flatMap(([param, expression]) => {
    const body = /^\$response\.body#(\/.*)$/.exec(expression);
    if (body) return [`{${param.replace(/^body /, "")}}${param.startsWith("body ") ? " (body)" : ""} from ${source(resource)} ${body[1]}`];
    const path = /^\$request\.path\.(.+)$/.exec(expression);
    if (path) return [`{${param}} from ${source(parentOf(link.from.operationId))} (the path of ${link.from.operationId})`];
    return [];
  });
}

function stepLine(n: number, step: PlannedStep, scenario: Scenario): string {
  const byKind = (kind: string | undefined) => scenario.resources.find((r) => r.kind.create === kind);
  const parentOf = (kind: string) => byKind(byKind(kind)?.parent);
  const notes: string[] = [];
  if (step.kind === "negative") {
    if (step.negative?.freshPath.length) notes.push(step.negative.freshPath.map((p) => `{${p}}: a fresh unknown id`).join(", "));
    if (step.negative?.auth === "missing") notes.push("no key");
    if (step.negative?.auth === "wrong") notes.push("a wrong key");
    notes.push(`expects ${(step.accept as number[]).join(" or ")}`);
  } else if (step.link) {
    const owner = step.kind === "create" ? byKind(step.parent) : byKind(step.resource);
    notes.push(...linkIds(step.link, owner, parentOf));
  }
  if (step.kind === "create") {
    const resource = byKind(step.resource)!;
    for (const cap of step.caps ?? []) notes.push(`cost cap ${cap.field} = ${LIVE_COST_CAPS[cap.unit as keyof typeof LIVE_COST_CAPS] ?? "?"} (${cap.unit})`);
    if (step.costsMoney && !step.caps?.length) notes.push("no cost cap in the spec: its cleanup ends it");
    for (const field of step.freshBody ?? []) notes.push(`body ${field}: a fresh value`);
    notes.push(resource.kind.cleanup.length ? `cleanup: ${resource.kind.cleanup.map((l) => l.operationId).join(", ")}` : `cleanup: with its ${resource.parent ?? "parent"}`);
  }
  if (step.kind === "stream") notes.push("followed for a few seconds");
  if (step.dropped.length) notes.push(`left out: ${step.dropped.join(", ")}`);
  const mark = step.costsMoney && step.negative?.auth === undefined ? "COSTS MONEY" : step.kind;
  return `  ${String(n).padStart(2)}. ${mark.padEnd(12)} ${step.label}  ${step.name}${notes.length ? `  [${notes.join("; ")}]` : ""}`;
}

/** One line per step a live run of this provider would send, then its resources, cleanup and coverage. */
export function describeScenario(selection: LiveSelection, scenario: Scenario): string[] {
  const { provider, target, skipReason, envHeaders = {} } = selection;
  const baseUrl = target?.baseUrl ?? provider.definition.defaultBaseUrl;
  const sent = Object.entries(envHeaders).map(([header, name]) => `${header} from ${name}`);
  const lines = [`${provider.definition.name}: ${skipReason ? `would be skipped (${skipReason}); if it ran, against ${baseUrl}:` : `would run against ${baseUrl}${sent.length ? ` (${sent.join(", ")})` : ""}:`}`];
  for (const r of scenario.resources) {
    const how = r.source === "created" ? `created by the run${r.parent ? ` inside its ${r.parent}` : ""}: ${r.creates} (${r.why})` : r.source === "none" ? `not used: ${r.why}` : r.why;
    lines.push(`  resource ${r.kind.create}: ${how}${r.kind.billable && r.source === "created" ? "; costs money" : ""}`);
  }
  scenario.steps.forEach((step, i) => lines.push(stepLine(i + 1, step, scenario)));
  const created = scenario.resources.filter((r) => r.source === "created").reverse();
  if (created.length) {
    lines.push(`  cleanup, newest first, also after a failure or Ctrl-C: ${created.map((r) => `${r.kind.create} -> ${r.kind.cleanup.map((l) => l.operationId).join(", ") || `with its ${r.parent ?? "parent"}`}`).join("; ")}`);
  }
  const { operations, expected } = scenario.coverage;
  lines.push(`  coverage: ${expected.length}/${operations.length} operations (${Math.floor((100 * expected.length) / operations.length)}%) get a live success response if every step succeeds${expected.length < operations.length ? `; not: ${operations.filter((o) => !expected.includes(o)).join(", ")}` : ""}`);
  lines.push(`  (${scenario.skipped.length} case(s) of the table not run live: mock-only, documented errors a live API cannot be made to send, or sent by the cleanup)`);
  return lines;
}
