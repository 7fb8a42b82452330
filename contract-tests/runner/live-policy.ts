/**
 * Run policy of a live run: what the run chooses, not what the API is. How many resources of each kind it
 * may create, what it sets a cost cap to, how long it follows a stream, how often it retries a cleanup.
 * The API facts (which call creates what, its id, its cleanup, which field caps its cost) are in the spec.
 */
import type { CostCapUnit } from "./spec-cost-caps.js";

/** Resources of each create kind a provider's live run may create unless `--max-creates` says otherwise. */
export const DEFAULT_CREATES_PER_KIND = 1;
/** The value a live run puts in every cost-cap field (`x-cost-cap`), by unit: 5 US cents. */
export const LIVE_COST_CAPS: Readonly<Record<CostCapUnit, string>> = { usd: "0.05" };
/** How long a live run follows a Server-Sent Events stream before it closes it. */
export const STREAM_FOLLOW_MS = 3_000;
/** Attempts of one cleanup call that got no answer or a 5xx (cleanup calls are idempotent). */
export const CLEANUP_ATTEMPTS = 3;
/** Wait before the second cleanup attempt; doubled for each further one. */
export const CLEANUP_RETRY_DELAY_MS = 500;

/** The create budget of a run: per provider, per create operation. */
export interface CreateBudget {
  /** Limit for every kind of every provider, unless a more specific rule says otherwise. */
  perKind: number;
  /** `provider` -> limit for each of its kinds. */
  providers: Record<string, number>;
  /** `provider.operationId` -> limit for that kind. */
  kinds: Record<string, number>;
}

/** How many resources `operationId` of `provider` may create in one run. */
export function createLimit(budget: CreateBudget, provider: string, operationId: string): number {
  return budget.kinds[`${provider}.${operationId}`] ?? budget.providers[provider] ?? budget.perKind;
}

/**
 * Parses `--max-creates` values: `N` (every kind of every provider), `provider=N` (every kind of one
 * provider) or `provider.operationId=N` (one kind). Throws a message naming the bad value.
 */
export function parseCreateBudget(values: readonly string[] = [], known: { providers: readonly string[]; kinds?: readonly string[] } = { providers: [] }): CreateBudget {
  const budget: CreateBudget = { perKind: DEFAULT_CREATES_PER_KIND, providers: {}, kinds: {} };
  // A scope given twice is refused: the last value winning could turn a `0` (read only) into creates that cost money.
  const seen = new Map<string, string>();
  for (const raw of values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean)) {
    const match = /^(?:([\w-]+)(?:\.(\w+))?=)?(\d+)$/.exec(raw);
    if (!match) throw new Error(`--max-creates ${JSON.stringify(raw)}: expected N, provider=N or provider.operationId=N with N a whole number`);
    const [, provider, operationId, count] = match;
    const scope = provider === undefined ? "every provider" : operationId === undefined ? provider : `${provider}.${operationId}`;
    const before = seen.get(scope);
    if (before !== undefined) throw new Error(`--max-creates gives ${scope} twice (${before}, then ${raw}); give each scope once`);
    seen.set(scope, raw);
    const limit = Number(count);
    if (provider === undefined) budget.perKind = limit;
    else {
      if (known.providers.length > 0 && !known.providers.includes(provider)) throw new Error(`--max-creates ${raw}: unknown provider ${provider}; known: ${known.providers.join(", ")}`);
      if (operationId === undefined) budget.providers[provider] = limit;
      else {
        const key = `${provider}.${operationId}`;
        if (known.kinds && !known.kinds.includes(key)) throw new Error(`--max-creates ${raw}: ${provider} has no create ${operationId}; its creates: ${known.kinds.filter((k) => k.startsWith(`${provider}.`)).map((k) => k.slice(provider.length + 1)).join(", ") || "none"}`);
        budget.kinds[key] = limit;
      }
    }
  }
  return budget;
}
