// The course site: Astro with `site/` as its source folder, built from the lessons in `content/`.
// The pages, the lesson integration and the in-browser runner arrive with the site issue;
// this file fixes the layout the rest of the project builds on.
import { defineConfig } from "astro/config";

export default defineConfig({
  srcDir: "./site",
  outDir: "./dist",
  site: "http://127.0.0.1:4321",
  server: { host: "127.0.0.1" },
});
