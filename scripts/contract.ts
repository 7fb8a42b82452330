/**
 * `npm run contract`: the contract command (cli/contract-command.ts) under its npm name. Mock (default):
 * starts the mocks on 127.0.0.1, prints one line per operation and a closing total. Live: the providers
 * whose key is set, with the drift report in reports/drift/. `npm run contract -- --help` lists the flags.
 *
 * The npm script runs this file bundled (scripts/run-bundled.mjs) under `node --no-opt`: a run of a few
 * seconds is mostly code that runs once or a few times (ajv compiling validators, Prism's first answers),
 * and V8's optimising compiler spent more CPU on its background threads than it saved (measured on 2
 * cores: ~7.1 s of CPU per run with it, ~5.5-6 s without; the Prism worker's thread alone takes ~10%
 * more, the rest is the background compiles saved).
 * The output and the report do not depend on the flag.
 */
import { contractCommand } from "../cli/contract-command.js";
import { runScript } from "./lib/steps.js";

runScript(contractCommand);
