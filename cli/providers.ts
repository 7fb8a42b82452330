/** Provider selection for the commands and the API: names checked against the contract suite's providers. */
import { CONTRACT_PROVIDERS, type ContractProvider } from "../contract-tests/runner/providers.js";
import { UsageError } from "./args.js";

/** Every provider name the toolkit knows, in report order. */
export const PROVIDER_NAMES: readonly string[] = CONTRACT_PROVIDERS.map((p) => p.definition.name);

/** The providers of these names (every provider when undefined); an unknown name is a UsageError naming the known ones. */
export function selectProviders(names: readonly string[] | undefined): ContractProvider[] {
  if (names === undefined) return [...CONTRACT_PROVIDERS];
  if (names.length === 0) throw new UsageError(`no provider given; known: ${PROVIDER_NAMES.join(", ")}`);
  return [...new Set(names)].map((name) => {
    const provider = CONTRACT_PROVIDERS.find((p) => p.definition.name === name);
    if (!provider) throw new UsageError(`unknown provider ${JSON.stringify(name)}; known: ${PROVIDER_NAMES.join(", ")}`);
    return provider;
  });
}

/** The env a run reads, with `baseUrls` written over each provider's base-URL variable (so they win over it). */
export function envWithBaseUrls(env: NodeJS.ProcessEnv, baseUrls: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const [name, url] of Object.entries(baseUrls)) out[selectProviders([name])[0]!.definition.baseUrlEnv] = url;
  return out;
}
