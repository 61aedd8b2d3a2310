// CSS imported for its side effect; the bundler (Vite in Astro, esbuild) emits it.
declare module "*.css";
