/**
 * A bundled spec, indexed for the checks: operations by method and path, responses with `$ref`s resolved,
 * and ajv validators compiled once per schema location and cached.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext the plugin is the `default` of its module object.
const addFormats = addFormatsModule.default;

/** JSON value of a spec node. */
export type SpecNode = Record<string, any>;

/** An operation of the spec. */
export interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  node: SpecNode;
  /** JSON pointer of the operation, e.g. `#/paths/~1sessions/post`. */
  pointer: string;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
// OpenAPI keywords that may sit inside a schema and mean nothing to JSON Schema validation, and the
// document's top-level fields: the whole document is registered so `#/components/...` refs resolve.
const OPENAPI_SCHEMA_KEYWORDS = ["example", "discriminator", "xml", "externalDocs"];
const OPENAPI_DOCUMENT_KEYWORDS = ["openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security", "tags"];

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function collectVendorKeys(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => collectVendorKeys(item, into));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-")) into.add(key);
      collectVendorKeys(value, into);
    }
  }
  return into;
}

/** Index over one bundled OpenAPI 3.1 document. */
export class SpecIndex {
  readonly doc: SpecNode;
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly id: string;
  private operationList: SpecOperation[] | undefined;

  constructor(doc: SpecNode, id = "spec") {
    this.doc = doc;
    this.id = `https://contract.invalid/${id}.json`;
    // No optimisation pass over the generated code: it only tidies code that runs a few times per run,
    // and costs about a third of each compile.
    this.ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: true, code: { optimize: false } });
    addFormats(this.ajv);
    this.ajv.addVocabulary([...OPENAPI_SCHEMA_KEYWORDS, ...OPENAPI_DOCUMENT_KEYWORDS, ...collectVendorKeys(doc, new Set())]);
    // Not checked against the JSON Schema meta-schema: the document is not a schema, none of its top-level
    // fields is a schema keyword, so the check would look at nothing, and it would compile the meta-schema
    // first (about 100 ms per spec). The schemas inside are compiled, strictly, when a validator asks.
    this.ajv.addSchema(doc, this.id, undefined, false);
  }

  /** Loads `generated/<provider>/openapi.json`. */
  static fromFile(path: string, id?: string): SpecIndex {
    return new SpecIndex(JSON.parse(readFileSync(path, "utf8")) as SpecNode, id);
  }

  /** Every operation, in document order (indexed once). */
  operations(): SpecOperation[] {
    this.operationList ??= this.indexOperations();
    return this.operationList;
  }

  private indexOperations(): SpecOperation[] {
    const out: SpecOperation[] = [];
    for (const [path, item] of Object.entries<SpecNode>(this.doc.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const node = item[method] as SpecNode | undefined;
        if (node) out.push({ method, path, operationId: node.operationId, node, pointer: `#/paths/${escapePointer(path)}/${method}` });
      }
    }
    return out;
  }

  /** The operation with this id; throws for an unknown id (a typo in a case table). */
  operation(operationId: string): SpecOperation {
    const found = this.operations().find((op) => op.operationId === operationId);
    if (!found) throw new Error(`unknown operationId ${operationId}`);
    return found;
  }

  /** Resolves a local `$ref` (`#/components/...`). */
  resolve<T = SpecNode>(node: SpecNode): T {
    let current: SpecNode = node;
    for (let depth = 0; typeof current?.$ref === "string" && depth < 20; depth++) {
      current = this.at(current.$ref);
    }
    return current as T;
  }

  /** The node at a local JSON pointer. */
  at(pointer: string): SpecNode {
    return pointer
      .replace(/^#\/?/, "")
      .split("/")
      .filter(Boolean)
      .reduce<SpecNode>((node, seg) => node?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")], this.doc);
  }

  /** Documented response codes of an operation (`"200"`, `"404"`, maybe `"default"`). */
  documentedStatuses(op: SpecOperation): string[] {
    return Object.keys(op.node.responses ?? {});
  }

  /** The response object documented for a status (exact code, then `4XX`-style range, then `default`). */
  response(op: SpecOperation, status: number): { key: string; node: SpecNode } | undefined {
    const responses: SpecNode = op.node.responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
    return key === undefined ? undefined : { key, node: this.resolve(responses[key]) };
  }

  /** A validator for the schema at a pointer, compiled once and cached. */
  validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`${this.id}${pointer}`);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /** Pointer of the response schema for a status key and media type. */
  responseSchemaPointer(op: SpecOperation, statusKey: string, mediaType: string): string {
    const raw: SpecNode = op.node.responses[statusKey];
    const base = typeof raw.$ref === "string" ? raw.$ref : `${op.pointer}/responses/${escapePointer(statusKey)}`;
    return `${base}/content/${escapePointer(mediaType)}/schema`;
  }
}
