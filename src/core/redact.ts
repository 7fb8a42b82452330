/** Replaces every occurrence of each secret in `text` with `[REDACTED]`. Secrets shorter than 4 characters are ignored. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  }
  return out;
}

/** Deep copy of a JSON value with every string, object keys included, redacted. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, secrets), redactValue(v, secrets)]));
  }
  return value;
}

// Credential-looking header names (a caller's own `Authorization`, a provider's `X-*-API-Key`, `Set-Cookie`).
const CREDENTIAL_HEADER = /authorization|cookie|api[-_]?key|token|secret/i;

/**
 * The headers as a plain object: secret headers as `[REDACTED]` (one of `secretHeaders`, or a credential-looking
 * name), every other value with the secrets redacted.
 */
export function redactHeaders(headers: Headers, secrets: readonly string[], secretHeaders: readonly string[] = []): Record<string, string> {
  const hidden = new Set(secretHeaders.map((name) => name.toLowerCase()));
  const out: Record<string, string> = {};
  // Headers hands out lower-case names.
  headers.forEach((value, name) => {
    out[name] = CREDENTIAL_HEADER.test(name) || hidden.has(name) ? "[REDACTED]" : redactText(value, secrets);
  });
  return out;
}

/**
 * `value` as fetch sends it in a header, without the HTTP whitespace (tab, line feed, carriage return, space)
 * around it: the form of a key a server receives, and may echo, so the form to redact.
 */
export function sentHeaderValue(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}
