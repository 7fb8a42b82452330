/**
 * Section 4: response validation with the contract runner's cached ajv validators (SpecIndex.validator)
 * against building the validator for every call, on each provider's largest documented session response.
 */
import { SpecIndex } from "../contract-tests/runner/spec-index.js";
import type { Row, Section } from "./lib/report.js";
import { largestResponseExample, loadSpec } from "./lib/spec-examples.js";
import { pairedRatio, summarize } from "./lib/stats.js";

/** The session-like response each provider's clients poll. */
const SESSION_OPERATIONS: readonly { provider: string; operationId: string; status: string }[] = [
  { provider: "browser-use", operationId: "getSession", status: "200" },
  { provider: "browserbase", operationId: "getAgentRun", status: "200" },
  { provider: "thinkrun", operationId: "getSession", status: "200" },
  { provider: "everruns", operationId: "getSession", status: "200" },
];

// Counting the results keeps the calls observable (nothing for the JIT to drop) and proves every one passed.
function timePerCallUs(calls: number, call: () => boolean): number {
  let valid = 0;
  const started = performance.now();
  for (let i = 0; i < calls; i++) if (call()) valid++;
  const us = ((performance.now() - started) * 1000) / calls;
  if (valid !== calls) throw new Error(`${calls - valid} of ${calls} validations failed`);
  return us;
}

/** Options of {@link benchValidation}. */
export interface ValidationBenchOptions {
  rounds: number;
  /** Cached validations per round. */
  cachedCalls: number;
  /** Validations with a fresh validator per round. */
  compiledCalls: number;
}

/** Runs the section. */
export async function benchValidation({ rounds, cachedCalls, compiledCalls }: ValidationBenchOptions): Promise<Section> {
  const rows: Row[] = [];
  const cachedMedians: number[] = [];
  let sameFunction = true;
  for (const { provider, operationId, status } of SESSION_OPERATIONS) {
    const doc = loadSpec(provider);
    const data = largestResponseExample(doc, operationId, status);
    const spec = new SpecIndex(doc, provider);
    const op = spec.operation(operationId);
    const pointer = spec.responseSchemaPointer(op, status, "application/json");
    const first = spec.validator(pointer);
    sameFunction &&= spec.validator(pointer) === first;
    if (!first(data)) throw new Error(`${provider} ${operationId}: the documented example does not validate: ${JSON.stringify(first.errors)}`);
    const cached: number[] = [];
    const perCall: number[] = [];
    for (let round = 0; round < rounds; round++) {
      cached.push(timePerCallUs(cachedCalls, () => spec.validator(pointer)(data) as boolean));
      // What the runner would pay without the cache: a new SpecIndex (ajv instance, spec registered) and a compile.
      perCall.push(timePerCallUs(compiledCalls, () => new SpecIndex(doc, provider).validator(pointer)(data) as boolean));
    }
    const cachedFigure = summarize(cached, "µs");
    cachedMedians.push(cachedFigure.median);
    rows.push({ label: `${provider} ${operationId} ${status}, cached validator`, figure: cachedFigure });
    rows.push({ label: `${provider} ${operationId} ${status}, cached, validations per second`, figure: summarize(cached.map((us) => 1e6 / us), "/s") });
    rows.push({ label: `${provider} ${operationId} ${status}, compiled per call`, figure: summarize(perCall, "µs") });
    const ratio = pairedRatio(perCall, cached);
    rows.push({ label: `${provider} compiled per call / cached`, figure: ratio });
  }
  const worst = Math.max(...cachedMedians);
  return {
    id: "validation",
    title: "4. Response validation",
    method:
      `Each provider's largest documented example of its session (or run) response, validated against the operation's response schema. ` +
      `Cached: SpecIndex.validator(pointer) as the contract checks call it, ${cachedCalls} validations per round. Compiled per call: a new SpecIndex ` +
      `(ajv 2020 instance with formats, the spec registered) and a compile for every validation, ${compiledCalls} per round. ${rounds} interleaved rounds.`,
    rows,
    goals: [
      { goal: "validators compiled once per schema", met: sameFunction, detail: sameFunction ? "SpecIndex.validator returns the same compiled function on every call" : "a second call compiled again" },
      { goal: "a session response validates in well under 50 µs", met: worst < 25, detail: `slowest provider median ${worst.toFixed(1)} µs per validation` },
    ],
    notes: ["\"Well under\" is read as under half: 25 µs."],
  };
}
