/**
 * The in-process Prism (startPrism) is held to the `prism mock` CLI, the tool it replaces: every contract
 * case and a set of requests outside the cases (CORS, routing errors, bad Prefer values, negotiation,
 * malformed bodies, dynamic generation) go to both, and status, headers and body must be identical.
 * One CLI process at a time (five in all), so that the comparison stays cheap on a loaded machine.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startPrismCli } from "./prism-cli.js";
import { startPrism, type MockServer, type PrismOptions } from "./prism.js";
import { CONTRACT_PROVIDERS, MOCK_API_KEY, type ContractProvider } from "./providers.js";
import { caseUrl, sendCase } from "./run-case.js";
import { mockTarget, specFor } from "./suite.js";

const START_TIMEOUT_MS = 120_000;
const ORIGIN = "https://docs.example.test";

/** What a client can see of a response; `date` is the only header allowed to differ. */
interface Seen {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function see(response: Response): Promise<Seen> {
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== "date"));
  return { status: response.status, headers, body: await response.text() };
}

/** A request outside the case table, sent as is. */
interface Probe {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

function probesFor(provider: ContractProvider): Probe[] {
  const spec = specFor(provider);
  const auth = provider.definition.authHeaders(MOCK_API_KEY);
  const relative = (url: string) => url.replace("http://host.invalid", "");
  const pathOf = (method: string) => {
    const found = provider.cases.find((c) => spec.operation(c.operationId).method === method && !c.prefer && c.expect.status < 300);
    if (!found) throw new Error(`${provider.definition.name}: no ${method} case to probe with`);
    return relative(caseUrl("http://host.invalid", spec.operation(found.operationId).path, found.request));
  };
  const get = pathOf("get");
  const post = pathOf("post");
  const json = { ...auth, "content-type": "application/json" };
  return [
    { name: "CORS preflight", method: "OPTIONS", path: post, headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-custom" } },
    { name: "OPTIONS without preflight headers", method: "OPTIONS", path: get, headers: auth },
    { name: "GET with an Origin", method: "GET", path: get, headers: { ...auth, origin: ORIGIN } },
    { name: "GET asking to expose headers", method: "GET", path: get, headers: { ...auth, origin: ORIGIN, "access-control-expose-headers": "sl-violations" } },
    { name: "unknown path", method: "GET", path: "/no/such/path", headers: auth },
    { name: "method the path does not have", method: "PUT", path: get, headers: auth },
    { name: "Prefer code that is not a status", method: "GET", path: get, headers: { ...auth, prefer: "code=abc" } },
    { name: "Prefer code that is not documented", method: "GET", path: get, headers: { ...auth, prefer: "code=418" } },
    { name: "Prefer example that does not exist", method: "GET", path: get, headers: { ...auth, prefer: "example=no-such-example" } },
    { name: "__code query instead of Prefer", method: "GET", path: `${get}${get.includes("?") ? "&" : "?"}__code=404`, headers: auth },
    { name: "Accept the operation cannot serve", method: "GET", path: get, headers: { ...auth, accept: "application/xml" } },
    { name: "Accept with a wildcard and quality", method: "GET", path: get, headers: { ...auth, accept: "text/html;q=0.5, */*;q=0.1" } },
    { name: "malformed JSON body", method: "POST", path: post, headers: json, body: '{"task": ' },
    { name: "JSON body sent as text/plain", method: "POST", path: post, headers: { ...auth, "content-type": "text/plain" }, body: "{}" },
    { name: "no credentials", method: "GET", path: get },
    { name: "per-request dynamic generation with a seed", method: "GET", path: get, headers: { ...auth, prefer: "dynamic=true, seed=fixed" } },
  ];
}

async function sendProbe(baseUrl: string, probe: Probe): Promise<Seen> {
  const init: RequestInit = { method: probe.method, headers: probe.headers ?? {}, signal: AbortSignal.timeout(30_000) };
  if (probe.body !== undefined) init.body = probe.body;
  return see(await fetch(baseUrl + probe.path, init));
}

/** Runs `work` on every item, a few at a time (each item waits on two servers). */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>, concurrency = 4): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const browserUse = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
const OPTIONS_UNDER_TEST: PrismOptions = { dynamic: true, seed: "stand-in-7", cors: false };

// The CLI processes the file compares against, in the order of the describe blocks. Each block starts
// the next one's CLI once its own is up, so a start-up overlaps the comparisons instead of adding to them.
const CLI_PLAN = [...CONTRACT_PROVIDERS.map((p) => ({ specPath: p.specPath, options: {} })), { specPath: browserUse.specPath, options: OPTIONS_UNDER_TEST }];
const cliStarts: Promise<MockServer>[] = [];
function cliProcess(index: number): Promise<MockServer> | undefined {
  const planned = CLI_PLAN[index];
  if (!planned) return undefined;
  cliStarts[index] ??= startPrismCli(planned.specPath, planned.options);
  return cliStarts[index];
}
afterAll(async () => {
  // Also stops a CLI started ahead for a block that never ran.
  await Promise.all(cliStarts.map((start) => start.then((server) => server.stop(), () => undefined)));
});

/**
 * The CLI of CLI_PLAN[index] and an in-process server on the same spec with the same options. With
 * `provided` (a provider whose default-options server the global setup already runs through startPrism),
 * that server is the in-process side, and this file starts only the CLI.
 */
function pairFor(index: number, provided?: string) {
  const { specPath, options } = CLI_PLAN[index]!;
  const servers: { cli?: MockServer; inProcess?: MockServer } = {};
  let own: MockServer | undefined;
  beforeAll(async () => {
    const url = provided === undefined ? undefined : inject("mockUrls")[provided];
    if (provided !== undefined && url === undefined) throw new Error(`the global setup provides no mock for ${provided}`);
    const [cli, inProcess] = await Promise.all([
      cliProcess(index)!,
      url === undefined ? startPrism(specPath, options).then((server) => (own = server)) : { url, stop: async () => undefined },
    ]);
    Object.assign(servers, { cli, inProcess });
    void cliProcess(index + 1)?.catch(() => undefined);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([servers.cli?.stop(), own?.stop()]);
  });
  return servers;
}

CONTRACT_PROVIDERS.forEach((provider, index) => {
  describe(`in-process Prism on ${provider.definition.name} answers as the prism CLI`, () => {
    // The global setup's mock of this provider is startPrism on the same spec with default options.
    const servers = pairFor(index, provider.definition.name);

    it("every contract case gets the same status, headers and body", async () => {
      const spec = specFor(provider);
      const differences: { case: string; cli: Seen; inProcess: Seen }[] = [];
      await inParallel(provider.cases, async (contractCase) => {
        const [cli, inProcess] = await Promise.all(
          [servers.cli!, servers.inProcess!].map(async (server) => {
            const sent = await sendCase(spec, mockTarget(provider, server.url), contractCase);
            if (!sent.response) throw new Error(`${contractCase.name}: ${sent.transportError}`);
            const { status, headers, text } = sent.response;
            return { status, headers: Object.fromEntries([...headers].filter(([name]) => name !== "date")), body: text };
          }),
        );
        expect(cli!.status).toBe(contractCase.expect.status);
        if (JSON.stringify(cli) !== JSON.stringify(inProcess)) differences.push({ case: contractCase.name, cli: cli!, inProcess: inProcess! });
      });
      expect(differences).toEqual([]);
    });

    it("CORS, routing errors, bad Prefer values, negotiation and malformed bodies get the same answer", async () => {
      const differences: { probe: string; cli: Seen; inProcess: Seen }[] = [];
      for (const probe of probesFor(provider)) {
        const [cli, inProcess] = await Promise.all([sendProbe(servers.cli!.url, probe), sendProbe(servers.inProcess!.url, probe)]);
        if (JSON.stringify(cli) !== JSON.stringify(inProcess)) differences.push({ probe: probe.name, cli, inProcess });
      }
      expect(differences).toEqual([]);
    });
  });
});

// One CLI process for every option at once: each option changes what comes back (generated bodies, no
// CORS headers), and the seed makes the generated bodies comparable.
describe("in-process Prism with { dynamic: true, seed, cors: false } answers as prism mock --dynamic --seed --no-cors", () => {
  const servers = pairFor(CLI_PLAN.length - 1);

  it("generates the same bodies for every success case, not the examples", async () => {
    const spec = specFor(browserUse);
    const cases = browserUse.cases.filter((c) => !c.prefer && c.expect.status < 300);
    for (const contractCase of cases) {
      const [cli, inProcess] = await Promise.all(
        [servers.cli!, servers.inProcess!].map(async (server) => (await sendCase(spec, mockTarget(browserUse, server.url), contractCase)).response?.text),
      );
      expect({ case: contractCase.name, body: inProcess }).toEqual({ case: contractCase.name, body: cli });
    }
    // The bodies are generated, not the examples: an example's id never comes back.
    const served = await sendProbe(servers.inProcess!.url, probesFor(browserUse).find((p) => p.name === "GET with an Origin")!);
    expect(served.body).not.toContain("3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10");
  });

  it("sends no CORS headers on a preflight or a request with an Origin", async () => {
    const withOrigin = probesFor(browserUse).filter((p) => p.name === "CORS preflight" || p.name === "GET with an Origin");
    for (const probe of withOrigin) {
      const [cli, inProcess] = await Promise.all([sendProbe(servers.cli!.url, probe), sendProbe(servers.inProcess!.url, probe)]);
      expect(inProcess).toEqual(cli);
      expect(Object.keys(inProcess.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    }
  });
});

describe("startPrism", () => {
  it("listens on 127.0.0.1 only and stops listening on stop()", async () => {
    const server = await startPrism(browserUse.specPath);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await server.stop();
    await expect(fetch(`${server.url}/sessions`, { signal: AbortSignal.timeout(10_000) })).rejects.toThrow();
  });

  it("answers while the caller's event loop is blocked: the servers run on a worker thread", async () => {
    const server = await startPrism(browserUse.specPath);
    try {
      const headers = JSON.stringify(browserUse.definition.authHeaders(MOCK_API_KEY));
      const script = `fetch(process.argv[1] + "/sessions", { headers: ${headers}, signal: AbortSignal.timeout(30000) }).then((r) => process.stdout.write(String(r.status)), (e) => { console.error(e); process.exit(1); })`;
      // spawnSync holds this thread until the child is done: only another thread can answer it.
      const child = spawnSync(process.execPath, ["-e", script, server.url], { encoding: "utf8", timeout: 60_000 });
      expect(child.stdout, child.stderr).toBe("200");
    } finally {
      await server.stop();
    }
  });

  it("rejects a missing spec file naming the path", async () => {
    await expect(startPrism("generated/no-such-provider/openapi.json")).rejects.toThrow(/generated\/no-such-provider\/openapi\.json/);
  });

  it("serves a parsed document without mutating it", async () => {
    const document = { ...specFor(browserUse).doc };
    const before = JSON.stringify(document);
    const server = await startPrism(document);
    try {
      const response = await fetch(`${server.url}/sessions`, { headers: browserUse.definition.authHeaders(MOCK_API_KEY) });
      expect(response.status).toBe(200);
      expect(JSON.stringify(document)).toBe(before);
    } finally {
      await server.stop();
    }
  });

  it("rejects a spec that sets process-wide faker options", async () => {
    const document = { ...specFor(browserUse).doc, "x-json-schema-faker": { locale: "de" } };
    await expect(startPrism(document)).rejects.toThrow(/x-json-schema-faker/);
  });
});
