/** Guards path ids before any request: URL normalisation would send `.`/`..` ids to another resource. */
import { InvalidArgumentError } from "./errors.js";

/** Throws `InvalidArgumentError` for an id that is not a non-empty string, or is `.` or `..`. Returns the id. */
export function assertPathId(provider: string, operation: string, name: string, id: unknown): string {
  if (typeof id !== "string" || id.trim() === "" || id === "." || id === "..") {
    const shown = typeof id === "string" ? JSON.stringify(id) : typeof id;
    throw new InvalidArgumentError(`${provider} ${operation}: ${name} must be a non-empty id other than "." and "..", got ${shown}`, {
      provider,
      operation,
    });
  }
  return id;
}
