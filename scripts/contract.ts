/**
 * `npm run contract`: the contract command (cli/contract-command.ts) under its npm name. Mock (default):
 * starts the mocks on 127.0.0.1, prints one line per operation and a closing total. Live: the providers
 * whose key is set, with the drift report in reports/drift/. `npm run contract -- --help` lists the flags.
 */
import { contractCommand } from "../cli/contract-command.js";
import { runScript } from "./lib/steps.js";

runScript(contractCommand);
