/**
 * How long things take on a kind node, in virtual milliseconds. Chosen to look like a
 * laptop running kind: a pod whose image is cached is Running in about a second; a first
 * pull of nginx takes a few seconds. Back-off values are the kubelet's.
 */
export const timing = {
  /** Pod sandbox (pause container + CNI) set up. */
  sandboxMs: 400,
  /** Container created and started once the image is there. */
  createMs: 300,
  /** A pull of an image the node already has (policy Always): the registry round trip. */
  pullCheckMs: 900,
  /** Fixed part of a fresh pull. */
  pullLatencyMs: 800,
  /** Download speed for a fresh pull (bytes per millisecond: 25 MB/s). */
  pullBytesPerMs: 25_000,
  /** A pull of something the registry does not have fails after this long. */
  pullFailMs: 1_500,
  /** Delay between an event and the kubelet's next pod sync. */
  syncMs: 1_000,
  /** kubelet back-off (crash loop and image pull): initial, and the cap. */
  backoffInitialMs: 10_000,
  backoffMaxMs: 300_000,
  /** A container that ran this long has its crash back-off reset. */
  backoffResetMs: 600_000,
} as const;
