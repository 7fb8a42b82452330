/** Starts and stops Prism mock servers on 127.0.0.1. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createRequire } from "node:module";

/** Longest wait for Prism to say it listens. */
export const PRISM_START_TIMEOUT_MS = 60_000;

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve("@stoplight/prism-cli/dist/index.js");

/** A running mock server. */
export interface MockServer {
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks; released before Prism binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

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

/** How Prism answers: static mode serves the documented examples; dynamic mode generates bodies from the schemas. */
export interface PrismOptions {
  /** Generate responses from the schemas (`--dynamic`) instead of serving examples. Default false. */
  dynamic?: boolean;
  /** Seed of dynamic generation (`--seed`), for repeatable runs. */
  seed?: string | number;
}

/** Starts `prism mock <specPath>` on a free loopback port and resolves once it listens. */
export async function startPrism(specPath: string, options: PrismOptions = {}): Promise<MockServer> {
  const port = await freePort();
  const mode = [...(options.dynamic ? ["--dynamic"] : []), ...(options.seed === undefined ? [] : ["--seed", String(options.seed)])];
  const child = spawn(process.execPath, [PRISM_BIN, "mock", specPath, "-h", "127.0.0.1", "-p", String(port), ...mode], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within ${PRISM_START_TIMEOUT_MS} ms for ${specPath}:\n${output}`)), PRISM_START_TIMEOUT_MS);
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
      reject(new Error(`Prism exited with code ${code} for ${specPath}:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  // Keep draining the logs so Prism never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { url: `http://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}
