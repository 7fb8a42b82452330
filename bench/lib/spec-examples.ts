/** Realistic payloads for the benchmarks: the documented examples of the bundled specs. */
import { readFileSync } from "node:fs";

type Node = Record<string, any>;

function resolveRef(doc: Node, node: Node): Node {
  let current = node;
  for (let depth = 0; typeof current?.$ref === "string" && depth < 20; depth++) {
    current = (current.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce<Node>((n, seg) => n?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return current;
}

/** The bundled spec of a provider (`generated/<provider>/openapi.json`). */
export function loadSpec(provider: string): Node {
  return JSON.parse(readFileSync(`generated/${provider}/openapi.json`, "utf8")) as Node;
}

/** The operation with this id and its path and method. */
export function findOperation(doc: Node, operationId: string): { path: string; method: string; node: Node } {
  for (const [path, item] of Object.entries<Node>(doc.paths ?? {})) {
    for (const [method, node] of Object.entries<Node>(item)) {
      if (node?.operationId === operationId) return { path, method, node };
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/** The largest named JSON example of an operation's response for `status`: the heaviest realistic payload. */
export function largestResponseExample(doc: Node, operationId: string, status: string): unknown {
  const { node } = findOperation(doc, operationId);
  const response = resolveRef(doc, node.responses?.[status] ?? {});
  const examples = Object.values<Node>(response.content?.["application/json"]?.examples ?? {}).map((e) => resolveRef(doc, e).value as unknown);
  if (examples.length === 0) throw new Error(`${operationId} ${status} has no named examples`);
  return examples.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
}
