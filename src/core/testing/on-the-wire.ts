/** Helpers of the tests that meet a fault server on 127.0.0.1: servers closed after each test, typed rejections. */
import { afterEach, expect } from "vitest";
import { BrowserAgentError } from "../errors.js";
import { startFaultServer, type FaultScript, type FaultServer } from "./fault-server.js";

/** Returns `serve(script)`, which starts a fault server that is closed after the current test. */
export function faultServers(): (script: FaultScript, options?: { port?: number }) => Promise<FaultServer> {
  const servers: FaultServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (script, options) => {
    const server = await startFaultServer(script, options);
    servers.push(server);
    return server;
  };
}

/** The error `promise` rejects with, checked to be one of ours; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<BrowserAgentError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(BrowserAgentError);
  return outcome.error as BrowserAgentError;
}
