/**
 * Whether a target's answers can be judged at all. A wrong base URL, a web page in front of the API, a
 * closed port or a rejected key make every call fail the same way; reporting that as drift (a breaking
 * `undocumented-status 404` on every operation) would send a team to fix the wrong thing. Such a target
 * is "could not judge", with one line naming the base URL, and its responses are not classified.
 */
import type { LiveRun } from "../runner/live.js";
import type { TargetStall } from "../runner/target-watch.js";

/** One call to a target as the health check sees it: its status and media type, or why no response came. */
export interface CallOutcome {
  status?: number;
  /** Media type without parameters, lowercased. */
  mediaType?: string;
  /** The status the case expected, when the call was a case. */
  expectedStatus?: number;
  /** Set when no response came back. */
  transportError?: string;
}

function most(part: number, whole: number): boolean {
  return whole > 0 && part * 2 > whole;
}

/**
 * Why the target at `baseUrl` looks misconfigured, in one line naming it, or undefined when its answers can
 * be judged. "Most" is more than half of the calls: most got no response, most answered 404 where the case
 * did not expect it, most answered HTML, or most answered 401/403 where the case did not expect it.
 */
export function misconfiguration(baseUrl: string, calls: readonly CallOutcome[], baseUrlEnv?: string): string | undefined {
  const check = baseUrlEnv ? ` (check ${baseUrlEnv})` : "";
  if (calls.length === 0) return `no call reached ${baseUrl}: nothing was checked`;
  const failed = calls.filter((c) => c.status === undefined);
  if (most(failed.length, calls.length)) {
    return `${failed.length} of ${calls.length} calls to ${baseUrl} got no response (${failed[0]!.transportError ?? "request failed"}): is the server up and the URL right?${check}`;
  }
  const answered = calls.filter((c) => c.status !== undefined);
  const notFound = answered.filter((c) => c.status === 404 && c.expectedStatus !== 404).length;
  if (most(notFound, answered.length)) return `${notFound} of ${answered.length} calls to ${baseUrl} answered 404: the base URL looks wrong${check}`;
  const html = answered.filter((c) => c.mediaType === "text/html").length;
  if (most(html, answered.length)) return `${html} of ${answered.length} calls to ${baseUrl} answered HTML: a web page, not the API${check}`;
  const rejected = answered.filter((c) => (c.status === 401 || c.status === 403) && c.expectedStatus !== c.status).length;
  if (most(rejected, answered.length)) return `${rejected} of ${answered.length} calls to ${baseUrl} answered 401/403: the API key was rejected`;
  return undefined;
}

/** Why a target that stopped answering (see target-watch.ts) could not be judged, in one line naming it. */
export function stalled(baseUrl: string, stall: TargetStall, baseUrlEnv?: string): string {
  const check = baseUrlEnv ? ` (check ${baseUrlEnv})` : "";
  return `${stall.timeouts} calls in a row to ${baseUrl} got no response within ${stall.timeoutMs} ms; the other ${stall.notSent} call(s) were not sent: is the server up and answering?${check}`;
}

/** The calls of one provider's live run: every response (cases, id discovery, cleanup) and every case that got none. */
export function liveCalls(run: LiveRun): CallOutcome[] {
  const expected = new Map(run.cases.map((c) => [c.case.name, c.case.expect.status]));
  const calls: CallOutcome[] = run.exchanges.map((e) => ({ status: e.response.status, mediaType: e.response.mediaType, ...(expected.has(e.source) ? { expectedStatus: expected.get(e.source)! } : {}) }));
  for (const c of run.cases) {
    const transport = c.failures.find((f) => f.check === "transport");
    if (transport) calls.push({ transportError: transport.message, expectedStatus: c.case.expect.status });
  }
  // An id discovery that got no response leaves only its dependent cases' skip reasons; count it once.
  const discoveryFailures = new Set(run.cases.map((c) => c.skipped).filter((why): why is string => why !== undefined && /answered request failed/.test(why)));
  for (const why of discoveryFailures) calls.push({ transportError: why.replace(/^.*answered /, "") });
  return calls;
}
