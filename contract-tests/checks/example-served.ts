import { isDeepStrictEqual } from "node:util";
import type { Check } from "./context.js";

/**
 * With `Prefer: example=<name>` on the mock, the body is exactly that named example from the spec. Prism
 * answers an unknown example name with its own 404, which would otherwise pass for a documented 404.
 */
export const exampleServed: Check = ({ spec, operation, contractCase, response, target }) => {
  const name = contractCase.prefer?.example;
  if (name === undefined || target.kind !== "mock") return [];
  const documented = spec.response(operation, response.status);
  const example = documented?.node.content?.[response.mediaType]?.examples?.[name];
  if (!example) return [{ check: "exampleServed", message: `the spec has no example ${JSON.stringify(name)} for HTTP ${response.status} ${response.mediaType}` }];
  const expected = spec.resolve(example).value;
  const same = typeof expected === "string" && !/json/.test(response.mediaType) ? response.text === expected : isDeepStrictEqual(response.json, expected);
  return same ? [] : [{ check: "exampleServed", message: `the body is not the example ${JSON.stringify(name)}` }];
};
