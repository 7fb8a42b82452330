/**
 * The reference the in-process mock is held to: `prism mock` run as its own CLI process. Used only by the
 * test that proves both answer alike and by the benchmark that compares their start-up; the suite itself
 * uses startPrism (prism.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { freePort, PRISM_START_TIMEOUT_MS, type MockServer, type PrismOptions } from "./prism.js";

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve("@stoplight/prism-cli/dist/index.js");

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** The CLI flags that give `prism mock` the options of {@link PrismOptions}. */
export function prismCliFlags(options: PrismOptions): string[] {
  return [
    ...(options.dynamic ? ["--dynamic"] : []),
    ...(options.seed === undefined ? [] : ["--seed", String(options.seed)]),
    ...(options.cors === false ? ["--no-cors"] : []),
  ];
}

/** Starts `prism mock <specPath>` as a child process on a free loopback port; resolves once it listens. */
export async function startPrismCli(specPath: string, options: PrismOptions = {}): Promise<MockServer> {
  const port = options.port ?? (await freePort());
  const args = [PRISM_BIN, "mock", specPath, "-h", "127.0.0.1", "-p", String(port), ...prismCliFlags(options)];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism CLI did not start within ${PRISM_START_TIMEOUT_MS} ms for ${specPath}:\n${output}`)), PRISM_START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stderr?.off("data", onData);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`prism CLI exited with code ${code} for ${specPath}:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  // Keep draining the logs so the CLI never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { url: `http://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}
