/**
 * How long things take on the simulated wire, in virtual milliseconds. Refused
 * connections are immediate (curl prints "after 0 ms"); drops cost the client's timeout.
 */
export const timing = {
  /**
   * A dropped SYN with no client timeout: Linux's tcp_syn_retries=6 backs off for 127 s,
   * and clients observe 129–131 s (kubernetes/kubernetes#121371 shows curl "after 129261 ms").
   */
  tcpSynTimeoutMs: 130_000,
  /** A UDP client with no timeout of its own waits this long for an answer. */
  udpWaitMs: 5_000,
  /** EHOSTUNREACH after neighbour discovery gives up (3 probes, 1 s apart). */
  hostUnreachableMs: 3_000,
  /** One request/response inside the cluster. */
  clusterRttMs: 1,
  /** One request/response to the outside world. */
  externalRttMs: 20,
} as const;
