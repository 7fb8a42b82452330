/** The stand-in harness on 127.0.0.1: fresh ids, documented 404 and 401, faults, recording, transforms and dynamic mode. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SpecIndex } from "../runner/spec-index.js";
import { CONFORM_ATTEMPTS, refusingUrl, startStandin, type Standin } from "./index.js";

const BU_SPEC = "generated/browser-use/openapi.json";
const BB_SPEC = "generated/browserbase/openapi.json";
const KEY = "standin-test-key-1";
const buHeaders = { "X-Browser-Use-API-Key": KEY, "content-type": "application/json" };
const documentedSessionId = SpecIndex.fromFile(BU_SPEC).doc.components.examples.SessionIdle.value.id as string;

let bu: Standin;
let bb: Standin;

beforeAll(async () => {
  [bu, bb] = await Promise.all([
    startStandin({ spec: BU_SPEC, upstream: inject("mockUrls")["browser-use"] }),
    startStandin({ spec: BB_SPEC, upstream: inject("mockUrls").browserbase, apiKeys: [KEY] }),
  ]);
});
afterAll(async () => {
  await Promise.all([bu?.stop(), bb?.stop()]);
});

const createSession = () => fetch(`${bu.url}/sessions`, { method: "POST", headers: buHeaders, body: "{}" });

describe("stand-in ids", () => {
  it("each create's answer carries a fresh id where its links read it, and the log says which", async () => {
    const first = (await (await createSession()).json()) as { id: string };
    const second = (await (await createSession()).json()) as { id: string };
    expect(new Set([first.id, second.id, documentedSessionId]).size).toBe(3);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const creates = bu.log.filter((e) => e.operationId === "createSession");
    expect(creates.slice(-2).map((e) => e.issued)).toEqual([{ "/id": first.id }, { "/id": second.id }]);
    expect(bu.issued.get(first.id)).toMatchObject({ operationId: "createSession", pointer: "/id" });
    const read = await fetch(`${bu.url}/sessions/${first.id}`, { headers: buHeaders });
    expect(read.status).toBe(200);
  });

  it("a request naming an id the stand-in never handed out gets the operation's documented 404 body", async () => {
    const response = await fetch(`${bu.url}/sessions/${documentedSessionId}`, { headers: buHeaders });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: "Session not found" });
    expect(bu.log.at(-1)).toMatchObject({ operationId: "getSession", pathParams: { session_id: documentedSessionId }, status: 404, notes: ["unknown id session_id: documented 404"] });
  });

  it("a known id passes as if handed out", async () => {
    const standin = await startStandin({ spec: BU_SPEC, upstream: inject("mockUrls")["browser-use"], knownIds: [documentedSessionId] });
    try {
      expect((await fetch(`${standin.url}/sessions/${documentedSessionId}`, { headers: buHeaders })).status).toBe(200);
    } finally {
      await standin.stop();
    }
  });
});

describe("stand-in keys and faults", () => {
  it("a wrong key gets the documented 401 body; a missing key is left to the API (Prism's security check)", async () => {
    const wrong = await fetch(`${bb.url}/v1/agents`, { headers: { "X-BB-API-Key": "not-the-key" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ statusCode: 401, error: "Unauthorized" });
    expect((await fetch(`${bb.url}/v1/agents`)).status).toBe(401);
    expect((await fetch(`${bb.url}/v1/agents`, { headers: { "X-BB-API-Key": KEY } })).status).toBe(200);
    expect(bb.log.slice(-3).map((e) => e.notes)).toEqual([["wrong key: documented 401"], [], []]);
  });

  it("drop-request closes the connection before the API sees it; drop-response lets the create happen and loses the answer", async () => {
    bu.inject({ operationId: "createSession", action: "drop-request" });
    await expect(createSession()).rejects.toThrow();
    expect(bu.log.at(-1)).toMatchObject({ operationId: "createSession", notes: ["fault drop-request"], issued: {} });
    bu.inject({ operationId: "createSession", action: "drop-response" });
    await expect(createSession()).rejects.toThrow();
    const lost = bu.log.at(-1)!;
    expect(lost.notes).toEqual(["fault drop-response"]);
    expect(lost.status).toBeUndefined();
    expect(Object.keys(lost.issued)).toEqual(["/id"]);
  });

  it("a status fault answers instead of the API, on the nth matching request, as many times as asked", async () => {
    bu.inject({ operationId: "listSessions", nth: 2, times: 2, action: { status: 503, body: { detail: "down" } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${bu.url}/sessions`, { headers: buHeaders })).status);
    expect(statuses).toEqual([200, 503, 503, 200]);
    bu.clearFaults();
  });

  it("waitFor resolves with a request logged before or after the call", async () => {
    const before = bu.log.find((e) => e.operationId === "getSession")!;
    await expect(bu.waitFor((e) => e.operationId === "getSession")).resolves.toBe(before);
    const later = bu.waitFor((e) => e.operationId === "stopSession", { phase: "request" });
    const { id } = (await (await createSession()).json()) as { id: string };
    await fetch(`${bu.url}/sessions/${id}/stop`, { method: "POST", headers: buHeaders, body: "{}" });
    await expect(later).resolves.toMatchObject({ operationId: "stopSession", pathParams: { session_id: id } });
  });

  it("a refusing URL refuses every connection", async () => {
    await expect(fetch(`${await refusingUrl()}/sessions`)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
  });
});

describe("stand-in documents", () => {
  it("stand-ins share one Prism: mode and seed are asked per request, so a shared static Prism answers one of them dynamically, seeded", async () => {
    const upstream = inject("mockUrls")["browser-use"];
    const [plain, seeded, again, other] = await Promise.all([
      startStandin({ spec: BU_SPEC, upstream }),
      startStandin({ spec: BU_SPEC, upstream, mode: "dynamic", seed: 3 }),
      startStandin({ spec: BU_SPEC, upstream, mode: "dynamic", seed: 3 }),
      startStandin({ spec: BU_SPEC, upstream, mode: "dynamic", seed: 4 }),
    ]);
    try {
      const page = async (standin: Standin) => (await fetch(`${standin.url}/sessions`, { headers: buHeaders })).json();
      const [examplePage, first, second, third] = await Promise.all([plain, seeded, again, other].map(page));
      expect(examplePage).toEqual(plain.doc.components.examples.SessionListPage.value);
      expect(first).not.toEqual(examplePage);
      expect(second).toEqual(first);
      expect(third).not.toEqual(first);
      expect(seeded.upstream).toBe(upstream);
      // An unknown id still gets the documented 404, generated too: the stand-in's preferences join the proxy's.
      const notFound = await fetch(`${seeded.url}/sessions/${documentedSessionId}`, { headers: buHeaders });
      expect(notFound.status).toBe(404);
      expect(await notFound.json()).not.toEqual({ detail: "Session not found" });
    } finally {
      await Promise.all([plain, seeded, again, other].map((s) => s.stop()));
    }
  });

  it("with `conform`, an answer its document rejects is asked for again, and one that never conforms is passed on with a note", async () => {
    const doc = SpecIndex.fromFile(BU_SPEC).doc;
    const good = { sessions: [doc.components.examples.SessionIdle.value], total: 1, page: 1, pageSize: 20 };
    // An upstream that gets a pattern wrong on its first draw, as Prism's generator does with lookaheads.
    const bad = { ...good, sessions: [{ ...good.sessions[0], proxyCostUsd: "" }] };
    let draws = 0;
    let always = false;
    const prefer: (string | string[] | undefined)[] = [];
    const upstream = createServer((request, response) => {
      draws++;
      prefer.push(request.headers.prefer);
      const body = always || draws === 1 ? bad : good;
      request.resume().on("end", () => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const standin = await startStandin({ spec: BU_SPEC, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, conform: true });
    try {
      expect(await (await fetch(`${standin.url}/sessions`, { headers: buHeaders })).json()).toEqual(good);
      expect(draws).toBe(2);
      // Another seed for the second draw: a seeded generator answers the same schema the same way every time.
      expect(prefer).toEqual([undefined, "seed=redraw-2"]);
      expect(standin.log.at(-1)!.notes).toEqual(["re-drawn: the answer broke the served document (/sessions/0/proxyCostUsd must match pattern \"^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$\")"]);
      always = true;
      draws = 0;
      expect(await (await fetch(`${standin.url}/sessions`, { headers: buHeaders })).json()).toEqual(bad);
      expect(draws).toBe(CONFORM_ATTEMPTS);
      expect(standin.log.at(-1)!.notes.at(-1)).toMatch(new RegExp(`^the answer breaks the served document after ${CONFORM_ATTEMPTS} draws: /sessions/0/proxyCostUsd must match pattern`));
    } finally {
      await standin.stop();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it("serves a transformed document in dynamic mode: bodies generated from the schemas, still valid, ids still fresh", async () => {
    const standin = await startStandin({
      spec: BU_SPEC,
      mode: "dynamic",
      seed: 7,
      transform: (doc) => {
        doc.info.title = "Browser Use (stand-in)";
      },
    });
    try {
      expect(standin.doc.info.title).toBe("Browser Use (stand-in)");
      const body = await (await fetch(`${standin.url}/sessions`, { method: "POST", headers: buHeaders, body: "{}" })).json();
      const op = standin.spec.operation("createSession");
      expect(standin.spec.validator(standin.spec.responseSchemaPointer(op, "200", "application/json"))(body)).toBe(true);
      expect(standin.issued.has((body as { id: string }).id)).toBe(true);
      const page = (await (await fetch(`${standin.url}/sessions`, { headers: buHeaders })).json()) as { sessions: unknown[] };
      expect(page.sessions).not.toEqual(standin.doc.components.examples.SessionListPage.value.sessions);
    } finally {
      await standin.stop();
    }
  });
});
