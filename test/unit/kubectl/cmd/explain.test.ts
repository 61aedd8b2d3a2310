import { describe, expect, it } from "vitest";
import { wrapString } from "../../../../engine/kubectl/cmd/explain.ts";
import { kubectl, newCluster, shown } from "./helpers.ts";

describe("kubectl explain", () => {
  it("wraps at white space as go-wordwrap does, letting a long word overflow", () => {
    expect(wrapString("aaa bbb ccc", 7)).toBe("aaa bbb\nccc");
    expect(wrapString("a verylongwordthatoverflows b", 5)).toBe("a\nverylongwordthatoverflows\nb");
    expect(wrapString("one\n\ntwo", 76)).toBe("one\n\ntwo");
    expect(wrapString("x  y", 3)).toBe("x\ny");
  });

  it("prints KIND, VERSION and the resource's description and fields", async () => {
    const r = await kubectl(newCluster(), "explain pods");
    expect(r.stdout).toMatch(
      /^KIND: {7}Pod\nVERSION: {4}v1\n\nDESCRIPTION:\n {4}Pod is a collection of containers that can run on a host\. This resource is\n {4}created by clients and scheduled onto hosts\.\n {4}\nFIELDS:\n {2}apiVersion\t<string>\n/,
    );
    expect(r.stdout).toContain("\n  spec\t<PodSpec>\n");
    expect(r.stdout.endsWith("\n\n\n")).toBe(true);
  });

  it("prints GROUP for a grouped resource and FIELD for a field path", async () => {
    const r = await kubectl(newCluster(), "explain deploy.spec.replicas");
    expect(
      r.stdout.startsWith(
        "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n",
      ),
    ).toBe(true);
  });

  it("follows arrays and names required fields", async () => {
    const r = await kubectl(newCluster(), "explain svc.spec.ports");
    expect(r.stdout).toContain("FIELD: ports <[]ServicePort>\n");
    expect(r.stdout).toContain(
      "\n  port\t<integer> -required-\n    The port that will be exposed by this service.\n\n",
    );
    expect(r.stdout).toContain("\n  targetPort\t<IntOrString>\n");
  });

  it("lists nested fields one per line with --recursive", async () => {
    const r = await kubectl(newCluster(), "explain svc.spec --recursive");
    expect(r.stdout).toContain("\n  ports\t<[]ServicePort>\n    appProtocol\t<string>\n");
  });

  it("names the last path element when a field does not exist", async () => {
    const c = newCluster();
    expect(shown(await kubectl(c, "explain svc.spec.nope.deeper"))).toBe('error: field "deeper" does not exist\n');
    expect(shown(await kubectl(c, "explain nope"))).toBe('error: the server doesn\'t have a resource type "nope"\n');
  });
});
