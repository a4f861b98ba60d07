import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAddressResolver, streetPart, type Gazetteer } from "../../../domain/address";
import { addressLike } from "../../setup/domain-arbitraries";
import { reference } from "../../setup/domain-reference";

const resolver = createAddressResolver(reference.gazetteer);
const wardOf = (address: string) => resolver.resolve(address).wardCode;

describe("current ward names", () => {
  it("resolves a current ward behind house numbers and street noise", () => {
    const result = resolver.resolve("Kiệt 78 đường Hồ Nghinh, phường An Hải, thành phố Đà Nẵng");
    expect(result).toMatchObject({ wardCode: "20275", method: "address", candidates: ["20275"] });
    expect(result.confidence).toBeGreaterThan(0.9);
    expect(result.reason).toContain("An Hải");
  });

  it.each([
    ["Quán cà phê trên đường Cách Mạng Tháng Tám, P.Cẩm Lệ, Đà Nẵng", "20260"],
    ["Đường Nguyễn Lương Bằng, P. Liên Chiểu, Đà Nẵng", "20197"],
    ["Khu vực chợ phiên sâm, xã Trà Linh, TP Đà Nẵng", "20950"],
    ["Đường Hồ Chí Minh đoạn qua xã Thạnh Mỹ, Đà Nẵng", "20695"],
    ["Tổ 5, Hòa Khánh, Đà Nẵng", "20200"],
    ["123 Lê Lợi - Hải Châu - Đà Nẵng", "20242"],
  ])("understands abbreviations and separators: %s", (address, code) => {
    expect(wardOf(address)).toBe(code);
  });

  it("forgives a misplaced mark in the unit word but not a different word", () => {
    expect(resolver.resolve("phuờng Hòa Khánh Nam, quận Liên Chiểu").confidence).toBeGreaterThan(0.85);
    // "quán" (a shop) is not "quận": the bare name after it is only a weak guess.
    expect(resolver.resolve("Quán Hòa Khánh").confidence).toBeLessThan(0.7);
  });

  it("prefers the longest name at a position (Hội An Tây, not Hội An)", () => {
    expect(wardOf("Cánh đồng ven đường vào làng gốm Thanh Hà, phường Hội An Tây, TP Đà Nẵng")).toBe("20401");
  });

  it("treats street and landmark names as noise, even when they name a unit", () => {
    expect(wardOf("Đường Núi Thành, phường Hòa Cường, Đà Nẵng")).toBe("20257");
    expect(resolver.resolve("Bán đảo Sơn Trà").wardCode).toBeNull();
  });
});

describe("pre-2025 names through the official mappings", () => {
  it("maps an old ward with its old district and province", () => {
    const result = resolver.resolve("xã Duy Châu, huyện Duy Xuyên, Quảng Nam");
    expect(result).toMatchObject({ wardCode: "20611", method: "old-address" });
    expect(result.reason).toBe("old ward 'Duy Châu' (Duy Xuyên) → 20611");
    expect(result.because).toEqual({ code: "old-ward", params: { oldWard: "Duy Châu", oldDistrict: "Duy Xuyên", ward: "20611" } });
  });

  it("maps an old ward given without prefixes or district", () => {
    expect(wardOf("Phường Thạch Thang, Hải Châu, Đà Nẵng")).toBe("20242");
    expect(wardOf("Đường Ngô Quyền, phường An Hải Bắc, Đà Nẵng")).toBe("20275");
  });

  it("understands the abbreviated old district and old-style town units", () => {
    expect(wardOf("phuong Vinh Dien, thi xa Dien Ban, Quang Nam")).toBe("20551");
    expect(wardOf("song Ba Ren, thi tran Nam Phuoc, Duy Xuyen")).toBe("20599");
    expect(wardOf("P. Thạc Gián, Q. Thanh Khê")).toBe("20209");
  });
});

