/**
 * A keep-alive HTTP server on 127.0.0.1 for the client benchmarks, in its own process so its work never
 * shares the client's event loop. Every GET and POST answers 200 with the same JSON body (Browser Use's
 * largest documented session); a request without an API key header gets 401. Prints its URL, then serves
 * until stdin closes or SIGTERM.
 */
import { createServer } from "node:http";
import { largestResponseExample, loadSpec } from "../lib/spec-examples.js";

const body = Buffer.from(JSON.stringify(largestResponseExample(loadSpec("browser-use"), "getSession", "200")));
const AUTH_HEADERS = ["x-browser-use-api-key", "x-bb-api-key"];
let requests = 0;

const server = createServer((request, response) => {
  requests++;
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    if (!AUTH_HEADERS.some((h) => request.headers[h])) {
      response.writeHead(401, { "content-type": "application/json" }).end('{"detail":"missing API key"}');
      return;
    }
    if (request.method === "POST") JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length, "x-request-id": `req_${requests}` }).end(body);
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no address");
  console.log(`http://127.0.0.1:${address.port}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.stdin.on("end", stop);
process.stdin.resume();
process.once("SIGTERM", stop);
