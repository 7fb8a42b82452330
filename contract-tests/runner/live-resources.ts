/**
 * The resource kinds of a bundled spec, read from its links (see openapi/EXTENSIONS.md): each create, the
 * operations its links lead to sorted by what they do (read, stream, update, create inside it, clean up),
 * the creates that link to it, whether it can be made on its own, and the list that shows resources of
 * its kind. The live scenario is built from these; nothing here is provider-specific.
 */
import { resourceLinks, type ResourceLink } from "./spec-links.js";
import type { SpecIndex, SpecNode, SpecOperation } from "./spec-index.js";

/** Where the run finds a resource of a kind it did not create: a list call's first item. */
export interface ListSource {
  operationId: string;
  /** Pointer of the array in the list's body, e.g. `/sessions`. */
  arrayPointer: string;
}

/** One kind of resource: its create and what its links say about it. */
export interface ResourceKind {
  /** The create's operationId (names the kind). */
  create: string;
  /** `POST /sessions`. */
  label: string;
  /** `x-billable`: creating one costs money. */
  billable: boolean;
  /** Links to GET operations that answer JSON. */
  reads: ResourceLink[];
  /** Links to GET operations that answer `text/event-stream`. */
  streams: ResourceLink[];
  /** Links to operations that change the resource (PATCH, and any other call that neither creates nor cleans up). */
  updates: ResourceLink[];
  /** Links to creates of things inside the resource (a run of an agent, a message of a session). */
  children: ResourceLink[];
  /** Links that undo the resource (`x-cleanup`), in ascending order. */
  cleanup: ResourceLink[];
  /** Links from other kinds' creates to this create. */
  parents: ResourceLink[];
  /** Can be created without a parent: its path takes no parameter and no required body field comes from a parent. */
  standalone: boolean;
  /** The path parameter names its instances provide, with the `$response.body` pointer each is read from. */
  ids: { param: string; pointer: string }[];
  /** The list that shows resources of this kind, when the spec has one. */
  list?: ListSource;
}

const BODY_POINTER = /^\$response\.body#(\/.*)$/;

function isStream(spec: SpecIndex, op: SpecOperation): boolean {
  return Object.entries<SpecNode>(op.node.responses ?? {}).some(([status, raw]) => /^2/.test(status) && "text/event-stream" in (spec.resolve(raw).content ?? {}));
}

/** True for a POST that starts something: billable, or its success answer links to what uses the new resource. */
export function isCreate(spec: SpecIndex, op: SpecOperation, links: readonly ResourceLink[]): boolean {
  return op.method === "post" && (op.node["x-billable"] === true || links.some((l) => l.from.operationId === op.operationId));
}

function requiredBodyFields(spec: SpecIndex, op: SpecOperation): string[] {
  const body = op.node.requestBody ? spec.resolve(op.node.requestBody) : undefined;
  const schema = body?.content?.["application/json"]?.schema;
  return schema ? ((spec.resolve(schema).required as string[] | undefined) ?? []) : [];
}

/** The list at the create's own path whose items carry the kind's id field. */
function listSource(spec: SpecIndex, create: SpecOperation, ids: ResourceKind["ids"]): ListSource | undefined {
  const list = spec.operations().find((op) => op.method === "get" && op.path === create.path);
  const field = ids[0]?.pointer.split("/")[1];
  if (!list || !field || ids[0]!.pointer.split("/").length !== 2) return undefined;
  const status = spec.documentedStatuses(list).find((s) => /^2\d\d$/.test(s));
  const schema = status ? spec.resolve(spec.response(list, Number(status))?.node.content?.["application/json"]?.schema ?? {}) : {};
  for (const [name, raw] of Object.entries<SpecNode>(schema.properties ?? {})) {
    const property = spec.resolve(raw);
    const items = property.type === "array" && property.items ? spec.resolve(property.items) : undefined;
    if (items?.properties && field in items.properties) return { operationId: list.operationId, arrayPointer: `/${name}` };
  }
  return undefined;
}

/** Every resource kind of a spec, parents before the kinds created inside them. */
export function resourceKinds(spec: SpecIndex): ResourceKind[] {
  const links = resourceLinks(spec.doc);
  const creates = spec.operations().filter((op) => isCreate(spec, op, links));
  const createIds = new Set(creates.map((op) => op.operationId));
  const kinds = creates.map((op): ResourceKind => {
    const own = links.filter((l) => l.from.operationId === op.operationId && /^2/.test(l.from.status));
    const by = (keep: (link: ResourceLink, target: SpecOperation) => boolean) => own.filter((l) => l.cleanup === undefined && keep(l, spec.operation(l.operationId)));
    const parents = links.filter((l) => l.operationId === op.operationId && l.from.operationId !== op.operationId);
    const required = new Set(requiredBodyFields(spec, op));
    const fromParent = (l: ResourceLink) => Object.keys(l.parameters).length > 0 || Object.keys((l.requestBody as object | undefined) ?? {}).some((f) => required.has(f));
    const ids = new Map<string, string>();
    for (const link of own) {
      for (const [param, expression] of Object.entries(link.parameters)) {
        const pointer = BODY_POINTER.exec(expression)?.[1];
        const target = spec.operation(link.operationId);
        const isPath = /\{/.test(target.path) && target.path.includes(`{${param}}`);
        if (pointer && isPath && !ids.has(param)) ids.set(param, pointer);
      }
    }
    const idList = [...ids].map(([param, pointer]) => ({ param, pointer }));
    return {
      create: op.operationId,
      label: `${op.method.toUpperCase()} ${op.path}`,
      billable: op.node["x-billable"] === true,
      reads: by((_, t) => t.method === "get" && !isStream(spec, t)),
      streams: by((_, t) => t.method === "get" && isStream(spec, t)),
      updates: by((l, t) => t.method !== "get" && !createIds.has(l.operationId)),
      children: by((l) => createIds.has(l.operationId)),
      cleanup: own.filter((l) => l.cleanup !== undefined).sort((a, b) => a.cleanup! - b.cleanup!),
      parents,
      standalone: !/\{/.test(op.path) && !parents.some(fromParent),
      ids: idList,
      ...(() => {
        const list = listSource(spec, op, idList);
        return list ? { list } : {};
      })(),
    };
  });
  // Parents first: a kind comes after every kind that links to it (the links form no cycle in these specs).
  const ordered: ResourceKind[] = [];
  const visit = (kind: ResourceKind, path: Set<string>) => {
    if (ordered.includes(kind) || path.has(kind.create)) return;
    path.add(kind.create);
    for (const parent of kind.parents) {
      const parentKind = kinds.find((k) => k.create === parent.from.operationId);
      if (parentKind) visit(parentKind, path);
    }
    ordered.push(kind);
  };
  kinds.forEach((kind) => visit(kind, new Set()));
  return ordered;
}

/** `session_id` -> `SESSION_ID`, `agentId` -> `AGENT_ID`. */
function envName(param: string): string {
  return param.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
}

/**
 * The env var that names an existing resource of a standalone kind for the run to use instead of
 * creating one: the provider's key variable's prefix and the kind's first id (`EVERRUNS_AGENT_ID`).
 */
export function resourceEnvVar(apiKeyEnv: string, kind: ResourceKind): string | undefined {
  if (!kind.standalone || kind.ids.length === 0) return undefined;
  return `${apiKeyEnv.replace(/_API_KEY$/, "")}_${envName(kind.ids[0]!.param)}`;
}
