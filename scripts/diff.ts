/**
 * `npm run diff -- --base <git ref>`: the diff command (cli/diff-command.ts) under its npm name. Compares
 * each provider's bundled spec (generated/<provider>/openapi.json) with the same file at the ref and exits 1
 * on a breaking change that is not released per VERSIONING in CHANGELOG.md (both majors bumped, a changelog
 * entry). A provider absent at the base is new, not an error. `npm run diff -- --help` lists the flags.
 */
import { diffCommand } from "../cli/diff-command.js";
import { runScript } from "./lib/steps.js";

runScript(diffCommand);
