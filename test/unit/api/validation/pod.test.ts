// Expected texts: k8s.io/kubernetes pkg/apis/core/validation/validation.go — ValidatePodCreate,
// ValidatePodSpec, validateContainers / validateContainerCommon, validateContainerPorts,
// validateProbe / validateHandler, ValidateEnv, validateResourceRequirements, ValidateVolumes,
// validatePodDNSConfig, ValidateTolerations, ValidatePodUpdate (updatablePodSpecFields);
// v1.34 gates: RelaxedEnvironmentVariableValidation and RelaxedDNSSearchValidation GA,
// PodLifecycleSleepActionAllowZero on, StrictIPCIDRValidation off.
import { describe, expect, it } from "vitest";
import { container, createMessage, merge, pod, stored, updateMessage } from "./fixtures.ts";
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, PORT_RANGE, QUALIFIED_NAME_PART, VALID_IP } from "./messages.ts";

const probe = (handler: object, extra: object = {}) => ({
  ...handler,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
  ...extra,
});

describe("pod containers", () => {
  it("accepts a defaulted single-container pod", () => {
    expect(createMessage(pod())).toBe("");
  });

  it("requires at least one container", () => {
    expect(createMessage(pod({ spec: { containers: [] } }))).toBe(
      'Pod "web" is invalid: spec.containers: Required value',
    );
  });

  it("requires a container name and image", () => {
    expect(createMessage(pod({ spec: { containers: [container({ name: "", image: "" })] } }))).toBe(
      'Pod "web" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    );
  });

  it("checks container names as DNS labels and reports duplicates", () => {
    expect(createMessage(pod({ spec: { containers: [container({ name: "Web" }), container({ name: "Web" })] } }))).toBe(
      `Pod "web" is invalid: [spec.containers[0].name: Invalid value: "Web": ${DNS1123_LABEL}, spec.containers[1].name: Invalid value: "Web": ${DNS1123_LABEL}, spec.containers[1].name: Duplicate value: "Web"]`,
    );
  });

  it("refuses an image with surrounding whitespace on a pod", () => {
    expect(createMessage(pod({ spec: { containers: [container({ image: " nginx" })] } }))).toBe(
      'Pod "web" is invalid: spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    );
  });

  it("checks container ports: required, range, name, protocol, duplicates", () => {
    const ports = [
      { containerPort: 0, protocol: "TCP" },
      { name: "HTTP", containerPort: 70000, protocol: "tcp" },
      { name: "http", containerPort: 80, protocol: "TCP" },
      { name: "http", containerPort: 81, protocol: "TCP" },
    ];
    expect(createMessage(pod({ spec: { containers: [container({ ports })] } }))).toBe(
      `Pod "web" is invalid: [spec.containers[0].ports[0].containerPort: Required value, spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain at least one letter (a-z), spec.containers[0].ports[1].containerPort: Invalid value: 70000: ${PORT_RANGE}, spec.containers[0].ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP", spec.containers[0].ports[3].name: Duplicate value: "http"]`,
    );
  });

  it("reports a host port used twice across containers", () => {
    const a = container({ ports: [{ containerPort: 80, hostPort: 8080, protocol: "TCP" }] });
    const b = container({ name: "b", ports: [{ containerPort: 81, hostPort: 8080, protocol: "TCP" }] });
    expect(createMessage(pod({ spec: { containers: [a, b] } }))).toBe(
      'Pod "web" is invalid: spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
    );
  });

  it("requires hostPort to equal containerPort on the host network", () => {
    const c = container({ ports: [{ containerPort: 80, hostPort: 8080, protocol: "TCP" }] });
    expect(createMessage(pod({ spec: { hostNetwork: true, containers: [c] } }))).toBe(
      'Pod "web" is invalid: spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
    );
  });

  it("forbids restartPolicy on a regular container and allows only Always on an init container", () => {
    expect(createMessage(pod({ spec: { containers: [container({ restartPolicy: "Always" })] } }))).toBe(
      'Pod "web" is invalid: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
    );
    const init = container({ name: "web", restartPolicy: "OnFailure", livenessProbe: { exec: { command: ["true"] } } });
    expect(createMessage(pod({ spec: { initContainers: [init] } }))).toBe(
      'Pod "web" is invalid: [spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always", spec.initContainers[0].name: Duplicate value: "web", spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always]',
    );
  });
});

describe("probes and lifecycle handlers", () => {
  it("requires exactly one handler", () => {
    expect(createMessage(pod({ spec: { containers: [container({ livenessProbe: probe({}) })] } }))).toBe(
      'Pod "web" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type',
    );
    const two = probe(
      { exec: { command: ["true"] }, httpGet: { path: "/", port: 80, scheme: "HTTP" } },
      { periodSeconds: -1 },
    );
    expect(createMessage(pod({ spec: { containers: [container({ readinessProbe: two })] } }))).toBe(
      'Pod "web" is invalid: [spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type, spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0]',
    );
  });

  it("requires successThreshold 1 for liveness probes", () => {
    const p = probe({ tcpSocket: { port: "http" } }, { successThreshold: 2 });
    expect(createMessage(pod({ spec: { containers: [container({ livenessProbe: p })] } }))).toBe(
      'Pod "web" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    );
  });

  it("checks the probe port as a number or a port name", () => {
    const p = probe({ httpGet: { path: "/", port: 0, scheme: "HTTP" } });
    expect(createMessage(pod({ spec: { containers: [container({ readinessProbe: p })] } }))).toBe(
      `Pod "web" is invalid: spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: ${PORT_RANGE}`,
    );
  });

  it("bounds a preStop sleep by the grace period", () => {
    const c = container({ lifecycle: { preStop: { sleep: { seconds: 40 } } } });
    expect(createMessage(pod({ spec: { containers: [c] } }))).toBe(
      'Pod "web" is invalid: spec.containers[0].lifecycle.preStop.sleep: Invalid value: 40: must be non-negative and less than terminationGracePeriodSeconds (30)',
    );
  });
});

describe("environment", () => {
  it("checks env names, value sources and field paths", () => {
    const env = [
      { name: "" },
      { name: "A=B", value: "x" },
      { name: "X", valueFrom: {} },
      { name: "Y", value: "v", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
      { name: "Z", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.restartPolicy" } } },
      { name: "W", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.nam" } } },
      { name: "V", valueFrom: { configMapKeyRef: { name: "", key: "" } } },
    ];
    const p = "spec.containers[0].env";
    expect(createMessage(pod({ spec: { containers: [container({ env })] } }))).toBe(
      `Pod "web" is invalid: [${p}[0].name: Required value, ${p}[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '=', ${p}[2].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\`, ${p}[3].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty, ${p}[4].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", ${p}[5].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.nam": error converting fieldPath: field label not supported: metadata.nam, ${p}[6].valueFrom.configMapKeyRef.name: Invalid value: "": ${DNS1123_SUBDOMAIN}, ${p}[6].valueFrom.configMapKeyRef.key: Required value]`,
    );
  });
});

describe("resources", () => {
  it("checks quantities, request against limit, extended and unknown resource names", () => {
    const resources = {
      limits: { cpu: "500m", memory: "-1" },
      requests: { cpu: "1", "example.com/gpu": "0.5", foo: "1" },
    };
    const p = "spec.containers[0].resources";
    expect(createMessage(pod({ spec: { containers: [container({ resources })] } }))).toBe(
      `Pod "web" is invalid: [${p}.limits[memory]: Invalid value: "-1": must be greater than or equal to 0, ${p}.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m, ${p}.requests[example.com/gpu]: Invalid value: "500m": must be an integer, ${p}.limits: Required value: Limit must be set for non overcommitable resources, ${p}.requests[foo]: Invalid value: "foo": must be a standard resource type or fully qualified, ${p}.requests[foo]: Invalid value: "foo": must be a standard resource for containers]`,
    );
  });
});

describe("volumes and mounts", () => {
  it("requires exactly one volume type, a valid name, and mounts of known volumes", () => {
    const volumes = [
      { name: "a" },
      { name: "b", emptyDir: {}, configMap: { name: "c" } },
      { name: "Bad", emptyDir: {} },
      { name: "d", hostPath: { path: "" } },
    ];
    const mounts = [
      { name: "nope", mountPath: "/data" },
      { name: "d", mountPath: "/data" },
    ];
    expect(createMessage(pod({ spec: { volumes, containers: [container({ volumeMounts: mounts })] } }))).toBe(
      `Pod "web" is invalid: [spec.volumes[0]: Required value: must specify a volume type, spec.volumes[1].configMap: Forbidden: may not specify more than 1 volume type, spec.volumes[2].name: Invalid value: "Bad": ${DNS1123_LABEL}, spec.volumes[3].hostPath.path: Required value, spec.containers[0].volumeMounts[0].name: Not found: "nope", spec.containers[0].volumeMounts[1].name: Not found: "d", spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique]`,
    );
  });
});

describe("pod-level settings", () => {
  it("checks restartPolicy and dnsPolicy against their supported values", () => {
    expect(createMessage(pod({ spec: { restartPolicy: "Sometimes" } }))).toBe(
      'Pod "web" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(createMessage(pod({ spec: { dnsPolicy: "Cluster" } }))).toBe(
      'Pod "web" is invalid: spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    );
  });

  it("requires terminationGracePeriodSeconds (normally defaulted to 30)", () => {
    expect(createMessage(pod({ spec: { terminationGracePeriodSeconds: undefined } }))).toBe(
      'Pod "web" is invalid: spec.terminationGracePeriodSeconds: Required value',
    );
  });

  it("requires dnsConfig with a nameserver when dnsPolicy is None", () => {
    expect(createMessage(pod({ spec: { dnsPolicy: "None" } }))).toBe(
      'Pod "web" is invalid: spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None',
    );
    expect(createMessage(pod({ spec: { dnsPolicy: "None", dnsConfig: { searches: ["a.b"] } } }))).toBe(
      'Pod "web" is invalid: spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None',
    );
  });

  it("checks dnsConfig nameservers, searches (underscores allowed) and options", () => {
    const dnsConfig = {
      nameservers: ["1.1.1.1", "8.8.8.8", "9.9.9.9", "10.0.0.1x"],
      searches: ["ok.example.", "my_svc.local", "Bad..x"],
      options: [{ value: "1" }],
    };
    expect(createMessage(pod({ spec: { dnsConfig } }))).toBe(
      `Pod "web" is invalid: [spec.dnsConfig.nameservers: Invalid value: ["1.1.1.1","8.8.8.8","9.9.9.9","10.0.0.1x"]: must not have more than 3 nameservers, spec.dnsConfig.nameservers[3]: Invalid value: "10.0.0.1x": ${VALID_IP}, spec.dnsConfig.searches[2]: Invalid value: "Bad..x": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*'), spec.dnsConfig.options[0]: Required value: must not be empty]`,
    );
  });

  it("checks tolerations", () => {
    const tolerations = [
      { operator: "Equal", value: "x" },
      { key: "k", operator: "Exists", value: "v", effect: "NoExecut", tolerationSeconds: 5 },
      { key: "k", operator: "In" },
    ];
    expect(createMessage(pod({ spec: { tolerations } }))).toBe(
      'Pod "web" is invalid: [spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys", spec.tolerations[1].effect: Invalid value: "NoExecut": effect must be \'NoExecute\' when `tolerationSeconds` is set, spec.tolerations[1].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\', spec.tolerations[1].effect: Unsupported value: "NoExecut": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute", spec.tolerations[2].operator: Unsupported value: "In": supported values: "Equal", "Exists"]',
    );
  });

  it("checks the remaining pod fields in upstream's order", () => {
    const spec = {
      nodeSelector: { "disk type": "ssd" },
      hostAliases: [{ ip: "1.2.3", hostnames: ["Bad"] }],
      os: { name: "darwin" },
      activeDeadlineSeconds: 0,
      hostname: "my.host",
      serviceAccountName: "Default",
      preemptionPolicy: "Sometimes",
    };
    expect(createMessage(pod({ spec }))).toBe(
      `Pod "web" is invalid: [spec.nodeSelector: Invalid value: "disk type": ${QUALIFIED_NAME_PART}, spec.serviceAccountName: Invalid value: "Default": ${DNS1123_SUBDOMAIN}, spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive, spec.hostname: Invalid value: "my.host": must not contain dots, spec.hostAliases[0].ip: Invalid value: "1.2.3": ${VALID_IP}, spec.hostAliases[0].hostnames[0]: Invalid value: "Bad": ${DNS1123_SUBDOMAIN}, spec.preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never", spec.os: Unsupported value: "darwin": supported values: "linux", "windows"]`,
    );
  });

  it("forbids ephemeral containers on create", () => {
    expect(createMessage(pod({ spec: { ephemeralContainers: [{ name: "debug", image: "busybox" }] } }))).toBe(
      'Pod "web" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create',
    );
  });
});

describe("pod updates", () => {
  const updatable =
    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
  const old = stored(pod({ spec: { activeDeadlineSeconds: 100, tolerations: [{ key: "a", operator: "Exists" }] } }));

  it("allows changing a container image", () => {
    expect(updateMessage(merge(old, { spec: { containers: [container({ image: "nginx:1.28" })] } }), old)).toBe("");
  });

  it("forbids any other spec change with the updatable-fields message and a diff", () => {
    // The diff after the first line approximates go-cmp's (which randomises its spacing).
    expect(updateMessage(merge(old, { spec: { restartPolicy: "Never" } }), old)).toBe(
      `Pod "web" is invalid: spec: Forbidden: ${updatable}\n  core.PodSpec{\n  \t... // 4 identical fields\n- \tRestartPolicy: "Always",\n+ \tRestartPolicy: "Never",\n  \t... // 29 identical fields\n  }\n`,
    );
  });

  it("forbids adding or removing containers", () => {
    expect(updateMessage(merge(old, { spec: { containers: [container(), container({ name: "b" })] } }), old)).toBe(
      'Pod "web" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers',
    );
  });

  it("lets activeDeadlineSeconds only shrink and never be removed", () => {
    expect(updateMessage(merge(old, { spec: { activeDeadlineSeconds: 200 } }), old)).toBe(
      'Pod "web" is invalid: spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value',
    );
    expect(updateMessage(merge(old, { spec: { activeDeadlineSeconds: undefined } }), old)).toBe(
      'Pod "web" is invalid: spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value',
    );
  });

  it("allows adding tolerations but not changing existing ones", () => {
    const added = [
      { key: "a", operator: "Exists" },
      { key: "b", operator: "Exists" },
    ];
    expect(updateMessage(merge(old, { spec: { tolerations: added } }), old)).toBe("");
    expect(updateMessage(merge(old, { spec: { tolerations: [{ key: "b", operator: "Exists" }] } }), old)).toBe(
      'Pod "web" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    );
  });
});
