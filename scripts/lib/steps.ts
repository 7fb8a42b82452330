/** What every script shares: one line per step with its time, the command line and the exit code. */
import type { FlagTable } from "../../cli/args.js";
import { runCommandLine, type Command } from "../../cli/command.js";

/** Runs one step, printing `ok` or `FAIL`, its label and its time in ms. */
export async function timed<T>(label: string, step: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    const result = await step();
    console.log(`ok    ${label} (${Math.round(performance.now() - started)} ms)`);
    return result;
  } catch (error) {
    console.log(`FAIL  ${label} (${Math.round(performance.now() - started)} ms)`);
    throw error;
  }
}

/**
 * Runs a script as `npm run <name>`: `--help`, its flag table (a script without flags refuses every
 * flag), one-line errors; exits with the code `run` returns, or when it throws the error's own code,
 * else the command's `errorExitCode` (default 1); 2 for a usage error.
 */
export function runScript<F extends FlagTable>(command: Command<F>): void {
  runCommandLine(command, `npm run ${command.name} --`);
}

/** Formats a byte count as `12.3 kB` (1 kB = 1000 bytes, as npm prints sizes). */
export function formatBytes(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}
