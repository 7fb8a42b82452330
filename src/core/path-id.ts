/** Guards path ids before any request: URL normalisation would send `.`/`..` ids to another resource. */
import { InvalidArgumentError } from "./errors.js";

/**
 * Throws `InvalidArgumentError` for an id that is not a non-empty string, is `.` or `..`, or holds a lone surrogate
 * (a string cut through an emoji, which no URL can encode). Returns the id.
 */
export function assertPathId(provider: string, operation: string, name: string, id: unknown): string {
  if (typeof id !== "string" || id.trim() === "" || id === "." || id === ".." || /\p{Cs}/u.test(id)) {
    const shown = typeof id === "string" ? JSON.stringify(id) : typeof id;
    throw new InvalidArgumentError(`${provider} ${operation}: ${name} must be a non-empty id of whole characters other than "." and "..", got ${shown}`, {
      provider,
      operation,
    });
  }
  return id;
}
