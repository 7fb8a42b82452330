/**
 * Test support for the command-line tests: the commands as child processes (the npm scripts' entry files
 * and the bin, one node process each with tsx's loader), in process through runCommand, and the shape of
 * a usage error and of a one-line input error. Not shipped: the package's tooling build takes only what
 * cli/bin.ts and cli/api.ts import.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { expect } from "vitest";
import { runCommand, type Command } from "../command.js";

/** The repository root (vitest runs from it). */
export const ROOT = resolve(".");
// tsx's loader in this process (one node process per command; the tsx CLI would add a second).
const TSX_LOADER = import.meta.resolve("tsx");
// tsx start-up plus the command; generous for a loaded 2-core machine.
const RUN_TIMEOUT_MS = 180_000;
// Child processes at once per test file: enough to overlap start-up, few enough not to starve the other files.
const PARALLEL = 3;

let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resume) => waiting.push(resume));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** What a command run ended with. */
export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The command sees none of this process's keys, contract env vars or npm's INIT_CWD unless a row sets them.
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/_API_KEY$|_BASE_URL$|_API_URL$|^CONTRACT_|^INIT_CWD$|^npm_/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs `command` as a child process (a few at a time) with the env of {@link childEnv}; killed after 180 s. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
  return slot(
    () =>
      new Promise((done, fail) => {
        const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: childEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
        child.once("error", fail);
        child.once("close", (code) => {
          clearTimeout(timer);
          done({ code, stdout, stderr });
        });
      }),
  );
}

/** The entry file of each npm script and of the bin. */
const SCRIPTS: Record<string, string> = {
  contract: "scripts/contract.ts",
  replay: "scripts/replay.ts",
  diff: "scripts/diff.ts",
  generate: "scripts/generate.ts",
  build: "scripts/build.ts",
  docs: "scripts/docs.ts",
  smoke: "scripts/smoke.ts",
  bench: "bench/run.ts",
  bin: "cli/bin.ts",
};
/** Runs an npm script's entry file (or the bin, "bin") under Node with tsx's loader, as `npm run` would. */
export const script = (name: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }) =>
  run(process.execPath, ["--import", TSX_LOADER, join(ROOT, SCRIPTS[name]!), ...args], options);

/**
 * A command run in this process as its entry file would run it (same invocation name, the child's env),
 * with what it prints collected line by line as the process streams would receive it.
 */
export async function inProcess(command: Command<any>, args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(command, args, {
    invokedAs: `npm run ${command.name} --`,
    env: childEnv(env),
    // The working directory a child process started in `cwd` would have.
    ...(cwd === undefined ? {} : { cwd }),
    stdout: (text) => (stdout += `${text}\n`),
    stderr: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr };
}

/** Asserts a usage error: exit 2, the command's one-line message first, then the usage; no stack trace. */
export function expectUsageError(result: Result, command: string, message: string | RegExp): void {
  const detail = `${result.stdout}${result.stderr}`;
  expect(result.code, detail).toBe(2);
  const [first, blank, synopsis] = result.stderr.split("\n");
  if (typeof message === "string") expect(first).toBe(`${command}: ${message}`);
  else expect(first).toMatch(message);
  expect([blank, synopsis?.startsWith("usage: ")], detail).toEqual(["", true]);
  expect(detail).not.toMatch(/^\s+at .+\(?.+:\d+:\d+\)?$/m);
}

/** Asserts a one-line error without usage (a bad file, a setup problem): exit 2, no stack trace. */
export function expectInputError(result: Result, command: string, message: string | RegExp): void {
  const detail = `${result.stdout}${result.stderr}`;
  expect(result.code, detail).toBe(2);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines, detail).toHaveLength(1);
  if (typeof message === "string") expect(lines[0]).toBe(`${command}: ${message}`);
  else expect(lines[0]).toMatch(message);
}

