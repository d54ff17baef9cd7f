// Vite builds the example into dist/examples/react-vite. The app imports
// "orylogin", the package that ./build.sh build writes to dist/ (its
// package.json's exports pick orylogin.js); Vite resolves it there, and
// emits orylogin.wasm and wasm_exec.js as assets because the loader names
// them with new URL("./…", import.meta.url).
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  plugins: [react()],
  base: "./",
  resolve: {
    alias: { orylogin: process.env.ORYLOGIN_PACKAGE || here("../../../dist") },
  },
  build: {
    outDir: process.env.ORYLOGIN_EXAMPLE_OUT || here("../../../dist/examples/react-vite"),
    emptyOutDir: true,
    assetsInlineLimit: 0,
  },
});
