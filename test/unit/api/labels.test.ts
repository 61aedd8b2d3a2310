/**
 * Label selectors. Every expected text below was produced by k8s.io/apimachinery v0.34.0
 * (labels.Parse, Selector.String, labels.FormatLabels and metav1.LabelSelectorAsSelector)
 * run on the same input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  everything,
  formatLabelSelector,
  formatLabels,
  labelSelectorAsSelector,
  matches,
  nothing,
  parseSelector,
  selectorFromSet,
  selectorString,
} from "../../../engine/api/labels.ts";
import { isQualifiedName, isValidLabelValue } from "../../../engine/api/validation/names.ts";

const nameRule =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRule =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe("parsing a label selector string", () => {
  it("reads every operator into a requirement with its values", () => {
    expect(parseSelector("app=web,tier!=db,env in (prod,dev),track notin (canary),gpu,!legacy,rank>1,age<9")).toEqual({
      ok: true,
      value: {
        nothing: false,
        requirements: [
          { key: "age", operator: "lt", values: ["9"] },
          { key: "app", operator: "=", values: ["web"] },
          { key: "env", operator: "in", values: ["dev", "prod"] },
          { key: "gpu", operator: "exists", values: [] },
          { key: "legacy", operator: "!", values: [] },
          { key: "rank", operator: "gt", values: ["1"] },
          { key: "tier", operator: "!=", values: ["db"] },
          { key: "track", operator: "notin", values: ["canary"] },
        ],
      },
    });
  });

  it("treats the empty string and blanks alone as the selector that selects everything", () => {
    expect(parseSelector("")).toEqual({ ok: true, value: everything });
    expect(parseSelector("  \t")).toEqual({ ok: true, value: everything });
  });

  it.each([
    ["app=web", "app=web"],
    ["app==web", "app==web"],
    ["app!=web", "app!=web"],
    ["app in (web,api)", "app in (api,web)"],
    ["app notin (web)", "app notin (web)"],
    ["app", "app"],
    ["!app", "!app"],
    ["tier=backend,app=web", "app=web,tier=backend"],
    [" app = web , tier in ( a , b ) ", "app=web,tier in (a,b)"],
    ["app\tin\n(web)", "app in (web)"],
    ["app in (web,,api)", "app in (,api,web)"],
    ["app in ()", "app in ()"],
    ["app in (,)", "app in ()"],
    ["app in (web,)", "app in (,web)"],
    ["app=", "app="],
    ["app==", "app=="],
    ["app>1", "app>1"],
    ["app<1", "app<1"],
    ["app=Web_1.x", "app=Web_1.x"],
    ["in in (in,notin)", "in in (in,notin)"],
    ["app=web\u0000,tier=x", "app=web,tier=x"],
  ])("prints %j back in canonical form as %j", (input, canonical) => {
    const parsed = parseSelector(input);
    expect(parsed.ok && selectorString(parsed.value)).toBe(canonical);
  });

  it.each([
    ["app=web,", "found '', expected: identifier after ','"],
    [",app", "found ',', expected: !, identifier, or 'end of string'"],
    ["a,,b", "found ',', expected: identifier after ','"],
    ["!=x", "found '!=', expected: !, identifier, or 'end of string'"],
    ["app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ["app in web", "unable to parse requirement: found 'web' expected: '('"],
    ["app in (web", "unable to parse requirement: found '', expected: ',' or ')'"],
    ["app in (web api)", "unable to parse requirement: found 'api', expected: ',' or ')'"],
    ["app in (web,,)", "unable to parse requirement: found ')', expected: ',', or identifier"],
    ["app in (Bad!,ok)", "unable to parse requirement: found '!', expected: ',' or ')'"],
    ["!app=web", "found '=', expected: ',' or 'end of string'"],
    ["app=web=x", "found '=', expected: ',' or 'end of string'"],
    ["app=web foo", "found 'foo', expected: ',' or 'end of string'"],
    ["app=(web)", "unable to parse requirement: found '(', expected: identifier"],
    ["!", "unable to parse requirement: found '', expected: identifier"],
    [
      "app>x",
      `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ["Foo@=x", `unable to parse requirement: <nil>: Invalid value: "Foo@": name part ${nameRule}`],
    [
      "a/b/c=x",
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${nameRule} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    ["/app=x", `unable to parse requirement: <nil>: Invalid value: "/app": prefix part must be non-empty`],
    [
      "example.com/=x",
      `unable to parse requirement: <nil>: Invalid value: "example.com/": name part must be non-empty; name part ${nameRule}`,
    ],
    [
      `app=${"v".repeat(64)}`,
      `unable to parse requirement: values[0][app]: Invalid value: "${"v".repeat(64)}": must be no more than 63 characters`,
    ],
    ["app=-a", `unable to parse requirement: values[0][app]: Invalid value: "-a": ${valueRule}`],
    [
      "app in (-a,-b)",
      `unable to parse requirement: [values[0][app]: Invalid value: "-a": ${valueRule}, values[1][app]: Invalid value: "-b": ${valueRule}]`,
    ],
  ])("rejects %j with the API server's message", (input, error) => {
    expect(parseSelector(input)).toEqual({ ok: false, error });
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab=!(),<> \t\0in-_./A9é"), maxLength: 30 }), (input) => {
        const parsed = parseSelector(input);
        expect(typeof parsed.ok).toBe("boolean");
      }),
    );
  });
});

describe("matching labels", () => {
  const pod = { app: "web", env: "prod", rank: "5" };

  it.each([
    ["app=web", true],
    ["app==api", false],
    ["app!=api", true],
    ["missing!=x", true],
    ["env in (prod,dev)", true],
    ["env notin (prod)", false],
    ["missing notin (x)", true],
    ["app", true],
    ["!app", false],
    ["!missing", true],
    ["rank>4", true],
    ["rank<5", false],
    ["app>1", false],
    ["app=web,env=dev", false],
    ["", true],
  ])("evaluates %j against app=web,env=prod,rank=5 as %s", (input, expected) => {
    const parsed = parseSelector(input);
    expect(parsed.ok && matches(parsed.value, pod)).toBe(expected);
  });

  it("matches every object with the empty selector and none with the nil one", () => {
    expect(matches(everything, undefined)).toBe(true);
    expect(matches(nothing, { app: "web" })).toBe(false);
  });

  it("builds an equality selector from a Service-style map", () => {
    const s = selectorFromSet({ tier: "backend", app: "web" });
    expect(selectorString(s)).toBe("app=web,tier=backend");
    expect(matches(s, { app: "web", tier: "backend", extra: "x" })).toBe(true);
    expect(matches(s, { app: "web" })).toBe(false);
  });
});

describe("converting a metav1.LabelSelector", () => {
  it("turns a nil selector into one that matches nothing and prints as empty", () => {
    expect(labelSelectorAsSelector(undefined)).toEqual({ ok: true, value: nothing });
    expect(labelSelectorAsSelector(null)).toEqual({ ok: true, value: nothing });
  });

  it("turns an empty selector into one that matches everything", () => {
    expect(labelSelectorAsSelector({})).toEqual({ ok: true, value: everything });
    expect(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] })).toEqual({ ok: true, value: everything });
  });

  it("merges matchLabels and matchExpressions into requirements sorted by key", () => {
    const s = labelSelectorAsSelector({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod", "dev"] },
        { key: "track", operator: "NotIn", values: ["canary"] },
        { key: "gpu", operator: "Exists" },
        { key: "legacy", operator: "DoesNotExist" },
      ],
    });
    expect(s).toEqual({
      ok: true,
      value: {
        nothing: false,
        requirements: [
          { key: "app", operator: "=", values: ["web"] },
          { key: "env", operator: "in", values: ["prod", "dev"] },
          { key: "gpu", operator: "exists", values: [] },
          { key: "legacy", operator: "!", values: [] },
          { key: "track", operator: "notin", values: ["canary"] },
        ],
      },
    });
    expect(s.ok && selectorString(s.value)).toBe("app=web,env in (dev,prod),gpu,!legacy,track notin (canary)");
  });

  it("sorts but keeps duplicate In values when printing", () => {
    const s = labelSelectorAsSelector({ matchExpressions: [{ key: "env", operator: "In", values: ["b", "a", "a"] }] });
    expect(s.ok && selectorString(s.value)).toBe("env in (a,a,b)");
  });

  it.each([
    [
      "an In without values",
      { matchExpressions: [{ key: "env", operator: "In" }] },
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      "an In with an empty list",
      { matchExpressions: [{ key: "env", operator: "In", values: [] }] },
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      "an Exists with values",
      { matchExpressions: [{ key: "env", operator: "Exists", values: ["x"] }] },
      `values: Invalid value: ["x"]: values set must be empty for exists and does not exist`,
    ],
    [
      "an unknown operator",
      { matchExpressions: [{ key: "env", operator: "Equals", values: ["x"] }] },
      `"Equals" is not a valid label selector operator`,
    ],
    [
      "an invalid matchLabels key",
      { matchLabels: { "Bad@": "x" } },
      `key: Invalid value: "Bad@": name part ${nameRule}`,
    ],
    [
      "an invalid matchLabels value",
      { matchLabels: { app: "-x" } },
      `values[0][app]: Invalid value: "-x": ${valueRule}`,
    ],
    [
      "a bad key and a bad value together",
      { matchExpressions: [{ key: "Bad@", operator: "In", values: ["-x", "ok"] }] },
      `[key: Invalid value: "Bad@": name part ${nameRule}, values[0][Bad@]: Invalid value: "-x": ${valueRule}]`,
    ],
  ])("reports %s with upstream's message", (_what, selector, error) => {
    expect(labelSelectorAsSelector(selector)).toEqual({ ok: false, error });
  });
});

describe("formatting labels and selectors for tables", () => {
  it("prints label maps as sorted k=v pairs, and <none> when empty", () => {
    expect(formatLabels({ tier: "backend", app: "web" })).toBe("app=web,tier=backend");
    expect(formatLabels({ a: "2", "a.b": "1" })).toBe("a.b=1,a=2");
    expect(formatLabels({})).toBe("<none>");
    expect(formatLabels(undefined)).toBe("<none>");
  });

  it("prints label selectors as kubectl's SELECTOR and POD-SELECTOR cells do", () => {
    expect(formatLabelSelector({ matchLabels: { app: "web" } })).toBe("app=web");
    expect(formatLabelSelector({ matchExpressions: [{ key: "app", operator: "In", values: ["b", "a"] }] })).toBe(
      "app in (a,b)",
    );
    expect(formatLabelSelector({ matchExpressions: [{ key: "x", operator: "DoesNotExist" }] })).toBe("!x");
    expect(formatLabelSelector({})).toBe("<none>");
    expect(formatLabelSelector(undefined)).toBe("<none>");
    expect(formatLabelSelector({ matchExpressions: [{ key: "x", operator: "In" }] })).toBe("<error>");
  });
});

describe("validating label keys and values", () => {
  it("accepts prefixed keys and lists every problem of a bad one", () => {
    expect(isQualifiedName("app.kubernetes.io/name")).toEqual([]);
    expect(isQualifiedName("Example.com/x")).toEqual([
      "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(isQualifiedName("")).toEqual(["name part must be non-empty", `name part ${nameRule}`]);
  });

  it("measures value length in bytes, as Go does", () => {
    expect(isValidLabelValue("é".repeat(32))).toEqual(["must be no more than 63 characters", valueRule]);
    expect(isValidLabelValue("")).toEqual([]);
  });
});
