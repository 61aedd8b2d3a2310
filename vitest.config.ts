import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores on CI machines: threads beat forks here, and the property tests are CPU-bound.
    pool: "threads",
    testTimeout: 60_000,
    reporters: ["default"],
  },
});
