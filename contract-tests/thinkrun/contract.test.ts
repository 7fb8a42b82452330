import { CONTRACT_PROVIDERS } from "../runner/providers.js";
import { describeContract } from "../runner/vitest-suite.js";

describeContract(CONTRACT_PROVIDERS.find((p) => p.definition.name === "thinkrun")!);
