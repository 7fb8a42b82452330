/**
 * Prism mock servers on 127.0.0.1, served inside this Node process with Prism's own libraries
 * (@stoplight/prism-http and @stoplight/prism-http-server, the packages `prism mock` runs). The server
 * is built with the configuration `prism mock <spec>` builds, so it answers exactly as the CLI does:
 * `Prefer` headers, request validation (422 with `sl-violations`), examples, content negotiation,
 * malformed bodies and CORS. What differs is only what surrounds it: no child process, no log output.
 */
import { readFile } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import { createLogger } from "@stoplight/prism-core";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { createServer } from "@stoplight/prism-http-server";
import { parse as parseYaml } from "yaml";

/** Longest wait for a server to load its spec and listen; then startPrism rejects. */
export const PRISM_START_TIMEOUT_MS = 60_000;
/** Longest wait in stop() for requests still in flight to finish. */
export const PRISM_STOP_TIMEOUT_MS = 10_000;

/** A running mock server. */
export interface MockServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Stops listening and closes idle connections; resolves once in-flight requests are done (bounded). */
  stop(): Promise<void>;
}

/** Options of {@link startPrism}; each default is the `prism mock` CLI's default. */
export interface PrismOptions {
  /** Generate bodies from the schemas instead of serving examples (CLI `--dynamic`). Default false. */
  dynamic?: boolean;
  /** Seed of dynamic generation: the same request gets the same body (CLI `--seed`). Default none. */
  seed?: string;
  /** CORS headers on every response and answers to preflight requests (CLI `--cors`). Default true. */
  cors?: boolean;
  /** Port on 127.0.0.1. Default 0: the OS picks a free one. */
  port?: number;
}

/** A spec as a file path (JSON or YAML) or as a parsed OpenAPI document (cloned, never mutated). */
export type PrismSpec = string | Record<string, unknown>;

/** A free TCP port on 127.0.0.1 (the OS picks; released before the caller binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function describeSpec(spec: PrismSpec): string {
  return typeof spec === "string" ? spec : "the given document";
}

async function readDocument(spec: PrismSpec): Promise<Record<string, unknown>> {
  if (typeof spec !== "string") return structuredClone(spec);
  const text = await readFile(spec, "utf8");
  return (spec.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
}

// json-schema-faker's options are global to a process: the CLI sets a spec's `x-json-schema-faker` for
// its one server, but here they would leak into every other server. None of our specs sets it.
function rejectProcessWideOptions(document: Record<string, unknown>, spec: PrismSpec): void {
  if ("x-json-schema-faker" in document) {
    throw new Error(`${describeSpec(spec)}: x-json-schema-faker is not supported by the in-process Prism (its options are global to the process)`);
  }
}

async function listen(spec: PrismSpec, options: PrismOptions): Promise<MockServer> {
  const document = await readDocument(spec);
  rejectProcessWideOptions(document, spec);
  // Prism dereferences the document it is given; the file path keeps relative $refs working as in the CLI.
  const operations = await getHttpOperationsFromSpec(typeof spec === "string" ? spec : document);
  if (operations.length === 0) throw new Error(`${describeSpec(spec)}: no operations found`);
  // The configuration `prism mock` builds (prism-cli createServer.js), with its default flags.
  const server = createServer(operations, {
    cors: options.cors ?? true,
    config: {
      isProxy: false,
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      upstreamProxy: undefined,
      mock: { dynamic: options.dynamic ?? false, ignoreExamples: false, ...(options.seed === undefined ? {} : { seed: options.seed }) },
    },
    components: { logger: createLogger("PRISM", { level: "silent" }).child({ name: "HTTP SERVER" }) },
  });
  const url = await server.listen(options.port ?? 0, "127.0.0.1");
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      // close() waits for in-flight requests; a client that never finishes one must not hang stop().
      const timer = setTimeout(resolve, PRISM_STOP_TIMEOUT_MS);
      timer.unref();
      server.close().then(
        () => (clearTimeout(timer), resolve()),
        () => (clearTimeout(timer), resolve()),
      );
    }));
  return { url, stop };
}

/**
 * Serves `spec` as `prism mock` does, on 127.0.0.1 (a free port unless `options.port`), and resolves once
 * it listens. Rejects with the spec named when it cannot be read or served, or after PRISM_START_TIMEOUT_MS.
 * The server runs on this process's event loop: while the caller blocks it (execFileSync, spawnSync, a
 * busy loop) nothing is answered, so run clients of the mock asynchronously.
 */
export async function startPrism(spec: PrismSpec, options: PrismOptions = {}): Promise<MockServer> {
  let timer: NodeJS.Timeout | undefined;
  const started = listen(spec, options);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Prism did not start within ${PRISM_START_TIMEOUT_MS} ms for ${describeSpec(spec)}`)), PRISM_START_TIMEOUT_MS);
  });
  try {
    return await Promise.race([started, timeout]);
  } catch (error) {
    // A server that came up after the timeout is stopped, not leaked.
    void started.then((server) => server.stop(), () => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(reason.includes(describeSpec(spec)) ? reason : `Prism could not serve ${describeSpec(spec)}: ${reason}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
