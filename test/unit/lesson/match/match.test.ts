/**
 * Expected output as lessons write it against what the terminal showed: literal lines,
 * `...`, tolerant tables, typed placeholders, captures, substitution and diffs.
 */
import { describe, expect, it } from "vitest";
import {
  type MatchResult,
  matchOutput,
  scanPlaceholders,
  substitute,
  unifiedDiff,
} from "../../../../lesson/match/index.ts";

const none: ReadonlyMap<string, string> = new Map();
const tolerant = (expected: string, actual: string, captures = none): MatchResult =>
  matchOutput(expected, actual, { mode: "tolerant", captures });
const exact = (expected: string, actual: string, captures = none): MatchResult =>
  matchOutput(expected, actual, { mode: "exact", captures });
const ok = (captures: Record<string, string> = {}) => ({ ok: true, captures: new Map(Object.entries(captures)) });

describe("literal lines", () => {
  it("matches identical output and ignores one trailing newline on either side", () => {
    expect(exact("hello\nworld", "hello\nworld\n")).toEqual(ok());
    expect(exact("hello\nworld\n", "hello\nworld")).toEqual(ok());
    expect(tolerant("", "")).toEqual(ok());
  });

  it("reports the first differing line with both texts", () => {
    expect(exact("a\nb\nc", "a\nx\nc\n")).toEqual({ ok: false, line: 2, expectedLine: "b", actualLine: "x" });
  });

  it("reports a missing line against the end of the output", () => {
    expect(exact("a\nb", "a\n")).toEqual({ ok: false, line: 2, expectedLine: "b", actualLine: "" });
  });

  it("reports extra output one line past the end of the expected text", () => {
    expect(exact("a", "a\nb\n")).toEqual({ ok: false, line: 2, expectedLine: "", actualLine: "b" });
  });

  it("keeps trailing spaces significant in exact mode and ignores them in tolerant mode", () => {
    expect(exact("a", "a  \n")).toEqual({ ok: false, line: 1, expectedLine: "a", actualLine: "a  " });
    expect(tolerant("a", "a  \n\n\n")).toEqual(ok());
  });

  it("keeps leading indentation significant outside tables", () => {
    expect(tolerant("  port: 80", "    port: 80")).toEqual({
      ok: false,
      line: 1,
      expectedLine: "  port: 80",
      actualLine: "    port: 80",
    });
  });

  it("treats regular-expression characters in expected text literally", () => {
    expect(exact("a.b (c)* [d]", "a.b (c)* [d]")).toEqual(ok());
    expect(exact("a.b", "axb")).toMatchObject({ ok: false, line: 1 });
  });
});

describe("ellipsis lines", () => {
  it("match any number of lines, none included", () => {
    expect(exact("first\n...\nlast", "first\nlast\n")).toEqual(ok());
    expect(exact("first\n...\nlast", "first\n1\n2\n3\nlast\n")).toEqual(ok());
    expect(exact("...", "")).toEqual(ok());
    expect(exact("...", "anything\nat all")).toEqual(ok());
  });

  it("match at the start and at the end", () => {
    expect(exact("...\nlast", "a\nb\nlast")).toEqual(ok());
    expect(exact("first\n...", "first\nb\nc")).toEqual(ok());
  });

  it("allow several gaps", () => {
    expect(exact("a\n...\nc\n...\ne", "a\nb\nc\nd\ne")).toEqual(ok());
  });

  it("report the line after the gap against the last output line when nothing matches it", () => {
    expect(exact("first\n...\nlast", "first\nb\nc\n")).toEqual({
      ok: false,
      line: 3,
      expectedLine: "last",
      actualLine: "c",
    });
  });

  it("stay fast with many gaps and no match", () => {
    const expected = Array.from({ length: 12 }, () => "...\nx").join("\n");
    const actual = Array.from({ length: 200 }, () => "x").join("\n");
    expect(exact(`${expected}\ny`, actual)).toMatchObject({ ok: false, expectedLine: "y" });
  });
});

