import { describe, expect, it } from "vitest";
import { routeTip, type RoutingRule } from "../../../domain/routing";

const rules: RoutingRule[] = [
  { provinceCode: "48", category: "cybercrime", unitCode: "48-CYBER", mode: "route", active: true },
  { provinceCode: "48", category: "drugs", unitCode: "48-PC04", mode: "copy", active: true },
  { provinceCode: "48", category: "drugs", unitCode: "48-PC04", mode: "copy", active: true },
  { provinceCode: "48", category: "trafficking", unitCode: "48-PC02", mode: "route", active: false },
  { provinceCode: "01", category: "fraud", unitCode: "01-CYBER", mode: "route", active: true },
  { provinceCode: "48", category: "fraud", unitCode: "48-CYBER", mode: "route", active: true },
  { provinceCode: "48", category: "fraud", unitCode: "48-CYBER", mode: "copy", active: true },
  { provinceCode: "48", category: "fraud", unitCode: "48-PC03", mode: "route", active: true },
];

describe("routeTip", () => {
  it("sends a tip to its ward's own unit by default", () => {
    expect(routeTip({ wardCode: "20275", provinceCode: "48", category: "theft" }, rules)).toEqual({
      unitCode: "20275",
      copies: [],
      reason: "the police of ward 20275, where it happened",
      because: { code: "ward-police", params: { ward: "20275" } },
    });
  });

  it("routes a category to a special unit by province rule", () => {
    const decision = routeTip({ wardCode: "20275", provinceCode: "48", category: "cybercrime" }, rules);
    expect(decision.unitCode).toBe("48-CYBER");
    expect(decision.reason).toBe("cybercrime tips in province 48 go to unit 48-CYBER");
    expect(decision.because).toEqual({ code: "routing-rule", params: { category: "cybercrime", province: "48", unit: "48-CYBER" } });
  });

  it("adds each for-information copy once, never to the owner", () => {
    const drugs = routeTip({ wardCode: "20275", provinceCode: "48", category: "drugs" }, rules);
    expect(drugs).toMatchObject({ unitCode: "20275", copies: ["48-PC04"] });
    expect(drugs.reason).toMatch(/copied for information to 48-PC04$/);
    expect(routeTip({ wardCode: "20275", provinceCode: "48", category: "fraud" }, rules).copies).toEqual([]);
  });

  it("lets the first route rule win when several match", () => {
    expect(routeTip({ wardCode: "20275", provinceCode: "48", category: "fraud" }, rules).unitCode).toBe("48-CYBER");
  });

  it("ignores inactive rules and other provinces' rules", () => {
    expect(routeTip({ wardCode: "20275", provinceCode: "48", category: "trafficking" }, rules).unitCode).toBe("20275");
    expect(routeTip({ wardCode: "00070", provinceCode: "01", category: "cybercrime" }, rules).unitCode).toBe("00070");
  });

  it("falls back to the province triage queue without a ward", () => {
    expect(routeTip({ wardCode: null, provinceCode: "48", category: "theft" }, rules)).toEqual({
      unitCode: "48",
      copies: [],
      reason: "no ward could be determined; province 48 triage queue",
      because: { code: "province-triage", params: { province: "48" } },
    });
  });

  it("applies a province's category rule even without a ward", () => {
    expect(routeTip({ wardCode: null, provinceCode: "48", category: "cybercrime" }, rules).unitCode).toBe("48-CYBER");
  });

  it("leaves the tip unrouted when nothing is known", () => {
    const decision = routeTip({ wardCode: null, provinceCode: null, category: "cybercrime" }, rules);
    expect(decision).toMatchObject({ unitCode: null, copies: [] });
    expect(decision.reason).toMatch(/manual routing/);
    expect(decision.because).toEqual({ code: "unplaceable" });
  });
});
