/**
 * API-server validation per kind, as the registry strategies of k8s.io/kubernetes run it
 * (Validate on create, ValidateUpdate on update). Objects arrive decoded and defaulted.
 *
 * validateUpdate also runs the generic registry's common checks first (rest.BeforeUpdate's
 * validateCommonFields), as upstream does. Both helpers drop repeated messages, as upstream's
 * Status message does (field.ErrorList.ToAggregate), so the Invalid error reads the same.
 */
import type { FieldError } from "../field.ts";
import { formatFieldError } from "../field.ts";
import { resourceForKind } from "../resources.ts";
import {
  validateDaemonSetCreate,
  validateDaemonSetUpdate,
  validateDeploymentCreate,
  validateDeploymentUpdate,
  validateReplicaSetCreate,
  validateReplicaSetUpdate,
} from "./apps.ts";
import { validateConfigMap, validateConfigMapUpdate } from "./configmap.ts";
import { validateEndpoints, validateEndpointsUpdate } from "./endpoints.ts";
import { validateEndpointSliceCreate, validateEndpointSliceUpdate } from "./endpointslice.ts";
import { validateCommonUpdate, validateObjectMeta, validateObjectMetaUpdate } from "./meta.ts";
import { nameIsDNSSubdomain } from "./names.ts";
import { validateNamespace, validateNamespaceUpdate } from "./namespace.ts";
import { validateNetworkPolicyCreate, validateNetworkPolicyUpdate } from "./networkpolicy.ts";
import { validatePodCreate, validatePodUpdate } from "./pod.ts";
import { validateService, validateServiceUpdate } from "./service.ts";
import { dedupe, rec } from "./util.ts";

export interface Validator {
  readonly create: (obj: unknown) => FieldError[];
  readonly update: (obj: unknown, old: unknown) => FieldError[];
}

/** Kinds validated on metadata alone (ServiceAccount: ValidateServiceAccount; Node: the ObjectMeta part of ValidateNode). */
function metadataOnly(namespaced: boolean): Validator {
  return {
    create: (obj) => validateObjectMeta(rec(obj).metadata, namespaced, nameIsDNSSubdomain),
    update: (obj, old) => [
      ...validateObjectMetaUpdate(rec(obj).metadata, rec(old).metadata),
      ...validateObjectMeta(rec(obj).metadata, namespaced, nameIsDNSSubdomain),
    ],
  };
}

export const validators: Readonly<Record<string, Validator>> = {
  Namespace: { create: validateNamespace, update: validateNamespaceUpdate },
  ConfigMap: { create: validateConfigMap, update: validateConfigMapUpdate },
  Pod: { create: validatePodCreate, update: validatePodUpdate },
  Service: { create: validateService, update: validateServiceUpdate },
  Endpoints: { create: validateEndpoints, update: validateEndpointsUpdate },
  EndpointSlice: { create: validateEndpointSliceCreate, update: validateEndpointSliceUpdate },
  NetworkPolicy: { create: validateNetworkPolicyCreate, update: validateNetworkPolicyUpdate },
  Deployment: { create: validateDeploymentCreate, update: validateDeploymentUpdate },
  ReplicaSet: { create: validateReplicaSetCreate, update: validateReplicaSetUpdate },
  DaemonSet: { create: validateDaemonSetCreate, update: validateDaemonSetUpdate },
  ServiceAccount: metadataOnly(true),
  Node: {
    create: (obj) => validateObjectMeta(rec(obj).metadata, false, nameIsDNSSubdomain),
    update: (obj, old) => validateObjectMetaUpdate(rec(obj).metadata, rec(old).metadata),
  },
};

/** Errors for creating `obj` of `kind`; [] for kinds without a validator. */
export function validateCreate(kind: string, obj: unknown): FieldError[] {
  const v = validators[kind];
  return v ? dedupe(v.create(obj), formatFieldError) : [];
}

/** Errors for replacing `old` with `obj`: the registry's common checks, then the kind's own. */
export function validateUpdate(kind: string, obj: unknown, old: unknown): FieldError[] {
  const v = validators[kind];
  const namespaced = resourceForKind(kind)?.namespaced ?? true;
  const common = validateCommonUpdate(obj, old, namespaced);
  return dedupe([...common, ...(v ? v.update(obj, old) : [])], formatFieldError);
}

export type { NameFn } from "./names.ts";
export {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidCIDR,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  nameRules,
} from "./names.ts";
