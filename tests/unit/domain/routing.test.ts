import { describe, expect, it } from "vitest";
import { homeProvinceOf, NoOwnerError, PROVINCE_CODES, routeTip, type RoutingPlaces, type RoutingRule } from "../../../domain/routing";

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

/** Đà Nẵng and Hà Nội imported; the deployment serves Đà Nẵng. */
const places: RoutingPlaces = { provinceUnits: new Set(["01", "48"]), homeProvinces: ["48"] };

describe("routeTip", () => {
  it("sends a tip to its ward's own unit by default", () => {
    expect(routeTip({ wardCode: "20275", provinceCode: "48", category: "theft" }, rules, places)).toEqual({
      unitCode: "20275",
      copies: [],
      reason: "the police of ward 20275, where it happened",
      because: { code: "ward-police", params: { ward: "20275" } },
    });
  });

  it("routes a category to a special unit by province rule", () => {
    const decision = routeTip({ wardCode: "20275", provinceCode: "48", category: "cybercrime" }, rules, places);
    expect(decision.unitCode).toBe("48-CYBER");
    expect(decision.reason).toBe("cybercrime tips in province 48 go to unit 48-CYBER");
    expect(decision.because).toEqual({ code: "routing-rule", params: { category: "cybercrime", province: "48", unit: "48-CYBER" } });
  });

  it("adds each for-information copy once, never to the owner", () => {
    const drugs = routeTip({ wardCode: "20275", provinceCode: "48", category: "drugs" }, rules, places);
    expect(drugs).toMatchObject({ unitCode: "20275", copies: ["48-PC04"] });
    expect(drugs.reason).toMatch(/copied for information to 48-PC04$/);
    expect(routeTip({ wardCode: "20275", provinceCode: "48", category: "fraud" }, rules, places).copies).toEqual([]);
  });

  it("lets the first route rule win when several match", () => {
    expect(routeTip({ wardCode: "20275", provinceCode: "48", category: "fraud" }, rules, places).unitCode).toBe("48-CYBER");
  });

  it("ignores inactive rules and other provinces' rules", () => {
    expect(routeTip({ wardCode: "20275", provinceCode: "48", category: "trafficking" }, rules, places).unitCode).toBe("20275");
    expect(routeTip({ wardCode: "00070", provinceCode: "01", category: "cybercrime" }, rules, places).unitCode).toBe("00070");
  });

  it("falls back to the province triage queue without a ward", () => {
    expect(routeTip({ wardCode: null, provinceCode: "48", category: "theft" }, rules, places)).toEqual({
      unitCode: "48",
      copies: [],
      reason: "no ward could be determined; province 48 triage queue",
      because: { code: "province-triage", params: { province: "48" } },
    });
  });

  it("applies a province's category rule even without a ward", () => {
    expect(routeTip({ wardCode: null, provinceCode: "48", category: "cybercrime" }, rules, places).unitCode).toBe("48-CYBER");
  });

  it("sends a tip that names no province to the home province's duty desk, never to no unit", () => {
    const decision = routeTip({ wardCode: null, provinceCode: null, category: "theft" }, rules, places);
    expect(decision).toEqual({
      unitCode: "48", copies: [], reason: "no province named; home province 48 triage queue",
      because: { code: "home-province", params: { province: "48" } },
    });
    // And the home province's rules apply to it.
    expect(routeTip({ wardCode: null, provinceCode: null, category: "cybercrime" }, rules, places).unitCode).toBe("48-CYBER");
  });

  it("takes the province the text names first, then the form's", () => {
    expect(routeTip({ wardCode: null, provinceCode: "01", formProvinceCode: "48", category: "theft" }, rules, places).unitCode).toBe("01");
    const form = routeTip({ wardCode: null, provinceCode: null, formProvinceCode: "01", category: "theft" }, rules, places);
    expect(form).toMatchObject({ unitCode: "01", because: { code: "form-province", params: { province: "01" } } });
  });

  it("sends a tip naming a province this deployment has not imported to the home province, and says so", () => {
    const decision = routeTip({ wardCode: null, provinceCode: "79", category: "theft" }, rules, places);
    expect(decision).toMatchObject({ unitCode: "48", because: { code: "province-not-served", params: { named: "79", province: "48" } } });
  });

  it("without HOME_PROVINCES, uses the single or lowest-coded imported province; with nothing imported, refuses", () => {
    expect(homeProvinceOf({ provinceUnits: new Set(["48"]), homeProvinces: [] })).toBe("48");
    expect(homeProvinceOf({ provinceUnits: new Set(["48", "01"]), homeProvinces: [] })).toBe("01");
    expect(() => homeProvinceOf({ provinceUnits: new Set(), homeProvinces: [] })).toThrow(NoOwnerError);
    expect(() => routeTip({ wardCode: null, provinceCode: null, category: "theft" }, rules, { provinceUnits: new Set(["01"]), homeProvinces: ["48"] }))
      .toThrow(/home province 48 is not imported/);
  });

  it("knows the 34 provinces of 2025", () => {
    expect(PROVINCE_CODES).toHaveLength(34);
    expect(new Set(PROVINCE_CODES).size).toBe(34);
  });
});
