import { describe, expect, it } from "vitest";
import { filterWards, type WardChoice } from "../../../app/components/intake/ward-filter";

// Real names of Đà Nẵng (units import --province 48): current wards and the pre-2025 wards merged into them.
const WARDS: WardChoice[] = [
  { code: "20242", name: "Phường Hải Châu", formerNames: ["Phường Hải Châu I", "Phường Hải Châu II", "Phường Thạch Thang"] },
  { code: "20200", name: "Phường Hòa Khánh", formerNames: ["Phường Hòa Khánh Nam", "Phường Hòa Minh"] },
  { code: "20194", name: "Phường Liên Chiểu", formerNames: ["Phường Hòa Khánh Bắc", "Phường Hòa Hiệp Bắc"] },
  { code: "20275", name: "Phường An Hải", formerNames: ["Phường An Hải Bắc", "Phường An Hải Đông", "Phường Phước Mỹ"] },
];

const found = (query: string) => filterWards(WARDS, query).map((m) => [m.ward.name, m.former]);

describe("filterWards", () => {
  it("finds current names with or without marks, the unit word optional", () => {
    expect(found("hoa khanh")).toEqual([["Phường Hòa Khánh", null], ["Phường Liên Chiểu", "Phường Hòa Khánh Bắc"]]);
    expect(found("Phường Hải Châu")).toEqual([["Phường Hải Châu", null]]);
  });

  it("finds a ward by a name it had before July 2025, saying which", () => {
    expect(found("thach thang")).toEqual([["Phường Hải Châu", "Phường Thạch Thang"]]);
    expect(found("phuoc my")).toEqual([["Phường An Hải", "Phường Phước Mỹ"]]);
  });

  it("reads numbered old wards both ways", () => {
    expect(found("hai chau 1")).toEqual([["Phường Hải Châu", "Phường Hải Châu I"]]);
    expect(found("Hải Châu II")).toEqual([["Phường Hải Châu", "Phường Hải Châu II"]]);
  });

  it("puts current names before former ones, and lists a ward once", () => {
    expect(found("an hai")).toEqual([["Phường An Hải", null]]);
    expect(found("hoa").map(([name]) => name)).toEqual(["Phường Hòa Khánh", "Phường Liên Chiểu"]);
  });

  it("lists everything for an empty query and nothing for a name that is nowhere", () => {
    expect(found("  ")).toHaveLength(4);
    expect(found("ba dinh")).toEqual([]);
  });
});
