// Expected texts: k8s.io/kubernetes pkg/apis/apps/validation/validation.go — ValidateDeploymentSpec,
// ValidateRollingUpdateDeployment, ValidateDeploymentStrategy, ValidateReplicaSetSpec,
// ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidateRollingUpdateDaemonSet;
// pkg/registry/apps/{deployment,replicaset,daemonset}/strategy.go ValidateUpdate (selector
// immutability for apps/v1). The "Invalid value: 0" and "{"matchLabels":…}" renderings match
// v1.34 transcripts (JSON bad values since apimachinery v0.34).
import { describe, expect, it } from "vitest";
import { createMessage, daemonSet, deployment, replicaSet, stored, updateMessage } from "./fixtures.ts";
import { PERCENT, QUALIFIED_NAME_PART } from "./messages.ts";

type J = Record<string, unknown>;

/** A copy with spec[key] replaced outright (no merging). */
function withSpec(obj: J, key: string, value: unknown): J {
  const copy = structuredClone(obj);
  const spec = copy.spec as J;
  if (value === undefined) delete spec[key];
  else spec[key] = value;
  return copy;
}

describe("Deployment", () => {
  it("accepts a defaulted deployment", () => {
    expect(createMessage(deployment())).toBe("");
  });

  it("refuses negative replicas", () => {
    expect(createMessage(deployment({ spec: { replicas: -1 } }))).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it("requires a selector, and then the template labels no longer match", () => {
    expect(createMessage(withSpec(deployment(), "selector", undefined))).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`]',
    );
  });

  it("requires the selector to match the template labels", () => {
    expect(createMessage(deployment({ spec: { selector: { matchLabels: { app: "api" } } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    );
  });

  it("refuses an empty selector and one that cannot be built", () => {
    expect(createMessage(withSpec(deployment(), "selector", {}))).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    );
    const bad = { matchExpressions: [{ key: "app", operator: "Is", values: ["web"] }] };
    expect(createMessage(withSpec(deployment(), "selector", bad))).toBe(
      'Deployment.apps "web" is invalid: [spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator, spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Is","values":["web"]}]}: invalid label selector]',
    );
  });

  it("requires the template's restartPolicy to be Always", () => {
    expect(createMessage(deployment({ spec: { template: { spec: { restartPolicy: "Never" } } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    );
  });

  it("forbids activeDeadlineSeconds in the template, naming ReplicaSet as upstream does", () => {
    expect(createMessage(deployment({ spec: { template: { spec: { activeDeadlineSeconds: 10 } } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    );
  });

  it("validates the template as a pod template, labels reported at spec.template.labels", () => {
    expect(createMessage(deployment({ spec: { template: { metadata: { labels: { "bad key!": "x" } } } } }))).toBe(
      `Deployment.apps "web" is invalid: spec.template.labels: Invalid value: "bad key!": ${QUALIFIED_NAME_PART}`,
    );
    expect(createMessage(deployment({ spec: { template: { spec: { containers: [] } } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.spec.containers: Required value',
    );
  });

  it("refuses maxUnavailable 0 together with maxSurge 0", () => {
    const zero = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } };
    expect(createMessage(withSpec(deployment(), "strategy", zero))).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
    const zeroPercent = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "0%", maxSurge: 0 } };
    expect(createMessage(withSpec(deployment(), "strategy", zeroPercent))).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
    );
  });

  it("checks maxSurge and maxUnavailable as int or percent, at most 100%", () => {
    const bad = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "110%", maxSurge: "20Percent" } };
    expect(createMessage(withSpec(deployment(), "strategy", bad))).toBe(
      `Deployment.apps "web" is invalid: [spec.strategy.rollingUpdate.maxSurge: Invalid value: "20Percent": ${PERCENT}, spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%]`,
    );
    const negative = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: -1, maxSurge: 1 } };
    expect(createMessage(withSpec(deployment(), "strategy", negative))).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it("checks the strategy type, printing the internal struct", () => {
    expect(createMessage(withSpec(deployment(), "strategy", { type: "Rolling" }))).toBe(
      'Deployment.apps "web" is invalid: spec.strategy: Unsupported value: {"Type":"Rolling","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"',
    );
    expect(
      createMessage(withSpec(deployment(), "strategy", { type: "Recreate", rollingUpdate: { maxSurge: 1 } })),
    ).toBe(
      "Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    );
  });

  it("checks revisionHistoryLimit and progressDeadlineSeconds", () => {
    expect(
      createMessage(
        deployment({ spec: { revisionHistoryLimit: -1, minReadySeconds: 10, progressDeadlineSeconds: 5 } }),
      ),
    ).toBe(
      'Deployment.apps "web" is invalid: [spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0, spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds]',
    );
  });

  it("keeps the selector on update but lets replicas change", () => {
    const old = stored(deployment());
    const changed = withSpec(old, "selector", { matchLabels: { app: "x" } });
    ((changed.spec as J).template as { metadata: J }).metadata.labels = { app: "x" };
    expect(updateMessage(changed, old)).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"x"}}: field is immutable',
    );
    expect(updateMessage(withSpec(old, "replicas", 3), old)).toBe("");
  });
});

describe("ReplicaSet", () => {
  it("requires a non-empty selector (the message says deployment upstream too)", () => {
    expect(createMessage(withSpec(replicaSet(), "selector", {}))).toBe(
      'ReplicaSet.apps "web-5d9c8b7f4" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    );
    expect(createMessage(withSpec(replicaSet(), "selector", undefined))).toBe(
      'ReplicaSet.apps "web-5d9c8b7f4" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`]',
    );
  });

  it("keeps the selector on update", () => {
    const old = stored(replicaSet());
    const changed = withSpec(old, "selector", { matchLabels: { app: "web", tier: "x" } });
    ((changed.spec as J).template as { metadata: J }).metadata.labels = { app: "web", tier: "x" };
    expect(updateMessage(changed, old)).toBe(
      'ReplicaSet.apps "web-5d9c8b7f4" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable',
    );
  });
});

describe("DaemonSet", () => {
  it("matches a missing selector against nothing, without a Required error", () => {
    expect(createMessage(withSpec(daemonSet(), "selector", undefined))).toBe(
      'DaemonSet.apps "agent" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    );
    expect(createMessage(withSpec(daemonSet(), "selector", {}))).toBe(
      'DaemonSet.apps "agent" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for daemonset',
    );
  });

  it("requires exactly one of maxSurge and maxUnavailable to be non-zero", () => {
    const both = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } };
    expect(createMessage(withSpec(daemonSet(), "updateStrategy", both))).toBe(
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
    );
    const none = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } };
    expect(createMessage(withSpec(daemonSet(), "updateStrategy", none))).toBe(
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    );
  });

  it("checks the update strategy type and the template's restartPolicy", () => {
    expect(createMessage(withSpec(daemonSet(), "updateStrategy", { type: "Rolling" }))).toBe(
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy: Unsupported value: {"Type":"Rolling","RollingUpdate":null}: supported values: "RollingUpdate", "OnDelete"',
    );
    expect(createMessage(daemonSet({ spec: { template: { spec: { restartPolicy: "OnFailure" } } } }))).toBe(
      'DaemonSet.apps "agent" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    );
  });

  it("keeps the selector on update", () => {
    const old = stored(daemonSet());
    const changed = withSpec(old, "selector", { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] });
    expect(updateMessage(changed, old)).toBe(
      'DaemonSet.apps "agent" is invalid: spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"In","values":["web"]}]}: field is immutable',
    );
  });
});
