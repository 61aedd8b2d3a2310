// A browser stand-in for node:zlib. just-bash's browser bundle imports it for gzip/zcat,
// commands kubook's shell never registers; calling one is a bug, so it throws.
function unavailable(): never {
  throw new Error("node:zlib is not available in the browser build of kubook");
}
export const constants: Record<string, number> = {};
export const gzipSync = unavailable;
export const gunzipSync = unavailable;
export default { constants, gzipSync, gunzipSync };
