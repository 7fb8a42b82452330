/**
 * Exact reading of Browser Use's decimal strings (costs in USD, bandwidth in MB). They stay strings in the
 * types; convert with these helpers instead of `Number()`, which rounds (`0.1 + 0.2 !== 0.3`).
 */
import { Decimal } from "decimal.js";
import type { components } from "../../generated/browser-use/schema.js";
import type { Session } from "./statuses.js";

/** A decimal string as the spec defines it. */
export type DecimalString = components["schemas"]["DecimalString"];

/** The provider's own pattern for decimal strings (from the spec). */
export const DECIMAL_STRING_PATTERN = /^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$/;

/** Parses a decimal string exactly. Throws `RangeError` for a value outside the pattern (e.g. `"1E-7"`, `"1,5"`). */
export function toDecimal(value: DecimalString): Decimal {
  if (!DECIMAL_STRING_PATTERN.test(value)) throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  return new Decimal(value === "." ? "0" : value.endsWith(".") ? value.slice(0, -1) : value);
}

/** The cost fields of a session as exact decimals. */
export function sessionCosts(session: Session): Record<"llm" | "proxy" | "browser" | "total", Decimal> {
  return {
    llm: toDecimal(session.llmCostUsd),
    proxy: toDecimal(session.proxyCostUsd),
    browser: toDecimal(session.browserCostUsd),
    total: toDecimal(session.totalCostUsd),
  };
}

export { Decimal };
