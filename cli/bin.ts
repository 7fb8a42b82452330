#!/usr/bin/env node
/**
 * `browser-agent-apis <command> [flags]`: the contract checks for other teams' CI, from the installed
 * package. `contract`, `replay` and `diff` are the same commands as `npm run contract|replay|diff` in
 * this repository; `browser-agent-apis <command> --help` lists each one's flags.
 */
import { runCommandLine, type Command } from "./command.js";
import { contractCommand } from "./contract-command.js";
import { diffCommand } from "./diff-command.js";
import { packageInfo } from "../contract-tests/runner/package-info.js";
import { replayCommand } from "./replay-command.js";

const BIN = "browser-agent-apis";
const COMMANDS: Readonly<Record<string, Command<any>>> = { contract: contractCommand, replay: replayCommand, diff: diffCommand };

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    `usage: ${BIN} <command> [flags]`,
    "",
    "The contract checks of the browser-agent API toolkit: spec, client and API still agree.",
    "",
    "commands:",
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    "",
    `${BIN} <command> --help lists a command's flags; ${BIN} --version prints the version.`,
    "exit: 0 passed; 1 the checks failed; 2 could not judge (usage, bad file, no provider ran)",
  ].join("\n");
}

const [name, ...rest] = process.argv.slice(2);
if (name === "--help" || name === "-h") {
  console.log(overview());
} else if (name === "--version") {
  console.log(packageInfo().version);
} else if (name !== undefined && Object.hasOwn(COMMANDS, name)) {
  runCommandLine(COMMANDS[name]!, `${BIN} ${name}`, rest);
} else {
  console.error(`${BIN}: ${name === undefined ? "no command given" : `unknown command ${JSON.stringify(name)}`}; known: ${Object.keys(COMMANDS).join(", ")}\n\n${overview()}`);
  process.exitCode = 2;
}