describe("routing traps from the data README", () => {
  it.each([
    ["Đường Phạm Như Xương, phường Hòa Khánh Nam, quận Liên Chiểu, Đà Nẵng", "20200", "20197"],
    ["Quán karaoke trên đường Phạm Hùng, xã Hòa Châu, huyện Hòa Vang", "20314", "20320"],
    ["Xã Hòa Nhơn, huyện Hòa Vang, TP Đà Nẵng", "20308", "20320"],
    ["Kiệt đường Lê Trọng Tấn, phường Hòa Phát, quận Cẩm Lệ", "20305", "20260"],
    ["Tiệm spa đường Núi Thành, phường Hòa Cường Bắc, quận Hải Châu", "20257", "20242"],
    ["Bán đảo Sơn Trà, phường Thọ Quang, quận Sơn Trà", "20263", "20275"],
    ["Kiệt 78 Hồ Nghinh, phường Phước Mỹ, quận Sơn Trà, TP Đà Nẵng", "20275", "20263"],
    ["Phường Cẩm Châu, TP Hội An, Quảng Nam", "20413", "20410"],
    ["xa Binh Duong, huyen Thang Binh, Quang Nam", "20794", "20791"],
  ])(
    "the old ward decides, not the old district that is also a current ward: %s",
    (address, expected, districtNamesake) => {
      const result = resolver.resolve(address);
      expect(result.wardCode).toBe(expected);
      expect(result.candidates).not.toContain(districtNamesake);
    },
  );

  it("routes Hòa Khánh Bắc to Liên Chiểu, not Hòa Khánh", () => {
    const result = resolver.resolve("nha tro kiet Ngo Si Lien, phuong Hoa Khanh Bac, quan Lien Chieu");
    expect(result.wardCode).toBe("20197");
    expect(result.reason).toBe("old ward 'Hòa Khánh Bắc' (Liên Chiểu) → 20197");
  });

  it("needs the district for Phước Mỹ, which existed in two districts", () => {
    const alone = resolver.resolve("phường Phước Mỹ");
    expect(alone).toMatchObject({ wardCode: null, method: "none", confidence: 0 });
    expect(alone.candidates).toEqual(["20275", "20734"]);
    expect(alone.reason).toContain("old district would decide");
    expect(wardOf("phường Phước Mỹ, quận Sơn Trà")).toBe("20275");
    expect(wardOf("xã Phước Mỹ, huyện Phước Sơn")).toBe("20734");
  });

  it("keeps Tam Thanh ambiguous without diacritics until the district decides", () => {
    expect(resolver.resolve("xa Tam Thanh").candidates).toEqual(["20356", "20380", "20977"]);
    expect(wardOf("duong ven bien xa Tam Thanh, TP Tam Ky, Quang Nam")).toBe("20356");
    expect(wardOf("xa Tam Thanh, huyen Phu Ninh")).toBe("20380");
    expect(wardOf("xa Tam Thanh, huyen Nui Thanh")).toBe("20977");
  });

  it("uses diacritics, when typed, to tell Tam Thành from Tam Thạnh", () => {
    expect(wardOf("xã Tam Thành")).toBe("20380");
    expect(wardOf("xã Tam Thạnh")).toBe("20977");
  });

  it("tells Thanh Binh (old ward) from Thạnh Bình (current commune) by district or diacritics", () => {
    expect(resolver.resolve("phuong Thanh Binh, Da Nang").candidates).toEqual(["20242", "20878"]);
    expect(wardOf("phuong Thanh Binh, quan Hai Chau, Da Nang")).toBe("20242");
    expect(wardOf("xã Thạnh Bình")).toBe("20878");
    expect(wardOf("phường Thanh Bình")).toBe("20242");
  });

  it("reads the old tone spelling (Hoà) like the new one (Hòa), both ways round", () => {
    expect(wardOf("đường Trường Sa, phường Hoà Hải, quận Ngũ Hành Sơn")).toBe("20285");
    // The mappings themselves spell this commune "Phước Hoà".
    expect(wardOf("xã Phước Hòa, huyện Phước Sơn")).toBe("20728");
    expect(wardOf("phường Phước Hoà, TP Tam Kỳ")).toBe("20341");
  });

  it("does not pick a side for Hòa Minh, which was split between two wards", () => {
    const result = resolver.resolve("phường Hòa Minh, quận Liên Chiểu");
    expect(result.wardCode).toBeNull();
    expect(result.candidates).toEqual(["20200", "20209"]);
    expect(result.reason).toBe("old ward 'Hòa Minh' (Liên Chiểu) was split into 20200, 20209");
  });

  it("lets a second ward name settle a split old ward", () => {
    expect(wardOf("phường Hòa Minh (nay là phường Thanh Khê)")).toBe("20209");
  });
});

describe("quirks of the mappings file", () => {
  it("recovers rows whose new code belongs to another province by the new ward's name", () => {
    expect(wardOf("phường Hải Châu I, quận Hải Châu")).toBe("20242");
    expect(wardOf("phường An Hải Đông, quận Sơn Trà")).toBe("20275");
    expect(wardOf("xã Bình Định Bắc, huyện Thăng Bình")).toBe("20818");
  });

  it("is not confused by duplicate rows", () => {
    expect(resolver.resolve("phường Thuận Phước, quận Hải Châu").candidates).toEqual(["20242"]);
    expect(resolver.resolve("phường Thọ Quang").candidates).toEqual(["20263"]);
  });

  it("survives a gazetteer of null, unknown and contradictory rows", () => {
    const messy: Gazetteer = {
      ...reference.gazetteer,
      mappings: [
        ...reference.gazetteer.mappings,
        { oldWardName: null, oldDistrictName: null, oldProvinceName: null, newWardCode: null, newWardName: null },
        {
          oldWardName: "Xã Không Có",
          oldDistrictName: null,
          oldProvinceName: null,
          newWardCode: "99999",
          newWardName: "Xã Nowhere",
        },
        { oldWardName: "", oldDistrictName: "Huyện", oldProvinceName: "", newWardCode: "20200" },
      ],
    };
    const messyResolver = createAddressResolver(messy);
    expect(messyResolver.resolve("xã Không Có").wardCode).toBeNull();
    expect(messyResolver.resolve("phường Hòa Khánh Nam, quận Liên Chiểu").wardCode).toBe("20200");
  });
});

