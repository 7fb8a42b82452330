/** Starts bench/children/loopback-server.ts and returns its URL; the server exits when stopped or when we exit. */
import { spawn } from "node:child_process";
import { tsxArgs } from "./process.js";

/** A running loopback server. */
export interface LoopbackServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the loopback server process. */
export function startLoopbackServer(): Promise<LoopbackServer> {
  // stdin is a pipe: if this process dies, the pipe closes and the server exits with it.
  const child = spawn(process.execPath, tsxArgs("bench/children/loopback-server.ts"), { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error("loopback server did not start within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`loopback server exited with ${code}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.stdin.end();
          }),
      });
    });
  });
}
