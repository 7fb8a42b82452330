/** The helpers a client object exposes beside openapi-fetch's own methods, as `group.name` or `name`, sorted. */

// openapi-fetch's client methods: the raw calls, not helpers.
const RAW_METHODS = new Set(["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request", "use", "eject"]);

/** Every helper of `client`: its own functions (but the raw calls) and the functions of its helper groups. */
export function helperNames(client: object): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(client)) {
    if (RAW_METHODS.has(key)) continue;
    if (typeof value === "function") names.push(key);
    else if (value && typeof value === "object") {
      for (const [inner, member] of Object.entries(value)) if (typeof member === "function") names.push(`${key}.${inner}`);
    }
  }
  return names.sort();
}
