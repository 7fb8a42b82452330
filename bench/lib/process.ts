/** Child processes for the benchmarks: timed runs, and the peak RSS of a whole process tree from /proc. */
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

/** Result of a finished child process. */
export interface ProcessRun {
  ms: number;
  stdout: string;
  stderr: string;
  /** Highest sum of VmRSS over the process and its descendants, sampled; bytes (0 when /proc is missing). */
  peakTreeRssBytes: number;
}

/** Options of {@link runProcess}. */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process after this many ms. Default 180 000. */
  timeoutMs?: number;
  /** Sample the tree's RSS every this many ms; 0 disables. Default 0. */
  rssSampleMs?: number;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sum of the RSS of a process and all its descendants now, in bytes. */
export function treeRssBytes(root: number): number {
  let total = 0;
  const pending = [root];
  for (let guard = 0; pending.length > 0 && guard < 10_000; guard++) {
    const pid = pending.pop()!;
    total += rssBytes(pid);
    pending.push(...childrenOf(pid));
  }
  return total;
}

/** Runs a command to completion; rejects on a non-zero exit or the timeout, with its output. */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let peak = 0;
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const sampler =
    options.rssSampleMs && child.pid !== undefined
      ? setInterval(() => (peak = Math.max(peak, treeRssBytes(child.pid!))), options.rssSampleMs)
      : undefined;
  const timeoutMs = options.timeoutMs ?? 180_000;
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(killer);
      clearInterval(sampler);
      if (code === 0) resolve({ ms, stdout, stderr, peakTreeRssBytes: peak });
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal} after ${Math.round(ms)} ms\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
    });
  });
}

/** The last line of a child's stdout parsed as JSON (children report their measurements that way). */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as T;
}

/** `node --import tsx <script>`: runs a TypeScript child with Node's own flags in front. */
export function tsxArgs(script: string, nodeFlags: readonly string[] = [], args: readonly string[] = []): string[] {
  return [...nodeFlags, "--import", "tsx", script, ...args];
}

/**
 * Node arguments that run a TypeScript script as plain JavaScript, the way a package user runs our
 * compiled code: bundled afresh by scripts/run-bundled.mjs (esbuild, packages left to Node), without
 * the transforms tsx adds (it keeps function names, which costs a call per named closure created).
 */
export function bundledArgs(script: string, nodeFlags: readonly string[] = [], args: readonly string[] = []): string[] {
  return [...nodeFlags, "scripts/run-bundled.mjs", script, ...args];
}
