import type { Check } from "./context.js";

const MAX_ERRORS = 10;

/** A JSON body validates against the schema documented for its status and media type (ajv 2020, cached). */
export const responseSchemaConformance: Check = ({ spec, operation, response }) => {
  const documented = spec.response(operation, response.status);
  if (!documented || !(response.mediaType in (documented.node.content ?? {}))) return [];
  if (!/json/.test(response.mediaType)) return [];
  if (response.jsonError !== undefined) {
    return [{ check: "responseSchemaConformance", message: `body is not valid JSON: ${response.jsonError}` }];
  }
  const validate = spec.validator(spec.responseSchemaPointer(operation, documented.key, response.mediaType));
  if (validate(response.json)) return [];
  return (validate.errors ?? []).slice(0, MAX_ERRORS).map((error) => ({
    check: "responseSchemaConformance",
    message: `${error.instancePath || "/"} ${error.message ?? error.keyword} (${error.schemaPath})`,
  }));
};
