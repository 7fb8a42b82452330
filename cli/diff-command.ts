/** `diff`: breaking-change classification of specs, against a git ref (this repository) or a spec file. */
import { listFlag, required, stringFlag, switchFlag, UsageError, inputFileFlag } from "./args.js";
import type { Command } from "./command.js";
import { providerName } from "./contract-command.js";
import type { ProviderVerdict } from "./spec-diff.js";

/** The diff command's flags. */
export const DIFF_FLAGS = {
  base: required(stringFlag("REF|FILE", "a git ref: compare generated/ of this repository with it, under the release rule; or a spec file (.json, .yaml): compare it with --head or the bundled spec of --provider")),
  head: inputFileFlag("FILE", "with a spec file as --base: the newer spec (default the bundled spec of --provider)"),
  provider: listFlag("NAME", "with a git ref: only these providers; with a spec file: the provider whose bundled spec is compared (one)", providerName),
  all: switchFlag("print non-breaking and annotation changes too"),
};

function printVerdict(verdict: ProviderVerdict, all: boolean, failed: boolean): void {
  const { provider, status, specVersion, summary } = verdict;
  const versions = `spec ${specVersion.base ?? "-"} -> ${specVersion.head ?? "-"}`;
  const counts =
    `${summary.breaking} breaking, ${summary["non-breaking"]} non-breaking, ${summary.annotation} annotation` +
    (summary.deprecated ? `, ${summary.deprecated} deprecated` : "") +
    (summary.unclassified ? `, ${summary.unclassified} unclassified` : "");
  console.log(`${failed ? "FAIL " : "ok   "} ${provider}: ${status} (${versions}; ${status === "new" ? "no base to compare" : counts})`);
  for (const change of verdict.changes) {
    if (!all && change.type !== "breaking") continue;
    console.log(`        ${change.type}: ${change.description}${change.rule ? ` [rule: ${change.rule}]` : ""}\n          at ${change.path}`);
  }
  for (const reason of verdict.missing) console.log(`        needed: ${reason}`);
}

/** The diff command. */
export const diffCommand: Command<typeof DIFF_FLAGS> = {
  name: "diff",
  summary: "Classifies spec changes as breaking, non-breaking or annotation (api-smart-diff plus the project's rules) and fails on a breaking change: against a git ref, unless it is released per VERSIONING in CHANGELOG.md; between spec files, always.",
  flags: DIFF_FLAGS,
  errorExitCode: 2,
  notes: ["exit: 0 no failing change; 1 a breaking change (unreleased, with a git ref); 2 could not judge (usage, unknown ref, bad spec file)"],
  examples: ["--base HEAD~1", "--base v0.1.0 --all", "--base provider-openapi.json --provider browser-use", "--base old.yaml --head new.yaml"],
  async run(values, context) {
    const { diffAgainstRef, diffSpec, isSpecFile, verdictFails } = await import("./diff-run.js");
    const { resolve } = await import("node:path");
    if (isSpecFile(values.base)) {
      if (values.provider && values.provider.length !== 1) throw new UsageError(`--provider names the one bundled spec to compare with --base ${values.base}; got ${values.provider.length}`);
      if (!values.provider && values.head === undefined) throw new UsageError(`--base ${values.base} is a spec file: give --provider NAME (its bundled spec is the head) or --head FILE`);
      const base = resolve(context.cwd, values.base);
      const verdict = diffSpec({ base, ...(values.head !== undefined ? { head: values.head } : {}), ...(values.provider ? { provider: values.provider[0]! } : {}) });
      console.log(`diff  ${base} -> ${values.head ?? `bundled ${values.provider![0]} spec`}`);
      printVerdict(verdict, values.all, verdictFails(verdict));
      if (verdictFails(verdict)) {
        console.error(`breaking change in ${verdict.provider}`);
        return 1;
      }
      console.log("diff done: no breaking change");
      return 0;
    }
    if (values.head !== undefined) throw new UsageError("--head compares two spec files: give a spec file as --base too");
    const result = diffAgainstRef(values.base, values.provider ? { providers: values.provider } : {});
    console.log(`diff  ${result.base} -> working tree (package ${result.release.basePackageVersion} -> ${result.release.headPackageVersion})`);
    for (const verdict of result.verdicts) printVerdict(verdict, values.all, verdictFails(verdict));
    const blocked = result.verdicts.filter(verdictFails);
    if (blocked.length > 0) {
      console.error(`breaking change without a major release in: ${blocked.map((v) => v.provider).join(", ")} (see VERSIONING in CHANGELOG.md)`);
      return 1;
    }
    console.log("diff done: no unreleased breaking change");
    return 0;
  },
};
