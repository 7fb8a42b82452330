/**
 * Prism mock servers on 127.0.0.1, served inside this Node process with Prism's own libraries
 * (@stoplight/prism-http and @stoplight/prism-http-server, the packages `prism mock` runs). Each server is
 * built with the configuration `prism mock <spec>` builds, so it answers exactly as the CLI does: `Prefer`
 * headers, request validation (422 with `sl-violations`), examples, content negotiation, malformed bodies
 * and CORS. What differs is only what surrounds it: no child process, no log output.
 *
 * Every server of the process lives on one worker thread, which imports Prism once: the import and the
 * answers then run beside the caller's own work on another core, and a caller that blocks its event loop
 * (execFileSync) does not stall the mock.
 */
import { createRequire } from "node:module";
import { createServer as createNetServer } from "node:net";
import { Worker } from "node:worker_threads";
import { PRISM_WORKER_SOURCE } from "./prism-worker.js";

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
  seed?: string | number;
  /** CORS headers on every response and answers to preflight requests (CLI `--cors`). Default true. */
  cors?: boolean;
  /** Port on 127.0.0.1. Default 0: the OS picks a free one. */
  port?: number;
}

/** A spec as a file path (JSON or YAML) or as a parsed OpenAPI document (copied, never mutated). */
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

/** The `config` and `cors` that `prism mock` passes to prism-http-server for these options (prism-cli createServer.js). */
function cliConfiguration(options: PrismOptions) {
  return {
    cors: options.cors ?? true,
    config: {
      isProxy: false,
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      upstreamProxy: undefined,
      mock: { dynamic: options.dynamic ?? false, ignoreExamples: false, ...(options.seed === undefined ? {} : { seed: String(options.seed) }) },
    },
  };
}

const require = createRequire(import.meta.url);
const MODULES = {
  core: require.resolve("@stoplight/prism-core"),
  http: require.resolve("@stoplight/prism-http"),
  server: require.resolve("@stoplight/prism-http-server"),
  yaml: require.resolve("yaml"),
};

type Reply = { id: number; url?: string; error?: string };

/** The worker that holds every server of this process, and the requests waiting for its answer. */
interface PrismHost {
  call(message: Record<string, unknown>): Promise<Reply>;
  /** Marks a server listening (`true`) or stopped: while one listens, or a request waits, the worker keeps the process alive. */
  hold(server: number, listening: boolean): void;
}

let host: PrismHost | undefined;

function prismHost(): PrismHost {
  if (host) return host;
  const worker = new Worker(PRISM_WORKER_SOURCE, { eval: true, execArgv: [], workerData: { modules: MODULES } });
  const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  const running = new Set<number>();
  let nextId = 0;
  const keepAlive = () => (pending.size + running.size > 0 ? worker.ref() : worker.unref());
  let gone: Error | undefined;
  const failAll = (error: Error) => {
    gone ??= error;
    if (host === created) host = undefined;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    running.clear();
  };
  worker.on("message", (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    waiter?.resolve(reply);
    keepAlive();
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the Prism worker exited with code ${code}`)));
  const created: PrismHost = {
    hold(server, listening) {
      if (listening) running.add(server);
      else running.delete(server);
      keepAlive();
    },
    call(message) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        if (gone) return reject(gone);
        pending.set(id, { resolve, reject });
        keepAlive();
        worker.postMessage({ ...message, id });
      });
    },
  };
  keepAlive();
  host = created;
  return created;
}

// Started when this module loads, so that Prism's import overlaps whatever the caller loads next.
prismHost();

function describeSpec(spec: PrismSpec): string {
  return typeof spec === "string" ? spec : "the given document";
}

async function listen(spec: PrismSpec, options: PrismOptions): Promise<MockServer> {
  const prism = prismHost();
  const reply = await prism.call({ type: "start", spec, label: describeSpec(spec), port: options.port ?? 0, ...cliConfiguration(options) });
  if (reply.error !== undefined || reply.url === undefined) throw new Error(reply.error ?? "no address");
  prism.hold(reply.id, true);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      // The worker's close() waits for in-flight requests; a client that never finishes one must not hang stop().
      const timer = setTimeout(resolve, PRISM_STOP_TIMEOUT_MS);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        prism.hold(reply.id, false);
        resolve();
      };
      prism.call({ type: "stop", server: reply.id }).then(done, done);
    }));
  return { url: reply.url, stop };
}

/**
 * Serves `spec` as `prism mock` does, on 127.0.0.1 (a free port unless `options.port`), and resolves once
 * it listens. Rejects with the spec named when it cannot be read or served, or after PRISM_START_TIMEOUT_MS.
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
