import type { OpenAPITSOptions } from "openapi-typescript";

/** The `transform` hook: open enums (`x-open-enum`) as `Known | (string & {})`. */
export declare const openEnumTransform: NonNullable<OpenAPITSOptions["transform"]>;
/** openapi-typescript's options for every API (see types-options.mjs). */
export declare const TYPES_OPTIONS: OpenAPITSOptions;
