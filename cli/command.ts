/**
 * A command of the toolkit (a script or a subcommand of the bin): its flag table and what it runs, and
 * the one place where errors become exit codes. 0: success. 1: a failure the run found (failed cases,
 * breaking drift, a failed build step). 2: the run could not judge (usage, bad files, a setup problem).
 */
import { invocationDir, parseFlags, usage, UsageError, type FlagTable, type FlagValues } from "./args.js";

/** Exit code: success. */
export const EXIT_OK = 0;
/** Exit code: the run found a failure (failed cases, breaking drift, a failed step). */
export const EXIT_FAILED = 1;
/** Exit code: the run could not judge (usage error, bad file, setup problem). */
export const EXIT_CANNOT_JUDGE = 2;

/** What a command's `run` gets besides its values. */
export interface RunContext {
  /** The directory the user ran the command in (paths in values are already resolved against it). */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A command: flags, help text, and the work. */
export interface Command<F extends FlagTable = FlagTable> {
  /** `contract`; prefixes every error line. */
  name: string;
  /** One sentence for `--help`. */
  summary: string;
  flags: F;
  /** Extra `--help` lines: env vars, exit codes. */
  notes?: readonly string[];
  /** `--help` examples: the arguments after the command. */
  examples?: readonly string[];
  /** Exit code of an unexpected error: {@link EXIT_FAILED} (default) for build steps, {@link EXIT_CANNOT_JUDGE} for the checks. */
  errorExitCode?: number;
  /** Does the work; returns the exit code. Heavy modules are imported here, so `--help` and mistakes stay fast. */
  run(values: FlagValues<F>, context: RunContext): Promise<number>;
}

/** Where a command prints; the process streams by default. */
export interface CommandIo {
  invokedAs: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

/** The exit code an error carries (`exitCode` on UsageError, InputError and their kin), if any. */
export function exitCodeOf(error: unknown): number | undefined {
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === "number" ? code : undefined;
}

/** Parses `argv` and runs the command; prints help, one-line errors and usage; resolves to the exit code. */
export async function runCommand<F extends FlagTable>(command: Command<F>, argv: readonly string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(`${text}\n`));
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(`${text}\n`));
  const cwd = io.cwd ?? invocationDir(env);
  const help = () => usage(io.invokedAs, command.summary, command.flags, command.notes, command.examples);
  try {
    const parsed = parseFlags(command.flags, argv, { env, cwd });
    if (parsed.help) {
      stdout(help());
      return EXIT_OK;
    }
    return await command.run(parsed.values, { cwd, env });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      stderr(`${command.name}: ${message}\n\n${help()}`);
      return error.exitCode;
    }
    const code = exitCodeOf(error);
    stderr(`${command.name}: ${message}`);
    if (code === undefined && env.BROWSER_AGENT_DEBUG === "1" && error instanceof Error && error.stack) stderr(error.stack);
    return code ?? command.errorExitCode ?? EXIT_FAILED;
  }
}

/** Runs a command on this process's arguments and exits with its code. */
export function runCommandLine<F extends FlagTable>(command: Command<F>, invokedAs: string, argv: readonly string[] = process.argv.slice(2)): void {
  void runCommand(command, argv, { invokedAs }).then((code) => process.exit(code));
}
