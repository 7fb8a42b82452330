/**
 * A scripted HTTP server on 127.0.0.1 for resilience tests: real sockets, real partial writes, real resets.
 * Each request gets the behaviour the script gives for its index; every request is recorded.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the server does with one request. */
export type FaultBehaviour =
  /** A complete response (after `delayMs`, default at once). A non-string body is sent as JSON. */
  | { kind: "respond"; status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  /** Sends the headers and `partialBody`, then destroys the socket (a reset mid-body). */
  | { kind: "resetMidBody"; status?: number; headers?: Record<string, string>; partialBody: string }
  /** Destroys the socket before any byte of the response. */
  | { kind: "resetBeforeResponse" }
  /** Reads the request and never answers. */
  | { kind: "neverRespond" }
  /** Sends the headers (and `partialBody`), then nothing more. */
  | { kind: "stallAfterHeaders"; status?: number; headers?: Record<string, string>; partialBody?: string }
  /** Sends the headers, then one chunk every `intervalMs`, then ends. */
  | { kind: "drip"; status?: number; headers?: Record<string, string>; chunks: readonly string[]; intervalMs: number };

/** A request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/sessions/abc`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when the request body was complete. */
  at: number;
}

/** The behaviours in order (the last one repeats), or a function of the 0-based request index. */
export type FaultScript = readonly FaultBehaviour[] | ((index: number, request: RecordedRequest) => FaultBehaviour);

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Every request seen so far, in arrival order. */
  requests: RecordedRequest[];
  /** Stops listening, destroys every open socket and clears every pending timer. */
  close(): Promise<void>;
}

/** A complete response; an object body is sent as JSON. */
export function respond(status: number, body?: unknown, headers: Record<string, string> = {}): FaultBehaviour {
  return { kind: "respond", status, body, headers };
}

/** An HTML error page like a proxy's, titled `title`. */
export function htmlPage(status: number, title: string, headers: Record<string, string> = {}): FaultBehaviour {
  const body = `<!DOCTYPE html>\n<html><head><title>${title}</title></head>\n<body><h1>${title}</h1><hr><center>nginx</center></body></html>\n`;
  return { kind: "respond", status, body, headers: { "content-type": "text/html; charset=utf-8", ...headers } };
}

const JSON_HEADERS = { "content-type": "application/json" };

function writeHead(res: ServerResponse, status: number, headers: Record<string, string> | undefined, isJson: boolean): void {
  res.writeHead(status, { ...(isJson ? JSON_HEADERS : {}), ...headers });
  // Push the status line and headers out now, before any body byte.
  res.flushHeaders();
}

/** Starts a fault server on 127.0.0.1 (`port` 0, the default, picks a free one). */
export async function startFaultServer(script: FaultScript, options: { port?: number } = {}): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const behaviourFor = (index: number, request: RecordedRequest): FaultBehaviour => {
    if (typeof script === "function") return script(index, request);
    const behaviour = script[Math.min(index, script.length - 1)];
    if (!behaviour) throw new Error("fault server: empty script");
    return behaviour;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: performance.now(),
      };
      const index = requests.push(recorded) - 1;
      const behaviour = behaviourFor(index, recorded);
      switch (behaviour.kind) {
        case "respond": {
          const isJson = behaviour.body !== undefined && typeof behaviour.body !== "string";
          const send = () => {
            writeHead(res, behaviour.status, behaviour.headers, isJson);
            res.end(behaviour.body === undefined ? undefined : isJson ? JSON.stringify(behaviour.body) : (behaviour.body as string));
          };
          if (behaviour.delayMs === undefined) send();
          else later(behaviour.delayMs, send);
          return;
        }
        case "resetMidBody":
          // A declared length the body never reaches: the client cannot mistake the cut for the end.
          writeHead(res, behaviour.status ?? 200, { "content-length": "10000", ...behaviour.headers }, true);
          res.write(behaviour.partialBody, () => later(10, () => req.socket.destroy()));
          return;
        case "resetBeforeResponse":
          req.socket.destroy();
          return;
        case "neverRespond":
          return;
        case "stallAfterHeaders":
          writeHead(res, behaviour.status ?? 200, behaviour.headers, true);
          if (behaviour.partialBody) res.write(behaviour.partialBody);
          return;
        case "drip": {
          writeHead(res, behaviour.status ?? 200, behaviour.headers, true);
          const rest = [...behaviour.chunks];
          const next = () => {
            const chunk = rest.shift();
            if (chunk === undefined) return void res.end();
            res.write(chunk);
            later(behaviour.intervalMs, next);
          };
          later(behaviour.intervalMs, next);
          return;
        }
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A 127.0.0.1 port with nothing listening (bound, read, released): connecting to it is refused.
 * Start a fault server on it later to see what a retry delivers.
 */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
