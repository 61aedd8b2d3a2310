/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME`
 * (k8s.io/kubectl pkg/cmd/create/create_service.go). Written from kubectl v1.34's
 * behaviour; no upstream code is copied.
 */
import type { Service, ServicePort } from "kubernetes-types/core/v1";
import type { Mutable } from "../../api/object.ts";
import { isDNS1123Subdomain, isValidPortName, isValidPortNum } from "../../api/validation/names.ts";
import { fail, type Generated, ok } from "./result.ts";
import { atoi, parseUint16, toInt32 } from "./strconv.ts";

export type ServiceSubcommand = "clusterip" | "nodeport" | "loadbalancer" | "externalname";

export interface CreateServiceOptions {
  readonly name: string;
  /** `--tcp`, a string slice: `port[:targetPort]` each. */
  readonly tcp?: readonly string[];
  /** `--node-port` (nodeport only): put on every port; 0 means none. */
  readonly nodePort?: number;
  /** `--external-name` (externalname only; the flag parser requires it). */
  readonly externalName?: string;
  /** `--clusterip` (clusterip only): an address, or `None` for a headless Service. */
  readonly clusterIP?: string;
  /** Set only when kubectl would: `-n` or a context namespace (EnforceNamespace). */
  readonly namespace?: string;
}

const serviceTypes: Readonly<Record<ServiceSubcommand, string>> = {
  clusterip: "ClusterIP",
  nodeport: "NodePort",
  loadbalancer: "LoadBalancer",
  externalname: "ExternalName",
};

type ParsedPorts = { ok: true; port: number; targetPort: number | string } | { ok: false; message: string };

/** parsePorts: `port` (0…65535) then an optional target that is a port number or a port name. */
function parsePorts(text: string): ParsedPorts {
  const parts = text.split(":");
  const port = parseUint16(parts[0] ?? "");
  if (!port.ok) return port;
  if (parts.length === 1) return { ok: true, port: port.value, targetPort: port.value };
  const target = parts[1] ?? "";
  const number = atoi(target);
  const errs = number.ok ? isValidPortNum(number.value) : isValidPortName(target);
  if (errs.length > 0) return { ok: false, message: errs.join(",") };
  return { ok: true, port: port.value, targetPort: number.ok ? toInt32(number.value) : target };
}

/**
 * The Service, labelled and selected `app=NAME` (ExternalName ones too), one TCP port per
 * `--tcp` named after it with `:` → `-` (`80:8080` → `80-8080`). Failures, all plain
 * `error: …`: `ClusterIP=None can only be used with ClusterIP service type`,
 * `at least one tcp port specifier must be provided`, `invalid service external name X`,
 * `strconv.ParseUint: parsing "X": invalid syntax` / `value out of range` (the port), and
 * the port-number or port-name rules joined by `,` (the target port).
 */
export function generateService(type: ServiceSubcommand, o: CreateServiceOptions): Generated<Mutable<Service>> {
  const serviceType = serviceTypes[type];
  const tcp = o.tcp ?? [];
  const clusterIP = o.clusterIP ?? "";
  if (clusterIP === "None" && serviceType !== "ClusterIP") {
    return fail("ClusterIP=None can only be used with ClusterIP service type");
  }
  if (clusterIP !== "None" && tcp.length === 0 && serviceType !== "ExternalName") {
    return fail("at least one tcp port specifier must be provided");
  }
  const externalName = o.externalName ?? "";
  if (serviceType === "ExternalName" && isDNS1123Subdomain(externalName).length > 0) {
    return fail(`invalid service external name ${externalName}`);
  }

  const ports: Mutable<ServicePort>[] = [];
  for (const item of tcp) {
    const parsed = parsePorts(item);
    if (!parsed.ok) return fail(parsed.message);
    const port: Mutable<ServicePort> = {
      name: item.replaceAll(":", "-"),
      port: parsed.port,
      targetPort: parsed.targetPort,
      protocol: "TCP",
    };
    const nodePort = toInt32(o.nodePort ?? 0);
    if (nodePort !== 0) port.nodePort = nodePort;
    ports.push(port);
  }

  const metadata: Mutable<NonNullable<Service["metadata"]>> = { name: o.name, labels: { app: o.name } };
  if (o.namespace) metadata.namespace = o.namespace;
  const spec: Mutable<NonNullable<Service["spec"]>> = { type: serviceType, selector: { app: o.name } };
  if (ports.length > 0) spec.ports = ports;
  if (externalName !== "") spec.externalName = externalName;
  if (clusterIP !== "") spec.clusterIP = clusterIP;
  return ok({ apiVersion: "v1", kind: "Service", metadata, spec, status: { loadBalancer: {} } });
}
