import type { Check } from "./context.js";

/** The media type is one the spec documents for this status; a response documented without content has no body. */
export const contentTypeConformance: Check = ({ spec, operation, response }) => {
  const documented = spec.response(operation, response.status);
  if (!documented) return [];
  const mediaTypes = Object.keys(documented.node.content ?? {});
  if (mediaTypes.length === 0) {
    return response.text === "" ? [] : [{ check: "contentTypeConformance", message: `Received a ${response.text.length}-byte body / Documented: no content` }];
  }
  if (mediaTypes.includes(response.mediaType)) return [];
  return [{ check: "contentTypeConformance", message: `Received: ${response.mediaType || "(none)"} / Documented: ${mediaTypes.join(", ")}` }];
};
