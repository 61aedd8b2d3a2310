/**
 * `kubectl describe networkpolicy` (k/kubectl `describeNetworkPolicy`,
 * `describeNetworkPolicySpec`). Upstream passes no events to this describer: a
 * NetworkPolicy's description never has an Events block.
 */
import type {
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from "kubernetes-types/networking/v1";
import { formatLabelSelector } from "../../api/labels.ts";
import type { StoredObject } from "../../api/object.ts";
import { goTimeString, intOrString, printAnnotationsMultiline, printLabelsMultiline } from "./format.ts";
import type { DescribeContext } from "./types.ts";
import type { PrefixWriter } from "./writer.ts";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from "./writer.ts";

export function describeNetworkPolicy(_ctx: DescribeContext, obj: StoredObject): string {
  const np = obj as NetworkPolicy & StoredObject;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${np.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ""}\n`);
    // `%s` of a metav1.Time is time.Time.String(), in the local zone (UTC here).
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", np.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", np.metadata.annotations);
    describeSpec(np.spec ?? { podSelector: {} }, w);
  });
}

function describeSpec(spec: NetworkPolicySpec, w: PrefixWriter): void {
  w.write(LEVEL_0, "Spec:\n");
  w.write(LEVEL_1, "PodSelector: ");
  const sel = spec.podSelector;
  const empty = !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
  // Written at level 2 after "PodSelector: ", so four more spaces come before the value.
  if (empty) w.write(LEVEL_2, "<none> (Allowing the specific traffic to all pods in this namespace)\n");
  else w.write(LEVEL_2, `${formatLabelSelector(sel)}\n`);
  const types = spec.policyTypes ?? [];
  if (types.includes("Ingress")) {
    w.write(LEVEL_1, "Allowing ingress traffic:\n");
    printRules(spec.ingress ?? [], "ingress", "    ", w);
  } else {
    w.write(LEVEL_1, "Not affecting ingress traffic\n");
  }
  if (types.includes("Egress")) {
    w.write(LEVEL_1, "Allowing egress traffic:\n");
    printRules(spec.egress ?? [], "egress", "    ", w);
  } else {
    w.write(LEVEL_1, "Not affecting egress traffic\n");
  }
  // policyTypesToString: a nil list and an empty one both print <none>.
  w.write(LEVEL_1, `Policy Types: ${types.length > 0 ? types.join(", ") : "<none>"}\n`);
}

/** The words that differ between `printNetworkPolicySpecIngressFrom` and `...EgressTo`. */
const directions = {
  ingress: {
    isolated: "<none> (Selected pods are isolated for ingress connectivity)",
    peer: "From",
    anyPeer: "From: <any> (traffic not restricted by source)",
  },
  egress: {
    isolated: "<none> (Selected pods are isolated for egress connectivity)",
    peer: "To",
    anyPeer: "To: <any> (traffic not restricted by destination)",
  },
} as const;

function printRules(
  rules: readonly (NetworkPolicyIngressRule | NetworkPolicyEgressRule)[],
  direction: keyof typeof directions,
  indent: string,
  w: PrefixWriter,
): void {
  const words = directions[direction];
  if (rules.length === 0) {
    w.write(LEVEL_0, `${indent}${words.isolated}\n`);
    return;
  }
  rules.forEach((rule, i) => {
    printPorts(rule.ports, indent, w);
    const peers: readonly NetworkPolicyPeer[] = ("from" in rule ? rule.from : "to" in rule ? rule.to : undefined) ?? [];
    if (peers.length === 0) {
      w.write(LEVEL_0, `${indent}${words.anyPeer}\n`);
    } else {
      for (const peer of peers) {
        w.write(LEVEL_0, `${indent}${words.peer}:\n`);
        if (peer.podSelector && peer.namespaceSelector) {
          w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
          w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
        } else if (peer.podSelector) {
          w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
        } else if (peer.namespaceSelector) {
          w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
        } else if (peer.ipBlock) {
          w.write(LEVEL_1, `${indent}IPBlock:\n`);
          w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
          w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(", ")}\n`);
        }
      }
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

function printPorts(ports: readonly NetworkPolicyPort[] | undefined, indent: string, w: PrefixWriter): void {
  if (!ports || ports.length === 0) {
    w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const p of ports) {
    const proto = p.protocol ?? "TCP";
    if (p.endPort === undefined || p.endPort === null)
      w.write(LEVEL_0, `${indent}To Port: ${intOrString(p.port)}/${proto}\n`);
    else w.write(LEVEL_0, `${indent}To Port Range: ${intOrString(p.port)}-${p.endPort}/${proto}\n`);
  }
}