describe("a name that fits wards in other provinces too (HOME_PROVINCES)", () => {
  // Đà Nẵng's Hòa Tiến beside another province's Hóa Tiến and Hoả Tiến: without diacritics all read "hoa tien".
  const national: Gazetteer = {
    ...reference.gazetteer,
    provinces: [...reference.gazetteer.provinces, { code: "44", name: "Tỉnh Quảng Trị" }, { code: "92", name: "Thành phố Cần Thơ" }],
    wards: [...reference.gazetteer.wards, { code: "18919", name: "Xã Hóa Tiến", provinceCode: "44" }, { code: "31338", name: "Phường Hoả Tiến", provinceCode: "92" }],
  };
  const nationwide = createAddressResolver(national);
  const home = { homeProvinces: ["48"] };

  it("stays ambiguous when nothing says which province", () => {
    const result = nationwide.resolve("thon Le Son Nam, xa Hoa Tien");
    expect(result.wardCode).toBeNull();
    expect(result.candidates).toEqual(["18919", "20332", "31338"]);
  });

  it("takes the home province's ward, at a lower confidence and saying why", () => {
    const result = nationwide.resolve("thon Le Son Nam, xa Hoa Tien", home);
    expect(result).toMatchObject({ wardCode: "20332", method: "address", candidates: ["20332"], provinceCode: "48" });
    expect(result.confidence).toBeCloseTo(0.95 * 0.8);
    expect(result.because).toEqual({ code: "home-province-ward", params: { name: "hoa tien", ward: "20332", wards: ["18919", "20332", "31338"], province: "48" } });
  });

  it("lets what the text says win: diacritics, or another province named", () => {
    expect(nationwide.resolve("xã Hóa Tiến", home).wardCode).toBe("18919");
    expect(nationwide.resolve("xa Hoa Tien, Quang Tri", home).wardCode).toBe("18919");
    expect(nationwide.resolve("xã Hòa Tiến", home).confidence).toBeCloseTo(0.95); // unambiguous: no discount
  });

  it("does not choose between two wards of the home provinces", () => {
    const result = nationwide.resolve("xa Hoa Tien", { homeProvinces: ["48", "44"] });
    expect(result.wardCode).toBeNull();
    expect(result.candidates).toEqual(["18919", "20332", "31338"]);
  });
});

describe("what it cannot resolve", () => {
  it("explains an address without any unit name", () => {
    expect(resolver.resolve("123 Lê Lợi")).toMatchObject({
      wardCode: null,
      method: "none",
      confidence: 0,
      candidates: [],
      reason: "no ward or commune name found",
      because: { code: "no-place-name" },
    });
  });

  it("lists the wards an old district now spans when only the district is given", () => {
    const result = resolver.resolve("quận Liên Chiểu, Đà Nẵng");
    expect(result.wardCode).toBeNull();
    expect(result.candidates).toContain("20197");
    expect(result.candidates).toContain("20200");
  });

  it("keeps to the deployment's province when asked", () => {
    expect(resolver.resolve("phường An Hải", { provinceCode: "48" }).wardCode).toBe("20275");
    expect(resolver.resolve("phường An Hải", { provinceCode: "01" }).wardCode).toBeNull();
  });
});

describe("robustness", () => {
  it("never throws, and answers in the documented shape, on any string", () => {
    fc.assert(
      fc.property(addressLike, (text) => {
        const result = resolver.resolve(text);
        expect(result.confidence).toBeGreaterThanOrEqual(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        if (result.wardCode) expect(result.candidates).toEqual([result.wardCode]);
        else expect(result.confidence).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it("resolves in well under a millisecond", () => {
    const address = "Đường Phạm Như Xương, phường Hòa Khánh Nam, quận Liên Chiểu, Đà Nẵng";
    // Best of several batches, so a busy machine does not fail the test.
    const batches = Array.from({ length: 5 }, () => {
      const start = performance.now();
      for (let i = 0; i < 500; i += 1) resolver.resolve(address);
      return (performance.now() - start) / 500;
    });
    expect(Math.min(...batches)).toBeLessThan(1);
  });
});

describe("streetPart", () => {
  it("keeps what precedes the first administrative part", () => {
    expect(streetPart("Kiệt 78 Hồ Nghinh, phường Phước Mỹ, quận Sơn Trà, TP Đà Nẵng")).toBe("Kiệt 78 Hồ Nghinh");
    expect(streetPart("kho gan QL1A, xa Nui Thanh, Da Nang")).toBe("kho gan QL1A");
    expect(streetPart("Phường Thạch Thang, Hải Châu, Đà Nẵng")).toBe("");
    expect(streetPart("Bán đảo Sơn Trà")).toBe("Bán đảo Sơn Trà");
  });

  it("does not take a shop (quán) for a district (quận)", () => {
    expect(streetPart("Quán cà phê trên đường Cách Mạng Tháng Tám, P.Cẩm Lệ, Đà Nẵng")).toBe(
      "Quán cà phê trên đường Cách Mạng Tháng Tám",
    );
  });
});
