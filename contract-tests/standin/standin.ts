/**
 * A stand-in live API on 127.0.0.1: Prism serving a spec document (as given, or transformed: relaxed,
 * mutated), in static or dynamic mode, behind the recording proxy. Live runs point their base URL at it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startPrism, type MockServer } from "../runner/prism.js";
import { SpecIndex, type SpecNode } from "../runner/spec-index.js";
import { startRecordingProxy, type ProxyOptions, type RecordingProxy } from "./proxy.js";

/** Options of {@link startStandin}. */
export interface StandinOptions extends Omit<ProxyOptions, "upstream" | "spec"> {
  /** A bundled spec: the path of its JSON file, or the document itself. */
  spec: string | SpecNode;
  /** Changes a copy of the document before it is served (return a new one, or edit it in place). */
  transform?: (doc: SpecNode) => SpecNode | void;
  /** `static` serves the documented examples; `dynamic` generates bodies from the schemas (and `conform` defaults to true). Default `static`. */
  mode?: "static" | "dynamic";
  /** Seed of dynamic generation, for repeatable runs. */
  seed?: string | number;
  /**
   * A server already serving the same document (a shared Prism mock, another stand-in's `upstream`) to put
   * the proxy in front of, instead of starting Prism; `mode` and `seed`, when given, are then asked of it per
   * request (Prism's `Prefer: dynamic=…, seed=…`).
   */
  upstream?: string;
}

/** A running stand-in: the proxy's log and controls, the document served, and `stop()` for both servers. */
export interface Standin extends RecordingProxy {
  /** The document served (after the transform). */
  doc: SpecNode;
  /** Its index (operations, responses, validators). */
  spec: SpecIndex;
  /** The server behind the proxy (the Prism it started, or the `upstream` given): other stand-ins of the same document can share it. */
  upstream: string;
}

let instances = 0;

function loadDoc(spec: string | SpecNode): SpecNode {
  return typeof spec === "string" ? (JSON.parse(readFileSync(spec, "utf8")) as SpecNode) : structuredClone(spec);
}

/** Starts a stand-in (Prism unless `upstream` is given, then the recording proxy in front); resolves once both listen. */
export async function startStandin(options: StandinOptions): Promise<Standin> {
  const { spec: source, transform, mode = "static", seed, upstream, ...proxyOptions } = options;
  const original = loadDoc(source);
  const doc = transform ? (transform(original) ?? original) : original;
  const spec = new SpecIndex(doc, `standin-${++instances}`);
  let prism: MockServer | undefined;
  let dir: string | undefined;
  if (upstream === undefined) {
    dir = mkdtempSync(join(tmpdir(), "standin-"));
    const path = join(dir, "openapi.json");
    writeFileSync(path, JSON.stringify(doc));
    try {
      prism = await startPrism(path, { dynamic: mode === "dynamic", ...(seed === undefined ? {} : { seed }) });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  // A shared upstream answers in its own mode unless this stand-in asks for one.
  const prefer = upstream === undefined ? [] : [...(options.mode === undefined ? [] : [`dynamic=${mode === "dynamic"}`]), ...(seed === undefined ? [] : [`seed=${seed}`])];
  // A generator can get a schema wrong (Prism's cannot honour a pattern's lookahead): a dynamic stand-in answers only what its document accepts.
  const served = upstream ?? prism!.url;
  const proxy = await startRecordingProxy({ ...proxyOptions, conform: proxyOptions.conform ?? mode === "dynamic", prefer, upstream: served, spec });
  return {
    ...proxy,
    doc,
    spec,
    upstream: served,
    stop: async () => {
      await Promise.all([proxy.stop(), prism?.stop()]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback URL nothing listens on: every connection to it is refused. */
export async function refusingUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
