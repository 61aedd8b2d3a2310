// The course site: Astro with `site/` as its source folder, built from the lessons in `content/`
// (site/README.md describes the pages and the HTML contract with site/client/).
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";

const zlibStub = fileURLToPath(new URL("./site/stubs/zlib.ts", import.meta.url));

export default defineConfig({
  srcDir: "./site",
  outDir: "./dist",
  site: "http://127.0.0.1:4321",
  server: { host: "127.0.0.1" },
  trailingSlash: "ignore",
  // One small stylesheet: inlined, so nothing blocks the first paint.
  build: { format: "directory", inlineStylesheets: "always" },
  // Pages are plain HTML; the only scripts are the ones the layout names.
  prefetch: false,
  devToolbar: { enabled: false },
  vite: {
    // just-bash's browser bundle imports node:zlib for gzip commands kubook never registers.
    // A resolve.alias would also apply to the build-time (Node) run of the lessons, so the
    // stub is scoped to the browser environment by a plugin instead.
    plugins: [
      {
        name: "kubook:browser-stubs",
        enforce: "pre",
        applyToEnvironment: (environment) => environment.name === "client",
        resolveId(id) {
          if (id === "node:zlib" || id === "zlib") return zlibStub;
          return null;
        },
      },
    ],
  },
});
