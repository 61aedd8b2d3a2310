// Expected texts: k8s.io/apimachinery pkg/util/validation/validation.go and ip.go (v0.34.9),
// pkg/api/validation/generic.go (ValidateNameFunc family), k8s.io/utils/net ParseIPSloppy.
import { describe, expect, it } from "vitest";
import { formatFieldError } from "../../../../engine/api/field.ts";
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidCIDR,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  nameIsDNSSubdomain,
  nameRules,
} from "../../../../engine/api/validation/names.ts";
import { formatQuantity, parseQuantity } from "../../../../engine/api/validation/quantity.ts";
import {
  CONFIG_KEY,
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  LABEL_VALUE,
  QUALIFIED_NAME_PART,
  VALID_CIDR,
  VALID_IP,
} from "./messages.ts";

describe("DNS names", () => {
  it("accepts lowercase RFC 1123 labels and rejects capitals with the regex message", () => {
    expect(isDNS1123Label("my-name")).toEqual([]);
    expect(isDNS1123Label("My-Name")).toEqual([DNS1123_LABEL]);
  });

  it("says a label must not contain dots when the text is a valid subdomain", () => {
    expect(isDNS1123Label("my.ns")).toEqual(["must not contain dots"]);
  });

  it("reports length over 63 and the pattern separately", () => {
    expect(isDNS1123Label(`${"a".repeat(64)}-`)).toEqual(["must be no more than 63 characters", DNS1123_LABEL]);
    expect(isDNS1123Label("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
  });

  it("limits subdomains to 253 characters", () => {
    expect(isDNS1123Subdomain("web.example.com")).toEqual([]);
    expect(isDNS1123Subdomain("a".repeat(254))).toEqual(["must be no more than 253 characters"]);
    expect(isDNS1123Subdomain("Web")).toEqual([DNS1123_SUBDOMAIN]);
  });

  it("requires a DNS-1035 label to start with a letter", () => {
    expect(isDNS1035Label("web-1")).toEqual([]);
    expect(isDNS1035Label("1web")).toEqual([DNS1035_LABEL]);
  });

  it("masks a generateName's trailing dash the way upstream does", () => {
    expect(nameIsDNSSubdomain("web-", true)).toEqual([]);
    expect(nameIsDNSSubdomain("web-", false)).toEqual([DNS1123_SUBDOMAIN]);
  });

  it("names each kind with the rule of its ValidateXName", () => {
    expect(nameRules.Service!("my.svc", false)).toEqual([DNS1035_LABEL]);
    expect(nameRules.Namespace!("my.ns", false)).toEqual(["must not contain dots"]);
    expect(nameRules.Pod!("my.pod", false)).toEqual([]);
    expect(nameRules.Deployment!("my.deploy", false)).toEqual([]);
  });
});

describe("qualified names and label values", () => {
  it("accepts prefixed keys and reports a bad prefix part", () => {
    expect(isQualifiedName("app.kubernetes.io/name")).toEqual([]);
    expect(isQualifiedName("/name")).toEqual(["prefix part must be non-empty"]);
    expect(isQualifiedName("Example.com/name")).toEqual([`prefix part ${DNS1123_SUBDOMAIN}`]);
  });

  it("reports an empty name part twice, as empty and as not matching", () => {
    expect(isQualifiedName("example.com/")).toEqual(["name part must be non-empty", QUALIFIED_NAME_PART]);
  });

  it("reports more than one slash with a single message", () => {
    expect(isQualifiedName("a/b/c")).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });

  it("accepts empty label values and rejects a trailing dash", () => {
    expect(isValidLabelValue("")).toEqual([]);
    expect(isValidLabelValue("web-")).toEqual([LABEL_VALUE]);
    expect(isValidLabelValue("x".repeat(64))).toEqual(["must be no more than 63 characters"]);
  });
});

describe("ports, keys, env names", () => {
  it("lists every IANA_SVC_NAME problem in upstream's order", () => {
    expect(isValidPortName("http")).toEqual([]);
    expect(isValidPortName("-HTTP--port-name-")).toEqual([
      "must be no more than 15 characters",
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "must not contain consecutive hyphens",
      "must not begin or end with a hyphen",
    ]);
    expect(isValidPortName("8080")).toEqual(["must contain at least one letter (a-z)"]);
  });

  it("checks config-map keys and the '..' prefixes", () => {
    expect(isConfigMapKey("game.properties")).toEqual([]);
    expect(isConfigMapKey("a b")).toEqual([CONFIG_KEY]);
    expect(isConfigMapKey("..data")).toEqual(["must not start with '..'"]);
  });

  it("accepts any printable ASCII env name but '=' (relaxed validation, GA in v1.34)", () => {
    expect(isRelaxedEnvVarName("1_MY-VAR.x")).toEqual([]);
    expect(isRelaxedEnvVarName("A=B")).toEqual([
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
  });
});

describe("IPs and CIDRs (legacy fields, StrictIPCIDRValidation off in v1.34)", () => {
  it("accepts what Go's sloppy parser reads, leading zeros and IPv6 included", () => {
    for (const ip of ["10.96.0.10", "010.096.000.010", "::1", "2001:db8::ffff", "::ffff:10.0.0.1"]) {
      expect(isValidIP("spec.externalIPs[0]", ip)).toEqual([]);
    }
  });

  it("rejects anything else with the example-bearing message", () => {
    const errs = isValidIP("spec.externalIPs[0]", "10.0.0.256");
    expect(errs.map(formatFieldError)).toEqual([`spec.externalIPs[0]: Invalid value: "10.0.0.256": ${VALID_IP}`]);
    expect(isValidIP("x", "1.2.3")).toHaveLength(1);
    expect(isValidIP("x", "fe80::1%eth0")).toHaveLength(1);
  });

  it("accepts CIDRs with host bits set and rejects a prefix too long for the family", () => {
    expect(isValidCIDR("x", "10.0.0.1/8")).toEqual([]);
    expect(isValidCIDR("x", "2001:db8::/64")).toEqual([]);
    expect(isValidCIDR("x", "10.0.0.0/33").map(formatFieldError)).toEqual([
      `x: Invalid value: "10.0.0.0/33": ${VALID_CIDR}`,
    ]);
  });
});

describe("quantities print in canonical form", () => {
  it("as Quantity.String() does", () => {
    const cases: [string, string][] = [
      ["0.5", "500m"],
      ["1000m", "1"],
      ["1500m", "1500m"],
      ["2000", "2k"],
      ["2048Mi", "2Gi"],
      ["1536Ki", "1536Ki"],
      ["512", "512"],
      ["1e3", "1e3"],
      ["-1", "-1"],
      ["0.0000000001", "1n"],
    ];
    for (const [input, out] of cases) expect(formatQuantity(parseQuantity(input)!)).toBe(out);
  });
});
