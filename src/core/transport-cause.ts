/**
 * The root cause of a fetch failure, in words a caller can act on. Fetch wraps the system error one or two
 * `cause` levels down (`TypeError: fetch failed` -> `Error: connect ECONNREFUSED 127.0.0.1:45913`); the
 * message of a transport error carries this line instead of `fetch failed`.
 */

/** What fetch failures carry, all optional (an error thrown by any fetch may have none of it). */
export interface Failure {
  message?: unknown;
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  socket?: { remoteAddress?: unknown; remotePort?: unknown } | null;
  errors?: unknown;
  cause?: unknown;
}

function where(failure: Failure): string | undefined {
  if (typeof failure.address === "string") return failure.port === undefined ? failure.address : `${failure.address}:${String(failure.port)}`;
  const socket = failure.socket;
  if (socket && typeof socket.remoteAddress === "string") return `${socket.remoteAddress}:${String(socket.remotePort)}`;
  return typeof failure.hostname === "string" ? failure.hostname : undefined;
}

function describe(failure: Failure): string {
  const message = typeof failure.message === "string" ? failure.message : String(failure);
  const code = typeof failure.code === "string" ? failure.code : undefined;
  const text = code === undefined || message.includes(code) ? message : `${code} ${message}`;
  const address = where(failure);
  return address === undefined || text.includes(address) ? text : `${text} (${address})`;
}

/** The error and the causes under it, outermost first: at most `levels` of them. */
export function causeChain(error: unknown, levels: number): Failure[] {
  const chain: Failure[] = [];
  for (let failure = error as Failure | undefined | null; failure !== undefined && failure !== null && chain.length < levels; failure = failure.cause as Failure) chain.push(failure);
  return chain;
}

/**
 * `connect ECONNREFUSED 127.0.0.1:45913`, `UND_ERR_SOCKET other side closed (127.0.0.1:8080)`, one line per
 * address of a multi-address connect joined with `; `, or the error's own message when it has no cause.
 */
export function rootCause(error: unknown): string {
  const failure = causeChain(error, 6).at(-1);
  if (failure === undefined) return String(error);
  const inner = failure.errors;
  if (Array.isArray(inner) && inner.length > 0) return inner.map((e) => describe(e as Failure)).join("; ");
  return describe(failure);
}
