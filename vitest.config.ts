import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // hnswlib-node and jieba are native addons: separate processes keep them isolated.
    pool: "forks",
    include: ["{ingest,server,eval,client,bench}/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
