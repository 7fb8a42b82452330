/**
 * `npm run replay`: the replay command (cli/replay-command.ts) under its npm name: the drift classifier
 * on recorded traffic, offline, writing reports/drift/. `npm run replay -- --help` lists the flags.
 */
import { replayCommand } from "../cli/replay-command.js";
import { runScript } from "./lib/steps.js";

runScript(replayCommand);
