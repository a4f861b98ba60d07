import { describe, expect, it } from "vitest";
import { canMove, closeRefusal, isOpen, OPEN_STATUSES, TIP_STATUSES } from "../../../domain/tip-lifecycle";

describe("the tip lifecycle", () => {
  it("counts routed, in progress and waiting for the tipster as open", () => {
    expect(TIP_STATUSES.filter(isOpen)).toEqual(["routed", "in_progress", "waiting_tipster"]);
    expect(OPEN_STATUSES).toEqual(["routed", "in_progress", "waiting_tipster"]);
  });

  it("lets only the pipeline move a received tip, to routed", () => {
    expect(TIP_STATUSES.filter((to) => canMove("received", to))).toEqual(["routed"]);
  });

  it("lets an open tip move to any open status and to closed, and never back to received", () => {
    for (const from of OPEN_STATUSES) {
      expect(TIP_STATUSES.filter((to) => canMove(from, to)), from).toEqual(["routed", "in_progress", "waiting_tipster", "closed"]);
    }
  });

  it("keeps a closed tip closed", () => {
    expect(TIP_STATUSES.filter((to) => canMove("closed", to))).toEqual([]);
  });

  it("closes only an open tip whose value is decided", () => {
    expect(closeRefusal({ status: "in_progress", valuable: null })).toBe("decideValueFirst");
    expect(closeRefusal({ status: "in_progress", valuable: 0 })).toBeNull();
    expect(closeRefusal({ status: "waiting_tipster", valuable: true })).toBeNull();
    expect(closeRefusal({ status: "routed", valuable: 1 })).toBeNull();
    expect(closeRefusal({ status: "closed", valuable: 1 })).toBe("notOpen");
    expect(closeRefusal({ status: "received", valuable: null })).toBe("notOpen");
  });
});
