/**
 * Strict decoding as the v1.34 API server reports it (engine/api/decode.ts).
 *
 * Where the texts come from:
 * - `<Kind> in version "<v>" cannot be handled as a <Kind>: …` and `the object provided is
 *   unrecognized (must be of type <Kind>): … (<summary>)`: k8s.io/apiserver
 *   pkg/endpoints/handlers/rest.go, transformDecodeError and summarizeData.
 * - `strict decoding error: a, b`: k8s.io/apimachinery pkg/runtime/error.go, strictDecodingError.
 * - `unknown field "p"` / `duplicate field "p"`, the path format, the 100-error cap and the
 *   deduplication: sigs.k8s.io/json internal/golang/encoding/json/kubernetes_patch.go.
 * - `json: cannot unmarshal …` (UnmarshalTypeError) and which error wins: the same package's
 *   decode.go (saveError keeps the first; an UnmarshalJSON error returns at once).
 * - apiVersion/kind checks: k8s.io/apimachinery pkg/runtime/serializer/json/meta.go, Interpret.
 * - Syntax and depth errors: encoding/json scanner.go.
 * - Quantity: k8s.io/apimachinery pkg/api/resource/quantity.go; IntOrString: pkg/util/intstr;
 *   Time/MicroTime: pkg/apis/meta/v1/time.go, micro_time.go with Go's time.Parse; base64: Go's
 *   encoding/base64.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeJson, decodeObject, MAX_DEPTH, MAX_STRICT_ERRORS } from "../../../engine/api/decode.ts";
import type { ResourceInfo } from "../../../engine/api/resources.ts";
import { resourceForKind } from "../../../engine/api/resources.ts";
import type { Result } from "../../../engine/api/status.ts";

const kind = (k: string): ResourceInfo => resourceForKind(k)!;
const Service = kind("Service");
const Pod = kind("Pod");
const Deployment = kind("Deployment");
const ConfigMap = kind("ConfigMap");
const Event = kind("Event");

function message(r: Result<unknown>): string {
  if (r.ok) throw new Error(`expected an error, decoded ${JSON.stringify(r.value)}`);
  return r.status.message;
}

function value(r: Result<unknown>): unknown {
  if (!r.ok) throw new Error(`expected success, got: ${r.status.message}`);
  return r.value;
}

const service = (spec: unknown, metadata: unknown = { name: "web" }) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata,
  spec,
});
const pod = (spec: unknown, metadata: unknown = { name: "p" }) => ({ apiVersion: "v1", kind: "Pod", metadata, spec });
const deployment = (spec: unknown, metadata: unknown = { name: "web" }) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata,
  spec,
});
const container = (extra: Record<string, unknown>) => ({ name: "c", image: "nginx", ...extra });

const SVC = 'Service in version "v1" cannot be handled as a Service: ';
const POD = 'Pod in version "v1" cannot be handled as a Pod: ';
const DEPLOY = 'Deployment in version "v1" cannot be handled as a Deployment: ';

describe("strict decoding: unknown fields", () => {
  it("fails with 400 BadRequest naming a misspelt field inside a list element by its indexed path", () => {
    // rest.go transformDecodeError; kubernetes_patch.go strictError ("unknown field %q").
    const r = decodeObject(service({ ports: [{ port: 80, targetport: 8080 }] }), Service);
    expect(r).toEqual({
      ok: false,
      status: {
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        message: `${SVC}strict decoding error: unknown field "spec.ports[0].targetport"`,
        reason: "BadRequest",
        code: 400,
      },
    });
  });

  it("reports an unknown field in metadata", () => {
    // kubernetes_patch.go: the path is the parent's path, ".", and the key.
    const r = decodeObject(service({ ports: [{ port: 80 }] }, { name: "web", lables: { app: "web" } }), Service);
    expect(message(r)).toBe(`${SVC}strict decoding error: unknown field "metadata.lables"`);
  });

  it("reports an unknown top-level field by its bare name", () => {
    // kubernetes_patch.go newFieldError: no leading dot when the path is empty.
    const r = decodeObject({ ...service({}), specs: {} }, Service);
    expect(message(r)).toBe(`${SVC}strict decoding error: unknown field "specs"`);
  });

  it("reports unknown fields deep inside a Deployment's pod template", () => {
    // kubernetes_patch.go appendStrictFieldStackIndex: list indices as [i].
    const r = decodeObject(
      deployment({
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [container({}), container({ name: "d", ports: [{ containerport: 80 }] })] },
        },
      }),
      Deployment,
    );
    expect(message(r)).toBe(
      `${DEPLOY}strict decoding error: unknown field "spec.template.spec.containers[1].ports[0].containerport"`,
    );
  });

  it("lists several unknown fields in the order kubectl sends them: keys sorted at every level", () => {
    // error.go strictDecodingError joins with ", "; kubectl's body is json.Marshal of a map (sorted keys).
    const r = decodeObject(
      service({ selectr: { app: "web" }, ports: [{ port: 80, targetport: 8080 }] }, { name: "web", lables: {} }),
      Service,
    );
    expect(message(r)).toBe(
      `${SVC}strict decoding error: unknown field "metadata.lables", unknown field "spec.ports[0].targetport", unknown field "spec.selectr"`,
    );
  });

  it("lists unknown fields of raw JSON in document order", () => {
    // decode.go walks the body as written.
    const r = decodeJson(
      '{"apiVersion":"v1","kind":"Service","spec":{"selectr":{}},"metadata":{"lables":{}}}',
      Service,
    );
    expect(message(r)).toBe(
      `${SVC}strict decoding error: unknown field "spec.selectr", unknown field "metadata.lables"`,
    );
  });

  it("matches field names case-sensitively", () => {
    // json.go UnmarshalStrict sets CaseSensitive; Interpret still reads "Kind" (encoding/json folds case).
    const r = decodeObject({ ...service({ ports: [{ port: 80 }] }), Kind: "Service", Metadata: {} }, Service);
    expect(message(r)).toBe(`${SVC}strict decoding error: unknown field "Kind", unknown field "Metadata"`);
  });

  it("does not look inside the value of an unknown field", () => {
    // decode.go: an unknown key's value is skipped (d.value of an invalid reflect.Value).
    const r = decodeObject(service({ extra: { ports: [{ whatever: 1 }] } }), Service);
    expect(message(r)).toBe(`${SVC}strict decoding error: unknown field "spec.extra"`);
  });

  it("accepts anything inside managedFields' fieldsV1, which upstream keeps as raw JSON", () => {
    // meta/v1 helpers.go FieldsV1.UnmarshalJSON stores the bytes.
    const meta = { name: "web", managedFields: [{ manager: "kubectl", fieldsV1: { "f:spec": { "f:anything": {} } } }] };
    expect(value(decodeObject(service({}, meta), Service))).toEqual(service({}, meta));
  });

  it(`stops collecting strict errors at ${MAX_STRICT_ERRORS}`, () => {
    // kubernetes_patch.go saveStrictError: "prevent excessive numbers of accumulated errors".
    const extra = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x${String(i).padStart(3, "0")}`, i]));
    const expected = Array.from({ length: 100 }, (_, i) => `unknown field "x${String(i).padStart(3, "0")}"`);
    expect(message(decodeObject({ ...service({}), ...extra }, Service))).toBe(
      `${SVC}strict decoding error: ${expected.join(", ")}`,
    );
  });

  it("reports an unknown key that appears twice in raw JSON once", () => {
    // kubernetes_patch.go saveStrictError: "dedupe accumulated strict errors".
    const r = decodeJson('{"apiVersion":"v1","kind":"Service","foo":1,"foo":2}', Service);
    expect(message(r)).toBe(`${SVC}strict decoding error: unknown field "foo"`);
  });
});

describe("strict decoding: duplicate fields in raw JSON", () => {
  it("reports a field given twice", () => {
    // decode.go checkDuplicateField; kubernetes_patch.go "duplicate field %q".
    const r = decodeJson('{"apiVersion":"v1","kind":"Service","metadata":{"name":"a","name":"b"}}', Service);
    expect(message(r)).toBe(`${SVC}strict decoding error: duplicate field "metadata.name"`);
  });

  it("reports a map key given twice", () => {
    // decode.go: maps check their keys too, and the key joins the path.
    const r = decodeJson('{"apiVersion":"v1","kind":"Service","metadata":{"labels":{"app":"a","app":"b"}}}', Service);
    expect(message(r)).toBe(`${SVC}strict decoding error: duplicate field "metadata.labels.app"`);
  });

  it("interleaves duplicate and unknown fields in the order they are met", () => {
    // Both kinds share one list, in decode order (kubernetes_patch.go savedStrictErrors).
    const r = decodeJson(
      '{"kind":"Service","apiVersion":"v1","spec":{"x":1},"spec":{"x":2},"kind":"Service"}',
      Service,
    );
    expect(message(r)).toBe(
      `${SVC}strict decoding error: unknown field "spec.x", duplicate field "spec", duplicate field "kind"`,
    );
  });
});

describe("type mismatches", () => {
  it("reports a string where an int32 belongs, naming the struct and the field path without indices", () => {
    // encoding/json UnmarshalTypeError.Error; decode.go addErrorContext (Struct name, FieldStack).
    const r = decodeObject(service({ ports: [{ port: "80" }] }), Service);
    expect(message(r)).toBe(
      `${SVC}json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`,
    );
  });

  it("reports a number as a label value, without the map key in the path", () => {
    // decode.go object(): map keys do not join errorContext.FieldStack.
    const r = decodeObject(deployment({}, { name: "web", labels: { version: 2 } }), Deployment);
    expect(message(r)).toBe(
      `${DEPLOY}json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`,
    );
  });

  it("reports a boolean environment variable value", () => {
    // decode.go literalStore: a bool into a string field is UnmarshalTypeError{Value: "bool"}.
    const r = decodeObject(pod({ containers: [container({ env: [{ name: "DEBUG", value: true }] })] }), Pod);
    expect(message(r)).toBe(
      `${POD}json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string`,
    );
  });

  it("reports a number inside a list of strings with the list's element type", () => {
    // decode.go array(): list indices do not join errorContext.FieldStack.
    const r = decodeObject(pod({ containers: [container({ args: ["--port", 8080] })] }), Pod);
    expect(message(r)).toBe(
      `${POD}json: cannot unmarshal number into Go struct field Container.spec.containers.args of type string`,
    );
  });

  it("reports an object where a list belongs", () => {
    // decode.go object(): UnmarshalTypeError{Value: "object", Type: []v1.ServicePort}.
    const r = decodeObject(service({ ports: { port: 80 } }), Service);
    expect(message(r)).toBe(
      `${SVC}json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort`,
    );
  });

  it("reports a list where an object belongs", () => {
    // decode.go array(): UnmarshalTypeError{Value: "array", Type: v1.ServiceSpec}.
    const r = decodeObject(service([{ port: 80 }]), Service);
    expect(message(r)).toBe(
      `${SVC}json: cannot unmarshal array into Go struct field Service.spec of type v1.ServiceSpec`,
    );
  });

  it("reports a scalar list element where an object belongs, in the context of the list's field", () => {
    // decode.go literalStore into a struct element; the context is still ServiceSpec.ports.
    const r = decodeObject(service({ ports: [80] }), Service);
    expect(message(r)).toBe(
      `${SVC}json: cannot unmarshal number into Go struct field ServiceSpec.spec.ports of type v1.ServicePort`,
    );
  });

  it("names Go's named string and map types", () => {
    // k8s.io/api core/v1: Protocol, Capability, ResourceList.
    expect(message(decodeObject(service({ ports: [{ port: 80, protocol: 6 }] }), Service))).toBe(
      `${SVC}json: cannot unmarshal number into Go struct field ServicePort.spec.ports.protocol of type v1.Protocol`,
    );
    const caps = container({ securityContext: { capabilities: { add: [7] } } });
    expect(message(decodeObject(pod({ containers: [caps] }), Pod))).toBe(
      `${POD}json: cannot unmarshal number into Go struct field Capabilities.spec.containers.securityContext.capabilities.add of type v1.Capability`,
    );
    const limits = container({ resources: { limits: "1" } });
    expect(message(decodeObject(pod({ containers: [limits] }), Pod))).toBe(
      `${POD}json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList`,
    );
  });

  it("shows the number when it is not an integer or does not fit", () => {
    // decode.go literalStore: Value "number " + literal for integer kinds.
    expect(message(decodeObject(deployment({ replicas: 1.5 }), Deployment))).toBe(
      `${DEPLOY}json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32`,
    );
    expect(message(decodeObject(service({ ports: [{ port: 99999999999 }] }), Service))).toBe(
      `${SVC}json: cannot unmarshal number 99999999999 into Go struct field ServicePort.spec.ports.port of type int32`,
    );
  });

  it("accepts int64 values beyond int32 where Go uses int64", () => {
    // k8s.io/api core/v1: TerminationGracePeriodSeconds *int64.
    const r = decodeObject(pod({ terminationGracePeriodSeconds: 2 ** 40, containers: [container({})] }), Pod);
    expect(value(r)).toEqual(pod({ terminationGracePeriodSeconds: 2 ** 40, containers: [container({})] }));
  });

  it("keeps only the first type mismatch, in body order", () => {
    // decode.go saveError: "saves the first err it is called with". nodePort sorts before port.
    const r = decodeObject(service({ ports: [{ port: "80", nodePort: "x" }] }), Service);
    expect(message(r)).toBe(
      `${SVC}json: cannot unmarshal string into Go struct field ServicePort.spec.ports.nodePort of type int32`,
    );
  });

  it("reports a type mismatch instead of the strict errors found alongside it", () => {
    // json.go Serializer.unmarshal: a non-strict error is fatal and the strict errors are dropped.
    const r = decodeObject(service({ ports: [{ port: "80" }] }, { name: "web", lables: {} }), Service);
    expect(message(r)).toBe(
      `${SVC}json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`,
    );
  });

  it("reports an IntOrString that is neither, as encoding/json's int32 error in the field's context", () => {
    // intstr.go UnmarshalJSON falls back to json.Unmarshal into an int32; decode.go adds the context.
    expect(message(decodeObject(service({ ports: [{ port: 80, targetPort: true }] }), Service))).toBe(
      `${SVC}json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32`,
    );
    expect(message(decodeObject(service({ ports: [{ port: 80, targetPort: 80.5 }] }), Service))).toBe(
      `${SVC}json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.targetPort of type int32`,
    );
    const strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: {} } };
    expect(message(decodeObject(deployment({ strategy }), Deployment))).toBe(
      `${DEPLOY}json: cannot unmarshal object into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32`,
    );
  });

  it("lets an error from a type's own decoding win over an earlier type mismatch", () => {
    // decode.go unmarshal: an error returned by d.value (UnmarshalJSON) comes before d.savedError.
    const bad = container({ resources: { limits: { cpu: "lots" } } });
    const r = decodeObject(pod({ containers: [bad] }, { name: "p", labels: { tier: 1 } }), Pod);
    expect(message(r)).toBe(
      `${POD}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });
});

describe("quantities, times and bytes", () => {
  const limits = (cpu: unknown) =>
    decodeObject(pod({ containers: [container({ resources: { limits: { cpu } } })] }), Pod);

  it("accepts quantity strings and bare numbers, keeping numbers as their text", () => {
    // quantity.go UnmarshalJSON strips the quotes, if any, and parses the rest.
    const r = decodeObject(
      pod({ containers: [container({ resources: { requests: { cpu: 0.5, memory: "64Mi" }, limits: { cpu: 1 } } })] }),
      Pod,
    );
    expect(value(r)).toEqual(
      pod({
        containers: [container({ resources: { requests: { cpu: "0.5", memory: "64Mi" }, limits: { cpu: "1" } } })],
      }),
    );
  });

  it("rejects malformed quantities with ParseQuantity's three errors", () => {
    // quantity.go ErrFormatWrong, ErrSuffix, ErrNumeric.
    const format = `${POD}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
    expect(message(limits("1Gb"))).toBe(format);
    expect(message(limits(""))).toBe(format);
    expect(message(limits(true))).toBe(format);
    expect(message(limits("1K"))).toBe(`${POD}unable to parse quantity's suffix`);
    expect(message(limits("Ei"))).toBe(`${POD}unable to parse numeric part of quantity`);
  });

  it("accepts RFC 3339 times, with or without a fraction or an offset", () => {
    // time.go Time.UnmarshalJSON: time.Parse(time.RFC3339, …) takes an unasked-for fraction too.
    for (const t of ["2024-01-01T00:00:00Z", "2024-01-01T09:00:00.5+09:00", "2024-02-29T23:59:59-01:30"]) {
      expect(value(decodeObject(service({}, { name: "web", creationTimestamp: t }), Service))).toEqual(
        service({}, { name: "web", creationTimestamp: t }),
      );
    }
  });

  it("rejects malformed times with time.Parse's errors", () => {
    // Go time/format.go: ParseError.Error and the range checks of parse.
    const at = (t: unknown) => message(decodeObject(service({}, { name: "web", creationTimestamp: t }), Service));
    expect(at("2024-13-01T00:00:00Z")).toBe(`${SVC}parsing time "2024-13-01T00:00:00Z": month out of range`);
    expect(at("2024-02-30T00:00:00Z")).toBe(`${SVC}parsing time "2024-02-30T00:00:00Z": day out of range`);
    expect(at("yesterday")).toBe(
      `${SVC}parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`,
    );
    expect(at("2024-01-01")).toBe(
      `${SVC}parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"`,
    );
    expect(at("2024-01-01T00:00:00")).toBe(
      `${SVC}parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"`,
    );
    expect(at("2024-01-01T00:00:00Zjunk")).toBe(`${SVC}parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"`);
    expect(at("é")).toBe(
      `${SVC}parsing time "\\xc3\\xa9" as "2006-01-02T15:04:05Z07:00": cannot parse "\\xc3\\xa9" as "2006"`,
    );
  });

  it("reports a non-string time as encoding/json's string error in the field's context", () => {
    // time.go Time.UnmarshalJSON: json.Unmarshal into a string first.
    const r = decodeObject(service({}, { name: "web", creationTimestamp: 1700000000 }), Service);
    expect(message(r)).toBe(
      `${SVC}json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string`,
    );
  });

  it("requires an Event's eventTime to carry exactly six fractional digits", () => {
    // micro_time.go: time.Parse with RFC3339Micro "2006-01-02T15:04:05.000000Z07:00".
    const event = (eventTime: string) => ({ apiVersion: "v1", kind: "Event", metadata: { name: "e" }, eventTime });
    expect(message(decodeObject(event("2024-01-01T00:00:00Z"), Event))).toBe(
      'Event in version "v1" cannot be handled as a Event: parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
    expect(value(decodeObject(event("2024-01-01T00:00:00.123456Z"), Event))).toEqual(
      event("2024-01-01T00:00:00.123456Z"),
    );
  });

  it("checks ConfigMap binaryData as base64", () => {
    // encoding/base64 CorruptInputError; decode.go saves it as it is (no field context).
    const cm = (binaryData: unknown) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, binaryData });
    expect(message(decodeObject(cm({ key: "abc$" }), ConfigMap))).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 3',
    );
    expect(message(decodeObject(cm({ key: 5 }), ConfigMap))).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.binaryData of type []uint8',
    );
    expect(value(decodeObject(cm({ key: "aGk=" }), ConfigMap))).toEqual(cm({ key: "aGk=" }));
  });
});

describe("nulls", () => {
  it("treats null fields as absent", () => {
    // encoding/json: null leaves a value alone, or sets a pointer, map or slice to nil.
    const r = decodeObject(
      { ...service(null, { name: "web", labels: null, creationTimestamp: null }), status: null },
      Service,
    );
    expect(value(r)).toEqual({ apiVersion: "v1", kind: "Service", metadata: { name: "web" } });
  });

  it("stores the zero value for null list elements and map values", () => {
    // decode.go: a null element leaves the fresh zero element / map value in place.
    const r = decodeObject(
      service({ ports: [null], clusterIPs: [null] }, { name: "web", labels: { a: null } }),
      Service,
    );
    expect(value(r)).toEqual(service({ ports: [{}], clusterIPs: [""] }, { name: "web", labels: { a: "" } }));
  });

  it("accepts null for IntOrString, quantity and time fields", () => {
    // intstr.go, quantity.go, time.go: UnmarshalJSON("null") is a no-op.
    const r = decodeObject(pod({ containers: [container({ resources: { limits: { cpu: null } } })] }), Pod);
    expect(value(r)).toEqual(pod({ containers: [container({ resources: { limits: { cpu: "0" } } })] }));
    expect(value(decodeObject(service({ ports: [{ port: 80, targetPort: null }] }), Service))).toEqual(
      service({ ports: [{ port: 80 }] }),
    );
  });

  it("decodes a null body into an empty object", () => {
    // Interpret accepts null; UnmarshalStrict of null into the object does nothing.
    expect(value(decodeObject(null, Service))).toEqual({});
    expect(value(decodeJson(" null ", Service))).toEqual({});
  });
});

describe("apiVersion and kind", () => {
  it("uses the endpoint's version and kind when the body has none", () => {
    // json.go gvkWithDefaults.
    const r = decodeObject({ metadata: { name: "web", lables: {} } }, Deployment);
    expect(message(r)).toBe(`${DEPLOY}strict decoding error: unknown field "metadata.lables"`);
  });

  it("reports a non-string kind as an unrecognized object, with the start of the body", () => {
    // meta.go Interpret; rest.go summarizeData (first 30 bytes, then " ...").
    const r = decodeObject({ apiVersion: "v1", kind: 5, metadata: { name: "web" } }, Service);
    expect(message(r)).toBe(
      'the object provided is unrecognized (must be of type Service): couldn\'t get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string ({"apiVersion":"v1","kind":5,"m ...)',
    );
  });

  it("reports a body that is not an object, summarised in hex", () => {
    // reflect's name for Interpret's anonymous struct; summarizeData hex-encodes non-objects.
    expect(message(decodeObject([], Service))).toBe(
      'the object provided is unrecognized (must be of type Service): couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (5b5d0a)',
    );
  });

  it("reports an apiVersion with more than one slash", () => {
    // apimachinery schema.ParseGroupVersion.
    const r = decodeObject({ apiVersion: "apps/v1/x", kind: "Deployment" }, Deployment);
    expect(message(r)).toBe(
      'the object provided is unrecognized (must be of type Deployment): unexpected GroupVersion string: apps/v1/x ({"apiVersion":"apps/v1/x","kin ...)',
    );
  });
});

describe("raw JSON syntax", () => {
  const syntax = (text: string) => message(decodeJson(text, Service));
  const prefix =
    "the object provided is unrecognized (must be of type Service): couldn't get version/kind; json parse error: ";

  it("reports encoding/json's scanner errors with the start of the body", () => {
    // scanner.go: "invalid character %s %s" and "unexpected end of JSON input".
    expect(syntax('{"apiVersion":"v1",}')).toBe(
      `${prefix}invalid character '}' looking for beginning of object key string ({"apiVersion":"v1",})`,
    );
    expect(syntax('{"a" 1}')).toBe(`${prefix}invalid character '1' after object key ({"a" 1})`);
    expect(syntax('{"a":1 "b":2}')).toBe(`${prefix}invalid character '"' after object key:value pair ({"a":1 "b":2})`);
    expect(syntax('{"a":01}')).toBe(`${prefix}invalid character '1' after object key:value pair ({"a":01})`);
    expect(syntax('{"a":tru}')).toBe(`${prefix}invalid character '}' in literal true (expecting 'e') ({"a":tru})`);
    expect(syntax('{"a":-}')).toBe(`${prefix}invalid character '}' in numeric literal ({"a":-})`);
    expect(syntax('{"a":"\\q"}')).toBe(`${prefix}invalid character 'q' in string escape code ({"a":"\\q"})`);
    expect(syntax('{"a":1} x')).toBe(`${prefix}invalid character 'x' after top-level value ({"a":1} x)`);
    expect(syntax("[1,2")).toBe(`${prefix}unexpected end of JSON input (5b312c32)`);
    expect(syntax("")).toBe(`${prefix}unexpected end of JSON input (<empty>)`);
  });
});

describe("nesting depth", () => {
  const nested = (depth: number): unknown => {
    let v: unknown = {};
    for (let i = 1; i < depth; i++) v = { a: v };
    return v;
  };

  it(`rejects bodies nested deeper than ${MAX_DEPTH} levels as encoding/json does`, () => {
    // scanner.go maxNestingDepth = 10000, error "exceeded max depth".
    const r = decodeObject({ apiVersion: "v1", kind: "Service", x: nested(MAX_DEPTH) }, Service);
    expect(message(r)).toBe(
      'the object provided is unrecognized (must be of type Service): couldn\'t get version/kind; json parse error: invalid character \'{\' exceeded max depth ({"apiVersion":"v1","kind":"Ser ...)',
    );
    expect(message(decodeJson("[".repeat(MAX_DEPTH + 1), Service))).toBe(
      `the object provided is unrecognized (must be of type Service): couldn't get version/kind; json parse error: invalid character '[' exceeded max depth (${"5b".repeat(30)} ...)`,
    );
  });

  it("accepts nesting right at the limit", () => {
    // scanner.go pushParseState: an error only when the depth exceeds maxNestingDepth.
    const r = decodeObject({ apiVersion: "v1", kind: "Service", x: nested(MAX_DEPTH - 1) }, Service);
    expect(message(r)).toBe(`${SVC}strict decoding error: unknown field "x"`);
  });

  it("reports a cyclic value as too deep instead of looping", () => {
    // A cycle serialises without end, so it meets scanner.go's depth error first.
    const cyclic: Record<string, unknown> = { apiVersion: "v1", kind: "Service" };
    cyclic.spec = cyclic;
    expect(message(decodeObject(cyclic, Service))).toBe(
      'the object provided is unrecognized (must be of type Service): couldn\'t get version/kind; json parse error: invalid character \'{\' exceeded max depth ({"apiVersion":"v1","kind":"Ser ...)',
    );
  });
});

describe("junk input", () => {
  it("drops what JSON cannot carry, as kubectl's encoder would", () => {
    // Not upstream text: JSON.stringify's rules stand in for the serialisation kubectl does.
    const r = decodeObject(
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", labels: undefined, creationTimestamp: new Date(0) },
        spec: { ports: [{ port: 80n, nodePort: Number.NaN }], selector: () => 1 },
      },
      Service,
    );
    expect(value(r)).toEqual(
      service({ ports: [{ port: 80 }] }, { name: "web", creationTimestamp: "1970-01-01T00:00:00.000Z" }),
    );
  });

  it("keeps a __proto__ label as a plain key", () => {
    // Not upstream: a JavaScript hazard; for Go it is an ordinary map key.
    const labels = JSON.parse('{"__proto__":"x"}') as Record<string, unknown>;
    const decoded = value(decodeObject(service({}, { name: "web", labels }), Service)) as {
      metadata: { labels: Record<string, unknown> };
    };
    expect(Object.keys(decoded.metadata.labels)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(decoded.metadata.labels)).toBe(Object.prototype);
  });

  it("returns an InternalError instead of throwing when reading the value throws", () => {
    // Not upstream text: our own last resort (decode.ts guarded).
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("boom");
        },
      },
    );
    expect(decodeObject(hostile, Service)).toEqual({
      ok: false,
      status: {
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        message: "the request body could not be read: boom",
        reason: "InternalError",
        code: 500,
      },
    });
  });

  it("never throws, whatever the value or the text", () => {
    // A property test; no upstream text involved.
    const kinds = [Service, Pod, Deployment, ConfigMap, Event];
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withNullPrototype: true }), fc.nat(4), (v, k) => {
        const r = decodeObject(v, kinds[k]!);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), fc.nat(4), (text, k) => {
        const r = decodeJson(text, kinds[k]!);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });

  it("decodes a well-formed object to an equal one", () => {
    // json.go: a clean strict decode returns the object and no error.
    const svc = service(
      {
        type: "NodePort",
        selector: { app: "web" },
        ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
      },
      { name: "web", namespace: "default", labels: { app: "web" }, annotations: { note: "x" } },
    );
    expect(value(decodeObject(svc, Service))).toEqual(svc);
    expect(value(decodeJson(JSON.stringify(svc), Service))).toEqual(svc);
  });
});
