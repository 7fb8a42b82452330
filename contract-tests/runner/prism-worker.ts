/**
 * The source of the worker thread that serves the in-process Prism mocks (contract-tests/runner/prism.ts
 * starts it). Plain JavaScript, so that the worker starts without the caller's loaders (tsx, vitest):
 * Prism and its dependencies are CommonJS and load fastest as such.
 *
 * workerData: `{ modules: { core, http, server, yaml } }`, the resolved entry files. Messages in:
 * `{ id, type: "start", spec, label, port, cors, config }` and `{ id, type: "stop", server }`; each is
 * answered with `{ id, url? , error? }`.
 */
export const PRISM_WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { readFile } = require("node:fs/promises");
const Module = require("node:module");

// A module Prism requires as it loads but needs only on a path the mocks rarely or never take: in
// require's cache, a stand-in whose values load the real module the first time they are used.
function defer(fromFile, request, standIn) {
  const path = Module.createRequire(fromFile).resolve(request);
  let real;
  const load = () => {
    if (real === undefined) {
      delete require.cache[path];
      real = require(path);
    }
    return real;
  };
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = standIn(load);
  require.cache[path] = module;
}

// A value standing for what get() returns; reading, writing or calling through it loads that first.
function lazy(get) {
  return new Proxy({}, {
    get(_, key) {
      const target = get();
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(get(), key, value),
    has: (_, key) => key in get(),
  });
}

// prism-http requires @faker-js/faker, whose index builds every locale (some 1,900 modules, more than
// half of Prism's import time), and hands its default instance to json-schema-faker at once; that uses
// it only for a "faker" keyword in a schema during dynamic generation.
defer(workerData.modules.http, "@faker-js/faker", (load) => {
  const instance = lazy(() => load().default);
  return {
    default: instance,
    faker: instance,
    get Faker() { return load().Faker; },
    get FakerError() { return load().FakerError; },
    get Gender() { return load().Gender; },
  };
});
// @stoplight/http-spec reads Postman collections with postman-collection (and its own faker); a spec
// that is not a Postman collection never calls it.
defer(Module.createRequire(workerData.modules.http).resolve("@stoplight/http-spec"), "postman-collection", (load) => lazy(load));

const { createLogger } = require(workerData.modules.core);
const { getHttpOperationsFromSpec } = require(workerData.modules.http);
const { createServer } = require(workerData.modules.server);
const servers = new Map();

async function readDocument(path) {
  const text = await readFile(path, "utf8");
  return path.endsWith(".json") ? JSON.parse(text) : require(workerData.modules.yaml).parse(text);
}

async function start({ spec, label, cors, config, port }) {
  const document = typeof spec === "string" ? await readDocument(spec) : spec;
  // json-schema-faker's options are global to a thread: the CLI sets a spec's x-json-schema-faker for its
  // one server, but here they would leak into every other server. None of our specs sets it.
  if (document && typeof document === "object" && "x-json-schema-faker" in document) {
    throw new Error(label + ": x-json-schema-faker is not supported by the in-process Prism (its options are global to the thread)");
  }
  // A file path keeps relative $refs working as in the CLI.
  const operations = await getHttpOperationsFromSpec(typeof spec === "string" ? spec : document);
  if (operations.length === 0) throw new Error(label + ": no operations found");
  const logger = createLogger("PRISM", { level: "silent" }).child({ name: "HTTP SERVER" });
  const server = createServer(operations, { cors, config, components: { logger } });
  return { server, url: await server.listen(port, "127.0.0.1") };
}

// One spec loads at a time, so that the first server listens (and its cases run) while the next loads.
let loading = Promise.resolve();

parentPort.on("message", async (message) => {
  try {
    if (message.type === "start") {
      const started = loading.then(() => start(message));
      loading = started.catch(() => undefined);
      const { server, url } = await started;
      servers.set(message.id, server);
      parentPort.postMessage({ id: message.id, url });
    } else {
      const server = servers.get(message.server);
      servers.delete(message.server);
      await server?.close();
      parentPort.postMessage({ id: message.id });
    }
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;
