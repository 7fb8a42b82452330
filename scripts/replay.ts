/**
 * `npm run replay`: the replay command (cli/replay-command.ts) under its npm name: the drift classifier
 * on recorded traffic, offline, writing reports/drift/. `npm run replay -- --help` lists the flags.
 */
import { runCommandLine } from "../cli/command.js";
import { replayCommand } from "../cli/replay-command.js";

runCommandLine(replayCommand, "npm run replay --");
