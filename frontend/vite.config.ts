import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  // Component tests mount Svelte components in jsdom: the browser build.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  // The script is written in ASCII (other characters escaped): WebKit keeps
  // a script with one character past Latin-1 as 16-bit text, twice its size
  // (about 1.5 MB less in the window's web process, docs/performance.md).
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: { output: { charset: "ascii" } },
  },
  test: { environment: "jsdom", include: ["src/**/*.test.ts"] },
}));
