/**
 * A target that accepts connections but never answers: after a few calls in a row get no response at all,
 * the provider's other calls are not sent and it could not judge (exit 2), while the other providers go on;
 * a slow target that still answers is not cut off, and what a live run created is still cleaned up. Every
 * target is a node:http server on 127.0.0.1; `--timeout-ms` / `caseTimeoutMs` keep each wait short.
 */
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CONTRACT_PROVIDERS } from "../contract-tests/runner/providers.js";
import { UNANSWERED_LIMIT } from "../contract-tests/runner/target-watch.js";
import { runLiveDrift } from "../contract-tests/drift/live-run.js";
import { browserUseProvider, browserUseSpec, FAKE_KEY, LIVE_CASES, sendJson } from "../contract-tests/drift/test-support.js";
import { runContract } from "./contract-run.js";
import { script } from "./testing/command-runs.js";

vi.setConfig({ testTimeout: 300_000 });

const dir = mkdtempSync(join(tmpdir(), "hung-target-"));
// Short enough to keep the test fast, long enough for a loopback answer on a loaded machine.
const TIMEOUT_MS = 400;
const thinkrun = CONTRACT_PROVIDERS.find((p) => p.definition.name === "thinkrun")!;

/** A loopback server that records every request; `answer` returns false to leave a request hanging. */
interface Server {
  url: string;
  requests: string[];
  close(): Promise<void>;
}
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function serve(answer: (request: IncomingMessage, response: ServerResponse, index: number) => boolean): Promise<Server> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    answer(request, response, requests.length);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const handle: Server = {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      };
      servers.push(handle);
      resolve(handle);
    }),
  );
}
const hung = () => serve(() => false);

describe("a target that accepts connections and never answers", () => {
  it("a mock given by --base-url that never answers could not judge after a few timed-out calls: exit 2, one line naming the timeouts and the URL", async () => {
    const mock = await hung();
    const result = await script("contract", ["--provider", "thinkrun", "--base-url", `thinkrun=${mock.url}`, "--timeout-ms", String(TIMEOUT_MS)]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    const url = mock.url.replace(/\./g, "\\.");
    const notSent = thinkrun.cases.length - UNANSWERED_LIMIT;
    expect(result.stdout).toMatch(new RegExp(`^\\?\\? {3}thinkrun {5}could not judge: ${UNANSWERED_LIMIT} calls in a row to ${url} got no response within ${TIMEOUT_MS} ms; the other ${notSent} call\\(s\\) were not sent: is the server up and answering\\?$`, "m"));
    expect(result.stdout).not.toMatch(/^FAIL /m);
    expect(mock.requests).toHaveLength(UNANSWERED_LIMIT);
    expect(thinkrun.cases.length).toBeGreaterThan(UNANSWERED_LIMIT * 3);
  });

  it("a live run stops sending to a provider that never answers and reports it could not judge, while the next provider runs in full", async () => {
    const silent = await hung();
    const answering = await serve((_, response) => {
      sendJson(response, 500, { detail: "stand-in" });
      return true;
    });
    const report = await runContract({
      target: "live",
      providers: ["browser-use", "thinkrun"],
      env: { BROWSER_USE_API_KEY: FAKE_KEY, [thinkrun.definition.apiKeyEnv]: "tr-FAKE-hung-target-key" },
      baseUrls: { "browser-use": silent.url, thinkrun: answering.url },
      maxCreates: 0,
      caseTimeoutMs: TIMEOUT_MS,
      outDir: join(dir, "live"),
    });
    expect(report.exitCode).toBe(2);
    expect(silent.requests).toHaveLength(UNANSWERED_LIMIT);
    const [browserUse, other] = report.providers;
    const url = silent.url.replace(/\./g, "\\.");
    expect(browserUse).toMatchObject({
      name: "browser-use",
      status: "could-not-judge",
      reason: expect.stringMatching(new RegExp(`^${UNANSWERED_LIMIT} calls in a row to ${url} got no response within ${TIMEOUT_MS} ms; the other \\d+ call\\(s\\) were not sent: is the server up and answering\\? \\(check BROWSER_USE_BASE_URL\\)$`)),
    });
    const notSent = browserUse!.cases.filter((c) => c.outcome === "skipped" && /^not sent: /.test(c.reason ?? ""));
    expect(notSent.length).toBeGreaterThan(0);
    expect(other).toMatchObject({ name: "thinkrun", status: "ran" });
    expect(answering.requests.length).toBe(other!.cases.filter((c) => c.outcome !== "skipped").length);
    expect(answering.requests.length).toBeGreaterThan(UNANSWERED_LIMIT);
  });

  it("a slow target that still answers between its timeouts is not cut off: every case is sent", async () => {
    // Every third request hangs; the answers between them show the target is up.
    const slow = await serve((_, response, index) => {
      if (index % 3 === 1) return false;
      sendJson(response, 500, { detail: "stand-in" });
      return true;
    });
    const report = await runContract({ target: "mock", providers: ["thinkrun"], baseUrls: { thinkrun: slow.url }, caseTimeoutMs: TIMEOUT_MS });
    expect(slow.requests).toHaveLength(thinkrun.cases.length);
    expect(report).toMatchObject({ mode: "mock", exitCode: 1, providers: [{ name: "thinkrun", status: "ran" }] });
  });

  it("a live target that stops answering after a create still gets that create's cleanup calls", async () => {
    const session = browserUseSpec().components.examples.SessionIdle.value;
    let created = false;
    const target = await serve((request, response) => {
      if (request.method === "POST" && request.url === "/sessions") {
        created = true;
        sendJson(response, 200, session);
      } else if (request.url?.endsWith("/stop")) sendJson(response, 200, { ...session, status: "stopped" });
      else if (request.method === "DELETE") response.writeHead(204).end();
      else if (created) return false;
      else sendJson(response, 200, { sessions: [], total: 0, page: 1, pageSize: 20 });
      return true;
    });
    const { report } = await runLiveDrift({
      providers: [browserUseProvider([LIVE_CASES.listSessions, LIVE_CASES.getSession, LIVE_CASES.listMessages, { name: "createSession: 200", operationId: "createSession", request: { body: {} }, expect: { status: 200 } }])],
      env: { BROWSER_USE_API_KEY: FAKE_KEY, BROWSER_USE_BASE_URL: target.url },
      caseTimeoutMs: TIMEOUT_MS,
      outDir: join(dir, "cleanup"),
    });
    expect(target.requests.filter((r) => r.endsWith("/stop") || r.startsWith("DELETE"))).toEqual([`POST /sessions/${session.id}/stop`, `DELETE /sessions/${session.id}`]);
    expect(report.providers[0]).toMatchObject({ status: "could-not-judge", cleanup: [{ operationId: "createSession", outcome: "done" }] });
  });
});
