/**
 * The Service `kubectl expose` builds once the flags and the exposed object's introspected
 * selector, ports and protocols are settled (k8s.io/kubectl pkg/cmd/expose/expose.go
 * `createService`). `kubectl run --expose` reaches the same shape through the `service/v2`
 * generator. Written from kubectl v1.34's behaviour; no upstream code is copied.
 */
import type { Service, ServicePort } from "kubernetes-types/core/v1";
import type { Mutable } from "../../api/object.ts";
import { parseLabelSpec } from "./labels.ts";
import { fail, type Generated, ok, type StringMap } from "./result.ts";
import { atoi, parseIntOrString, toInt32 } from "./strconv.ts";

/** Every field is flag text (or text kubectl derived); `""` means unset, as in upstream. */
export interface ExposedServiceParams {
  /** `--name`, else the exposed object's name (truncated to 63). */
  readonly name: string;
  readonly selector: string;
  readonly labels?: string;
  /** One port, or several joined by `,` (the flag takes the same list). */
  readonly port?: string;
  /** Ports derived from an object with more than one; wins over `port`. */
  readonly ports?: string;
  readonly protocol?: string;
  /** `53/TCP,53/UDP,80/TCP`: each port's protocols, from the exposed object. */
  readonly protocols?: string;
  readonly targetPort?: string;
  readonly externalIP?: string;
  readonly loadBalancerIP?: string;
  readonly type?: string;
  readonly sessionAffinity?: string;
  readonly clusterIP?: string;
  readonly namespace?: string;
}

type ParsedProtocols = { ok: true; map: Map<string, string[]> } | { ok: false; message: string };

/** expose's parseProtocols: `port/PROTO` items; a port may repeat with another protocol. */
function parseProtocols(text: string): ParsedProtocols {
  const map = new Map<string, string[]>();
  for (const item of text.split(",")) {
    const parts = item.split("/");
    if (parts.length !== 2) return { ok: false, message: `unexpected port protocol mapping: ${item}` };
    const [port, protocol] = parts as [string, string];
    if (port === "") return { ok: false, message: "unexpected empty port" };
    if (protocol === "") return { ok: false, message: "unexpected empty protocol" };
    map.set(port, [...(map.get(port) ?? []), protocol]);
  }
  return { ok: true, map };
}

const sessionAffinities: readonly string[] = ["None", "ClientIP"];

/**
 * Failure texts (all plain `error: …`, none usage errors): `selector must be specified`,
 * `no label spec passed`, `unexpected label spec: X`, `unexpected empty label key`,
 * `name must be specified`, the protocol-mapping ones, `strconv.Atoi: parsing "X": …`
 * and `unknown session affinity: X`.
 */
export function buildExposedService(p: ExposedServiceParams): Generated<Mutable<Service>> {
  if (!p.selector) return fail("selector must be specified");
  const selector = parseLabelSpec(p.selector);
  if (!selector.ok) return fail(selector.message);
  let labels: StringMap | undefined;
  if (p.labels) {
    const parsed = parseLabelSpec(p.labels);
    if (!parsed.ok) return fail(parsed.message);
    labels = parsed.labels;
  }
  if (!p.name) return fail("name must be specified");
  let protocolsByPort = new Map<string, string[]>();
  if (p.protocols) {
    const parsed = parseProtocols(p.protocols);
    if (!parsed.ok) return fail(parsed.message);
    protocolsByPort = parsed.map;
  }

  const ports: Mutable<ServicePort>[] = [];
  const portText = p.ports || p.port || "";
  if (portText !== "") {
    const items = portText.split(",");
    for (const [i, item] of items.entries()) {
      const parsed = atoi(item);
      if (!parsed.ok) return fail(parsed.message);
      const port = toInt32(parsed.value);
      // A single port stays unnamed; several are port-1, port-2, …
      const name = items.length > 1 ? `port-${i + 1}` : "";
      let protocol = p.protocol ?? "";
      if (protocol === "") {
        const found = protocolsByPort.get(item) ?? [];
        if (found.length > 1) {
          // The same port under several protocols: one ServicePort each, port-N-<proto>.
          for (const proto of found)
            ports.push({ name: `port-${i + 1}-${proto.toLowerCase()}`, port, protocol: proto });
          continue;
        }
        protocol = found[0] ?? "TCP";
      }
      ports.push(name === "" ? { port, protocol } : { name, port, protocol });
    }
  }

  const targetPort = p.targetPort ? parseIntOrString(p.targetPort) : undefined;
  for (const port of ports) port.targetPort = targetPort ?? port.port;

  const metadata: Mutable<NonNullable<Service["metadata"]>> = { name: p.name };
  if (labels) metadata.labels = labels;
  if (p.namespace) metadata.namespace = p.namespace;
  const spec: Mutable<NonNullable<Service["spec"]>> = { selector: selector.labels };
  if (ports.length > 0) spec.ports = ports;
  if (p.externalIP) spec.externalIPs = [p.externalIP];
  if (p.type) spec.type = p.type;
  if (spec.type === "LoadBalancer" && p.loadBalancerIP) spec.loadBalancerIP = p.loadBalancerIP;
  if (p.sessionAffinity) {
    if (!sessionAffinities.includes(p.sessionAffinity)) return fail(`unknown session affinity: ${p.sessionAffinity}`);
    spec.sessionAffinity = p.sessionAffinity;
  }
  if (p.clusterIP) spec.clusterIP = p.clusterIP;
  return ok({ apiVersion: "v1", kind: "Service", metadata, spec, status: { loadBalancer: {} } });
}