describe("tolerant tables", () => {
  const actual = [
    "NAME                   READY   STATUS    RESTARTS   AGE",
    "web-7d4b9c8f5d-x2k9p   1/1     Running   0          12s",
  ].join("\n");

  it("compare rows cell by cell so column widths may differ", () => {
    expect(tolerant("NAME  READY  STATUS  RESTARTS  AGE\nweb-7d4b9c8f5d-x2k9p  1/1  Running  0  12s", actual)).toEqual(
      ok(),
    );
  });

  it("fail a row whose cell differs and name the line", () => {
    expect(tolerant("NAME  READY  STATUS  RESTARTS  AGE\n{{pod:web}}  0/1  Running  0  {{age}}", actual)).toEqual({
      ok: false,
      line: 2,
      expectedLine: "{{pod:web}}  0/1  Running  0  {{age}}",
      actualLine: "web-7d4b9c8f5d-x2k9p   1/1     Running   0          12s",
    });
  });

  it("fail a row with a different number of cells", () => {
    expect(tolerant("a  b  c", "a  b")).toMatchObject({ ok: false, line: 1 });
  });

  it("compare widths exactly in exact mode", () => {
    expect(exact("NAME  READY", "NAME   READY")).toMatchObject({ ok: false, line: 1 });
  });

  it("let a trailing any cell take the rest of the row", () => {
    const events =
      "LAST SEEN   TYPE     REASON      OBJECT    MESSAGE\n5s          Normal   Scheduled   pod/web   Successfully  assigned";
    expect(
      tolerant("LAST SEEN  TYPE  REASON  OBJECT  MESSAGE\n{{age}}  Normal  Scheduled  pod/web  {{any}}", events),
    ).toEqual(ok());
  });

  it("read kubectl describe's two-column lines as rows", () => {
    expect(
      tolerant("Name:  web\nIP:  {{cluster-ip}}", "Name:              web\nIP:                10.96.12.7\n"),
    ).toEqual(ok());
  });
});

describe("typed placeholders", () => {
  const cases: [string, string[], string[]][] = [
    ["ip", ["10.0.0.1", "255.255.255.255", "172.18.0.2"], ["256.1.1.1", "10.0.0", "a.b.c.d"]],
    ["cluster-ip", ["10.96.0.1", "10.96.255.254", "None"], ["10.97.0.1", "10.244.0.5", "none"]],
    ["pod-ip", ["10.244.1.5", "10.244.0.0"], ["10.96.1.5", "10.245.0.1"]],
    ["node-ip", ["172.18.0.2", "172.18.255.3"], ["172.19.0.2", "10.244.0.1"]],
    ["node-port", ["30000", "31234", "32767"], ["29999", "32768", "8080"]],
    ["port", ["1", "80", "8080", "65535"], ["0", "65536", "080", "http"]],
    [
      "age",
      ["5s", "119s", "2m5s", "7m", "3h12m", "10h", "2d3h", "45d", "2y100d", "9y", "<invalid>"],
      ["5", "s5", "1h2s", "2 m", "-3s"],
    ],
    ["hash", ["7d4b9c8f5d", "abc123"], ["ABC", "a-b", ""]],
    ["number", ["0", "42", "-3", "1.5"], ["1e3", "4.", "x"]],
    ["any", ["", "anything at all"], []],
    [
      "pod:web",
      ["web-7d4b9c8f5d-x2k9p", "web-x2k9p", "web-5-bcdfg"],
      ["web", "web-1", "api-x2k9p", "web-7d4b9c8f5d-X2K9P"],
    ],
  ];
  for (const [type, good, bad] of cases)
    it(`match what {{${type}}} stands for and nothing else`, () => {
      for (const value of good) expect(exact(`<{{${type}}}>`, `<${value}>`), value).toEqual(ok());
      for (const value of bad) expect(exact(`<{{${type}}}>`, `<${value}>`), value).toMatchObject({ ok: false });
    });

  it("match inside longer text and across several on one line", () => {
    expect(
      exact(
        "web   ClusterIP   {{cluster-ip}}   <none>   {{port}}/TCP   {{age}}",
        "web   ClusterIP   10.96.8.1   <none>   80/TCP   3m",
      ),
    ).toEqual(ok());
    expect(
      exact("Server:\t\t{{cluster-ip}}\nAddress:\t{{cluster-ip}}:53", "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53"),
    ).toEqual(ok());
  });

  it("leave unknown names and Go templates as literal text", () => {
    expect(exact("{{.metadata.name}} {{end}} {{cluster_ip}}", "{{.metadata.name}} {{end}} {{cluster_ip}}")).toEqual(
      ok(),
    );
    expect(exact("{{nope}}", "10.96.0.1")).toMatchObject({ ok: false });
  });
});

