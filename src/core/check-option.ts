/**
 * Numeric options, checked before anything is sent. Unchecked, NaN or a negative poll interval polls without
 * pause, a wait longer than a timer can hold ends at once (setTimeout fires after 1 ms past 2^31 - 1 ms), and
 * a negative or fractional retry count passes silently.
 */
import { InvalidArgumentError, type ErrorContext } from "./errors.js";

/** The longest delay a timer holds: 2^31 - 1 ms, about 24.8 days. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Returns `value` when it is undefined or a number from `min` to `max` (a whole one when `whole`); else throws
 * `InvalidArgumentError` naming the option. `max` defaults to {@link MAX_TIMER_MS} (a whole number: any safe integer).
 */
export function checkedNumber<T>(context: ErrorContext, name: string, value: T, min: number, whole = false, max = whole ? Number.MAX_SAFE_INTEGER : MAX_TIMER_MS): T {
  if (value === undefined || (typeof value === "number" && value >= min && value <= max && (!whole || Number.isInteger(value)))) return value;
  const got = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? typeof value);
  throw new InvalidArgumentError(`${context.provider} ${context.operation}: ${name} must be a ${whole ? "whole " : ""}number from ${min} to ${max}, got ${got}`, context);
}
