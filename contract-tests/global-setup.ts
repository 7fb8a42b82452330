/** Vitest global setup: one Prism mock per provider, served in the main vitest process on 127.0.0.1, always stopped. */
import type { TestProject } from "vitest/node";
import { startPrism, type MockServer } from "./runner/prism.js";
import { CONTRACT_PROVIDERS } from "./runner/providers.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Mock base URL by provider name. */
    mockUrls: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = await Promise.allSettled(CONTRACT_PROVIDERS.map((p) => startPrism(p.specPath)));
  const servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const stopAll = async () => {
    await Promise.all(servers.map((server: MockServer) => server.stop()));
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const urls = Object.fromEntries(CONTRACT_PROVIDERS.map((p, i) => [p.definition.name, servers[i]!.url]));
  project.provide("mockUrls", urls);
  return stopAll;
}
