import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "contract-tests/**/*.test.ts", "cli/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["contract-tests/global-setup.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
