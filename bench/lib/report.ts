/** The shape of a benchmark section and its rendering into results.md. */
import type { MachineInfo } from "./machine.js";
import type { Figure } from "./stats.js";

/** One line of a section's table. */
export interface Row {
  label: string;
  figure: Figure;
  note?: string;
}

/** A goal of the issue and whether this run met it. */
export interface Goal {
  goal: string;
  met: boolean;
  /** The figures the verdict rests on, and why when it is missed. */
  detail: string;
}

/** What a benchmark section returns. */
export interface Section {
  id: string;
  title: string;
  /** How it was measured, in one or two sentences. */
  method: string;
  rows: Row[];
  goals: Goal[];
  notes: string[];
  /** Extra machine-readable detail for results.json. */
  data?: unknown;
  /** Set when this section was measured by a later partial run (`--only … --record`) than the rest of the file. */
  recorded?: { date: string; command: string; node: string; loadAverage: number[] };
}

/** The whole results file. */
export interface Results {
  date: string;
  machine: MachineInfo;
  loadAverageAtEnd: number[];
  durationSeconds: number;
  command: string;
  sections: Section[];
}

/** A number with about three significant digits. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString("en-US");
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function cell(value: number, unit: string): string {
  return unit === "x" ? `${formatNumber(value)}x` : `${formatNumber(value)} ${unit}`;
}

/** The markdown table of a section. */
export function sectionTable(section: Section): string {
  const lines = ["| Measure | Median | Min | Max | Runs |", "| --- | ---: | ---: | ---: | ---: |"];
  for (const { label, figure, note } of section.rows) {
    const name = note ? `${label} (${note})` : label;
    lines.push(`| ${name} | ${cell(figure.median, figure.unit)} | ${cell(figure.min, figure.unit)} | ${cell(figure.max, figure.unit)} | ${figure.n} |`);
  }
  return lines.join("\n");
}

/** results.md. */
export function renderMarkdown(results: Results): string {
  const { machine } = results;
  const out: string[] = [
    "# Benchmark results",
    "",
    `Written by \`${results.command}\` (bench/run.ts) on ${results.date}; the run took ${Math.round(results.durationSeconds)} s.`,
    "",
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`,
    `- Node ${machine.node}`,
    `- Load average (1/5/15 min): ${machine.loadAverageAtStart.join(" / ")} at start, ${results.loadAverageAtEnd.join(" / ")} at end`,
    "",
    "Every figure is the median of repeated runs with their min and max. Comparisons are measured side by side",
    "in the same run (interleaved) and reported as ratios, one ratio per pair of runs. Timings from a loaded",
    `machine (load average above the ${machine.cores} cores) are noisy: compare ratios, not absolute times, and re-run on a quiet machine.`,
    "",
    "## Goals",
    "",
    "| Section | Goal | Result | Detail |",
    "| --- | --- | --- | --- |",
  ];
  for (const section of results.sections) {
    for (const goal of section.goals) out.push(`| ${section.title} | ${goal.goal} | ${goal.met ? "met" : "**missed**"} | ${goal.detail} |`);
  }
  for (const section of results.sections) {
    out.push("", `## ${section.title}`, "");
    const r = section.recorded;
    if (r) out.push(`Measured on ${r.date} by \`${r.command}\` (Node ${r.node}, load average ${r.loadAverage.join(" / ")} at the end), after the rest of this file.`, "");
    out.push(section.method, "", sectionTable(section));
    if (section.notes.length > 0) out.push("", ...section.notes.map((note) => `- ${note}`));
  }
  return `${out.join("\n")}\n`;
}
