/** Go text/tabwriter as describe configures it (minwidth 0, padding 2, spaces). */
import { describe, expect, it } from "vitest";
import { TabWriter } from "../../../../engine/kubectl/describe/index.ts";

function format(text: string): string {
  const tw = new TabWriter({ minwidth: 0, padding: 2, padchar: " " });
  tw.write(text);
  return tw.finish();
}

describe("the describe tabwriter", () => {
  it("aligns a column at the widest cell plus two spaces and leaves the last cell unpadded", () => {
    expect(format("Name:\tweb\nNamespace:\tdefault\n")).toBe("Name:       web\nNamespace:  default\n");
  });

  it("pads an empty cell before the line's end, leaving trailing spaces as Go does", () => {
    expect(format("Name:\text\nIP:\t\n")).toBe("Name:  ext\nIP:    \n");
  });

  it("aligns a column only across consecutive lines that have it, so a one-cell line splits the blocks", () => {
    expect(format("A:\t1\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/x\n")).toBe(
      "A:  1\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/x\n",
    );
  });

  it("aligns a second column only within its own run of three-cell lines", () => {
    expect(format("Port:\thttp\t80/TCP\nTargetPort:\t8080/TCP\nPort:\thttps\t443/TCP\n")).toBe(
      "Port:        http  80/TCP\nTargetPort:  8080/TCP\nPort:        https  443/TCP\n",
    );
  });

  it("never lets later lines widen lines before an explicit flush", () => {
    const tw = new TabWriter({ minwidth: 0, padding: 2, padchar: " " });
    tw.write("A:\t1\n");
    tw.flush();
    tw.write("Longer:\t2\n");
    expect(tw.finish()).toBe("A:  1\nLonger:  2\n");
  });

  it("counts code points, not UTF-16 units, as Go counts runes", () => {
    expect(format("이름:\tx\nab:\ty\n")).toBe("이름:  x\nab:  y\n");
  });
});
