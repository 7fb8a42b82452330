/**
 * `npm run bench`: every benchmark section, then bench/results.md and bench/results.json. Not a test:
 * nothing here asserts a timing; goals are reported as met or missed.
 *
 *   npm run bench                          all sections, writes the results files
 *   npm run bench -- --only client,size    some sections, printed only (the results files stay as they are)
 *   npm run bench -- --only client --record  some sections, merged into bench/results.md and bench/results.json
 *   npm run bench -- --quick               fewer repetitions, printed only: checks the harness, not the code
 */
import { readFile, writeFile } from "node:fs/promises";
import { benchClient } from "./client.js";
import { benchContract } from "./contract.js";
import { benchGenerate } from "./generate.js";
import { loadAverage, machineInfo } from "./lib/machine.js";
import { renderMarkdown, sectionTable, type Results, type Row, type Section } from "./lib/report.js";
import { benchMemory } from "./memory.js";
import { benchSize } from "./size.js";
import { benchValidation } from "./validation.js";
import { listFlag, switchFlag, UsageError } from "../cli/args.js";
import { runScript } from "../scripts/lib/steps.js";

const SECTION_IDS = ["generate", "contract", "client", "validation", "size", "memory"] as const;
type SectionId = (typeof SECTION_IDS)[number];

const FLAGS = {
  only: listFlag("SECTION", `only these sections (${SECTION_IDS.join(", ")}), printed only: the results files stay as they are`, (id, context) => {
    if (!SECTION_IDS.includes(id as SectionId)) throw new UsageError(`${context.source}: unknown section ${JSON.stringify(id)}; known: ${SECTION_IDS.join(", ")}`);
    return id as SectionId;
  }),
  quick: switchFlag("fewer repetitions, printed only: checks the harness, not the code"),
  record: switchFlag("with --only: merge the sections measured into bench/results.md and bench/results.json"),
};
let only: SectionId[] | undefined;
let quick = false;
const selected = (id: SectionId) => !only || only.includes(id);

// Repetitions, sized so that a full run stays near 3 minutes on a quiet 2-core machine.
const plan = () => ({
  generateRuns: quick ? 1 : 3,
  contractRuns: quick ? 1 : 3,
  client: quick ? { sets: 1, rounds: 3, batch: 100, warmup: 100 } : { sets: 3, rounds: 5, batch: 300, warmup: 500 },
  validation: quick ? { rounds: 3, cachedCalls: 2_000, compiledCalls: 3 } : { rounds: 7, cachedCalls: 20_000, compiledCalls: 10 },
  memory: { runs: quick ? 1 : 3, requests: 10_000, interval: 1_000 },
});

async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await run();
    console.log(`ok    ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    console.log(`FAIL  ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    throw error;
  }
}

async function main(values: { only: SectionId[] | undefined; quick: boolean; record: boolean }): Promise<number> {
  ({ only, quick } = values);
  if (values.record && (quick || !only)) throw new UsageError("--record merges the sections of an --only run (without --quick) into the results files");
  const PLAN = plan();
  const started = performance.now();
  const machine = machineInfo();
  console.log(`bench on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageAtStart.join(" / ")}`);
  const sections: Section[] = [];
  if (selected("size")) sections.push(await step("5 size", () => benchSize()));
  if (selected("validation")) sections.push(await step("4 validation", () => benchValidation(PLAN.validation)));
  if (selected("client")) sections.push(await step("3 client overhead", () => benchClient(PLAN.client)));
  if (selected("generate")) sections.push(await step("1 generate", () => benchGenerate(PLAN.generateRuns)));
  let contractMemory: Row[] = [];
  if (selected("contract")) {
    const { section, memoryRows } = await step("2 contract suite", () => benchContract(PLAN.contractRuns));
    sections.push(section);
    contractMemory = memoryRows;
  }
  if (selected("memory")) sections.push(await step("6 memory", () => benchMemory(contractMemory, PLAN.memory)));
  sections.sort((a, b) => SECTION_IDS.indexOf(a.id as SectionId) - SECTION_IDS.indexOf(b.id as SectionId));

  const results: Results = {
    date: new Date().toISOString(),
    machine,
    loadAverageAtEnd: loadAverage(),
    durationSeconds: (performance.now() - started) / 1000,
    command: quick || only ? `npm run bench -- ${process.argv.slice(2).join(" ")}` : "npm run bench",
    sections,
  };
  if (quick || only) for (const section of sections) console.log(`\n## ${section.title}\n\n${sectionTable(section)}`);
  if (values.record) {
    // The sections just measured replace theirs in the files; the others keep their run's figures.
    const previous = JSON.parse(await readFile("bench/results.json", "utf8")) as Results;
    const recorded = { date: results.date, command: results.command, node: machine.node, loadAverage: results.loadAverageAtEnd };
    const fresh = new Map(sections.map((section) => [section.id, { ...section, recorded }]));
    const merged = { ...previous, sections: previous.sections.map((section) => fresh.get(section.id) ?? section) };
    for (const section of fresh.values()) if (!merged.sections.some((s) => s.id === section.id)) merged.sections.push(section);
    await writeFile("bench/results.json", `${JSON.stringify(merged, null, 2)}\n`);
    await writeFile("bench/results.md", renderMarkdown(merged));
    console.log(`merged ${[...fresh.keys()].join(", ")} into bench/results.md, bench/results.json`);
  } else if (quick || only) {
    console.log("\npartial or quick run: bench/results.md and bench/results.json left as they are");
  } else {
    await writeFile("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    await writeFile("bench/results.md", renderMarkdown(results));
    console.log("wrote bench/results.md, bench/results.json");
  }
  const missed = sections.flatMap((s) => s.goals.filter((g) => !g.met).map((g) => `${s.title}: ${g.goal} (${g.detail})`));
  for (const line of missed) console.log(`missed ${line}`);
  console.log(`bench done in ${Math.round(results.durationSeconds)} s, ${missed.length} goal(s) missed`);
  return 0;
}

runScript({ name: "bench", summary: "Measures generation, the contract suite, client overhead, validation, bundle size and memory, and writes bench/results.md and bench/results.json. Asserts no timing.", flags: FLAGS, examples: ["", "--only size,validation", "--only client --record", "--quick"], run: main });
