import { describe, expect, it } from "vitest";
import { formatTable } from "../../../../engine/kubectl/printers/index.ts";

describe("formatTable", () => {
  it("pads every column but the last to the widest cell plus three spaces", () => {
    expect(
      formatTable([
        ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
        ["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "10m"],
        ["web-np", "NodePort", "10.96.45.201", "<none>", "80:30080/TCP", "5s"],
      ]),
    ).toBe(
      "NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE\n" +
        "kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP        10m\n" +
        "web-np       NodePort    10.96.45.201   <none>        80:30080/TCP   5s\n",
    );
  });

  it("makes a column at least six wide even when every cell is short", () => {
    expect(
      formatTable([
        ["A", "B"],
        ["c", "d"],
      ]),
    ).toBe("A     B\nc     d\n");
  });

  it("counts runes, not UTF-16 units or bytes, as Go's tabwriter does", () => {
    expect(
      formatTable([
        ["이름", "나이"],
        ["웹서버-파드", "5s"],
        ["😀x", "1m"],
      ]),
    ).toBe("이름       나이\n웹서버-파드   5s\n😀x       1m\n");
  });

  it("aligns a column only over the block of consecutive lines that have it", () => {
    // The middle line has no tab-terminated cell, so it splits column 0 into two blocks.
    expect(formatTable([["wide-cell-here", "b"], ["only"], ["x", "y"]])).toBe("wide-cell-here   b\nonly\nx     y\n");
  });

  it("keeps the padding of a cell followed by an empty last cell, like Go", () => {
    expect(
      formatTable([
        ["NAME", "APP"],
        ["web", ""],
      ]),
    ).toBe("NAME   APP\nweb    \n");
  });
});
