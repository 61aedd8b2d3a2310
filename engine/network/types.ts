/**
 * The data path's vocabulary: who opens a connection (`Source`), how it ends
 * (`ConnectOutcome`), and the trace of every hop on the way (`TraceStep`). Traces are
 * plain data with stable `step` and `reason` values, so the site can draw the path and a
 * lesson can assert "refused because the Service has no endpoints".
 */
import type { DnsQuestion, DnsRcode } from "../dns/types.ts";

export type Protocol = "TCP" | "UDP" | "SCTP";

/** Who sends: a container in a pod, a node (`docker exec kind-worker …`), or the learner's own machine. */
export type Source =
  | { readonly kind: "pod"; readonly namespace: string; readonly pod: string; readonly container?: string }
  | { readonly kind: "node"; readonly node: string }
  | { readonly kind: "workstation" };

/**
 * How a connection attempt ends, as the client's kernel reports it:
 * - connected: the handshake completed (a listener accepted);
 * - refused: RST or ICMP port-unreachable (ECONNREFUSED), at once;
 * - timeout: packets dropped, the client gave up after its own timeout;
 * - unreachable: ICMP host-unreachable / no route (EHOSTUNREACH, ENETUNREACH).
 */
export type ConnectOutcome = "connected" | "refused" | "timeout" | "unreachable";

/** Stable reasons a lesson can assert on. */
export type TraceReason =
  | "no-endpoints" // kube-proxy REJECT: the Service port has no usable endpoints
  | "no-local-endpoints" // traffic policy Local and no endpoint on this node: DROP
  | "no-service-port" // a ClusterIP on a port the Service does not define
  | "unallocated-cluster-ip" // an address in the service range no Service has
  | "not-proxied" // service-proxy-name / headless label: kube-proxy ignores the Service
  | "cluster-ip-from-outside" // the service range is not routed outside the cluster
  | "pod-ip-from-outside" // nor is the pod range
  | "no-listener" // nothing listens on that port in the destination pod or node
  | "no-such-host" // an address nothing owns
  | "policy-denied" // a NetworkPolicy dropped the packet
  | "external-not-declared" // the outside world has no such host
  | "external-headless"; // ExternalName: kube-proxy has nothing for it

export type TraceStep =
  | {
      readonly step: "dns";
      readonly question: DnsQuestion;
      readonly server: string;
      readonly rcode: DnsRcode | "timeout";
      readonly answers: readonly string[];
    }
  | {
      readonly step: "route";
      /** What the destination address is. */
      readonly target: "pod" | "node" | "service" | "loopback" | "external" | "workstation" | "nothing";
      readonly ip: string;
      readonly detail?: string;
    }
  | {
      readonly step: "service";
      readonly namespace: string;
      readonly name: string;
      readonly port: number;
      readonly portName: string;
      readonly protocol: Protocol;
      /** Which of the Service's addresses matched. */
      readonly via: "cluster-ip" | "node-port" | "external-ip" | "load-balancer";
      readonly proxyMode: "iptables" | "ipvs" | "nftables";
    }
  | {
      readonly step: "endpoint";
      readonly ip: string;
      readonly port: number;
      readonly pod?: { readonly namespace: string; readonly name: string };
      readonly node?: string;
      /** random: iptables/nftables draw; affinity: ClientIP stickiness; round-robin: IPVS rr; only: one candidate. */
      readonly chosenBy: "random" | "affinity" | "round-robin" | "only";
      readonly candidates: number;
      /** All ready endpoints were gone and kube-proxy fell back to serving terminating ones. */
      readonly terminatingFallback: boolean;
    }
  | { readonly step: "nat"; readonly kind: "dnat" | "snat"; readonly from: string; readonly to: string }
  | {
      readonly step: "policy";
      readonly direction: "egress" | "ingress";
      readonly pod: { readonly namespace: string; readonly name: string };
      readonly verdict: "allowed" | "denied" | "not-isolated";
      /** The policies that select the pod for this direction, `namespace/name`. */
      readonly policies: readonly string[];
    }
  | {
      readonly step: "deliver";
      readonly ip: string;
      readonly port: number;
      readonly pod?: { readonly namespace: string; readonly name: string };
      readonly container?: string;
      readonly node?: string;
      readonly external?: string;
    }
  | {
      readonly step: "outcome";
      readonly outcome: ConnectOutcome | "unresolved";
      readonly reason?: TraceReason;
    };

export interface ConnectionTrace {
  readonly from: { readonly ip: string; readonly source: Source };
  readonly to: { readonly ip: string; readonly port: number; readonly protocol: Protocol };
  readonly steps: readonly TraceStep[];
  readonly outcome: ConnectOutcome;
  readonly reason?: TraceReason;
  readonly elapsedMs: number;
  /** Virtual time the connection was opened. */
  readonly atMs: number;
}
