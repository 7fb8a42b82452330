/**
 * openapi-fetch's client with its responses typed straight from the generated schema. openapi-fetch runs
 * every response type through `Readable<T>` to drop writeOnly markers, and `Readable` maps any type that
 * extends `object` into an object of its keys: `string & {}`, the open branch of every open response enum,
 * extends `object`, so `status` would come back as `"idle" | … | { charAt: {}; … }`. The generator emits
 * no readOnly/writeOnly markers (openapi-typescript's `readWriteMarkers` stays off), so `Readable` has
 * nothing to drop here and the schema's own types are exactly what the responses hold.
 */
import type { Client, MaybeOptionalInit, ParseAsResponse } from "openapi-fetch";
import type { ErrorResponse, HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf, ResponseObjectMap, SuccessResponse } from "openapi-typescript-helpers";
import type { CallOptions } from "./call-options.js";

/** What one raw call resolves to, `{ data, error, response }`, with `data` and `error` typed from the schema. */
export type SchemaFetchResponse<Operation extends Record<string | number, any>, Options, Media extends MediaType = MediaType> =
  | { data: ParseAsResponse<SuccessResponse<ResponseObjectMap<Operation>, Media>, Options>; error?: never; response: Response }
  | { data?: never; error: ErrorResponse<ResponseObjectMap<Operation>, Media>; response: Response };

/** Options of one raw call besides openapi-fetch's own: the client's retry and timeout settings, for this call only. */
export type RawCallOptions = Pick<CallOptions, "timeoutMs" | "maxRetries">;

// The init argument may be left out exactly when nothing in it is required (no path parameter, no required body).
type InitArgs<Init> = RequiredKeysOf<Init> extends never
  ? [init?: Init & RawCallOptions & Record<string, unknown>]
  : [init: Init & RawCallOptions & Record<string, unknown>];

type SchemaMethod<Paths extends Record<string, any>, Method extends HttpMethod, Media extends MediaType> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitArgs<Init>
) => Promise<SchemaFetchResponse<Paths[Path][Method], Init, Media>>;

type MethodKey = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "request";

/** openapi-fetch's `Client` (same calls, same runtime object) whose results carry the schema's types. */
export interface SchemaClient<Paths extends Record<string, any>, Media extends MediaType = MediaType> extends Omit<Client<Paths, Media>, MethodKey> {
  /** Calls any method: `request("get", "/path", init)`. */
  request<Method extends HttpMethod, Path extends PathsWithMethod<Paths, Method>, Init extends MaybeOptionalInit<Paths[Path], Method>>(
    method: Method,
    url: Path,
    ...init: InitArgs<Init>
  ): Promise<SchemaFetchResponse<Paths[Path][Method], Init, Media>>;
  /** Calls a GET endpoint. */
  GET: SchemaMethod<Paths, "get", Media>;
  /** Calls a PUT endpoint. */
  PUT: SchemaMethod<Paths, "put", Media>;
  /** Calls a POST endpoint. */
  POST: SchemaMethod<Paths, "post", Media>;
  /** Calls a DELETE endpoint. */
  DELETE: SchemaMethod<Paths, "delete", Media>;
  /** Calls an OPTIONS endpoint. */
  OPTIONS: SchemaMethod<Paths, "options", Media>;
  /** Calls a HEAD endpoint. */
  HEAD: SchemaMethod<Paths, "head", Media>;
  /** Calls a PATCH endpoint. */
  PATCH: SchemaMethod<Paths, "patch", Media>;
  /** Calls a TRACE endpoint. */
  TRACE: SchemaMethod<Paths, "trace", Media>;
}

/** The same client object, typed from the schema (see the module comment for why that is sound here). */
export function withSchemaTypes<Paths extends Record<string, any>>(client: Client<Paths>): SchemaClient<Paths> {
  return client as unknown as SchemaClient<Paths>;
}