describe("captures", () => {
  it("capture a typed value under a name", () => {
    expect(tolerant("IP: {{cluster-ip:WEB_IP}}", "IP: 10.96.4.4")).toEqual(ok({ WEB_IP: "10.96.4.4" }));
    expect(tolerant("{{pod:web:POD}}  1/1", "web-x2k9p   1/1")).toEqual(ok({ POD: "web-x2k9p" }));
  });

  it("require a later reuse to print the same value, on the same line or a later one", () => {
    expect(exact("{{ip:A}} -> {{A}}", "10.0.0.1 -> 10.0.0.1")).toEqual(ok({ A: "10.0.0.1" }));
    expect(exact("{{ip:A}} -> {{A}}", "10.0.0.1 -> 10.0.0.2")).toMatchObject({ ok: false, line: 1 });
    expect(exact("{{ip:A}}\n{{A}}", "10.0.0.1\n10.0.0.1")).toEqual(ok({ A: "10.0.0.1" }));
  });

  it("reuse captures from earlier commands and keep them in the result", () => {
    const before = new Map([["WEB_IP", "10.96.4.4"]]);
    expect(tolerant("Address: {{WEB_IP}}", "Address: 10.96.4.4", before)).toEqual(ok({ WEB_IP: "10.96.4.4" }));
    expect(tolerant("Address: {{WEB_IP}}", "Address: 10.96.4.5", before)).toEqual({
      ok: false,
      line: 1,
      expectedLine: "Address: {{WEB_IP}}",
      actualLine: "Address: 10.96.4.5",
    });
  });

  it("replace an earlier value when the same name is captured again", () => {
    const before = new Map([["WEB_IP", "10.96.4.4"]]);
    expect(tolerant("{{cluster-ip:WEB_IP}}", "10.96.9.9", before)).toEqual(ok({ WEB_IP: "10.96.9.9" }));
  });

  it("escape a captured value that holds regular-expression characters", () => {
    const before = new Map([["X", "a.b*"]]);
    expect(exact("{{X}}", "a.b*", before)).toEqual(ok({ X: "a.b*" }));
    expect(exact("{{X}}", "axbb", before)).toMatchObject({ ok: false });
  });

  it("do not leak captures from a failed attempt at an ellipsis", () => {
    expect(exact("...\n{{ip:A}} ok\n...", "10.0.0.1 no\n10.0.0.2 ok\n10.0.0.3 no")).toEqual(ok({ A: "10.0.0.2" }));
  });
});

describe("substitute", () => {
  const captures = new Map([
    ["WEB_IP", "10.96.4.4"],
    ["POD", "web-x2k9p"],
  ]);

  it("put captured values into a command", () => {
    expect(substitute("curl -s http://{{WEB_IP}}/ && kubectl logs {{ POD }}", captures)).toEqual({
      ok: true,
      text: "curl -s http://10.96.4.4/ && kubectl logs web-x2k9p",
    });
  });

  it("report an upper-case name nothing captured", () => {
    expect(substitute("curl {{WEB_IP}} {{OTHER}}", captures)).toEqual({ ok: false, missing: "OTHER" });
  });

  it("leave Go templates alone", () => {
    const t = `kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`;
    expect(substitute(t, captures)).toEqual({ ok: true, text: t });
  });
});

describe("unifiedDiff", () => {
  it("labels the sides expected and actual", () => {
    expect(unifiedDiff("a\nb", "a\nc\n")).toBe("--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
  });

  it("has no hunks for equal texts", () => {
    expect(unifiedDiff("a", "a\n")).toBe("--- expected\n+++ actual\n");
  });
});

describe("scanPlaceholders", () => {
  it("lists placeholders and literal braces with their offsets", () => {
    expect(scanPlaceholders("{{ip:A}} {{A}} {{bogus}} {{pod:web}}")).toEqual([
      { index: 0, raw: "{{ip:A}}", placeholder: { kind: "typed", type: "ip", capture: "A" } },
      { index: 9, raw: "{{A}}", placeholder: { kind: "reuse", name: "A" } },
      { index: 15, raw: "{{bogus}}", placeholder: undefined },
      { index: 25, raw: "{{pod:web}}", placeholder: { kind: "typed", type: "pod", arg: "web" } },
    ]);
  });
});
