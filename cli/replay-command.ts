/** `replay`: the drift classifier on recorded traffic (HAR or NDJSON), offline; same report as a live run. */
import { choiceFlag, inputFileFlag, outputDirFlag, required, switchFlag, UsageError } from "./args.js";
import type { Command } from "./command.js";
import { baseUrlFlag, severitiesFlag } from "./contract-command.js";
import { PROVIDER_NAMES } from "./providers.js";

/** The replay command's flags. */
export const REPLAY_FLAGS = {
  provider: required(choiceFlag(PROVIDER_NAMES, "the provider the traffic was recorded from")),
  file: required(inputFileFlag("FILE", "a HAR file, or NDJSON lines of {request: {method, url, headers, body}, response: {status, headers, body}}")),
  "base-url": baseUrlFlag("the base URL the traffic was recorded against, when not the provider's default or env var (its path is stripped before matching)"),
  strict: switchFlag("fail on every severity: judgement and additive findings too"),
  "fail-on": severitiesFlag(),
  allowlist: inputFileFlag("FILE", "allow-list of acknowledged findings, JSON or YAML", { defaultLabel: "contract-allowlist.json when present" }),
  baseline: inputFileFlag("FILE", "an earlier report.json: mark each finding new or still open, list the ones gone"),
  out: outputDirFlag("DIR", "folder for report.json, report.md and junit.xml", { defaultLabel: "reports/drift" }),
};

/** The replay command. */
export const replayCommand: Command<typeof REPLAY_FLAGS> = {
  name: "replay",
  summary: "Classifies recorded traffic of one provider against its spec, offline, exactly as a live run would, and writes the drift report.",
  flags: REPLAY_FLAGS,
  errorExitCode: 2,
  notes: ["exit: 0 passed; 1 drift (a finding of a --fail-on severity; any with --strict); 2 could not judge (usage, bad file, no recorded exchange matched an operation)"],
  examples: ["--provider browser-use --file traffic.har", "--provider thinkrun --file staging.ndjson --base-url thinkrun=https://staging.example.test/api --strict"],
  async run(values, context) {
    const [{ executeReplay }, { reportExitCode }, { renderSummary }, { withReportDefaults }] = await Promise.all([
      import("./replay-run.js"),
      import("./contract-run.js"),
      import("../contract-tests/drift/report.js"),
      import("./report-defaults.js"),
    ]);
    const urls = values["base-url"] ?? {};
    const other = Object.keys(urls).find((name) => name !== values.provider);
    if (other) throw new UsageError(`--base-url names ${other}, but the traffic is from --provider ${values.provider}`);
    const started = performance.now();
    const { report, files } = executeReplay({
      provider: values.provider,
      file: values.file,
      strict: values.strict,
      ...(urls[values.provider] !== undefined ? { baseUrl: urls[values.provider] } : {}),
      ...(values["fail-on"] !== undefined ? { failOn: values["fail-on"] } : {}),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      ...withReportDefaults(values, context.cwd),
    });
    const replay = report.replay!;
    console.log(`replay  ${replay.entries} recorded exchange(s), ${replay.matched} matched, ${replay.unmatched.length} unmatched in ${Math.round(performance.now() - started)} ms`);
    for (const u of replay.unmatched) console.log(`       unmatched entry ${u.entry}: ${u.method} ${u.url}: ${u.reason}`);
    for (const line of renderSummary(report, files)) console.log(line);
    return reportExitCode(report);
  },
};
