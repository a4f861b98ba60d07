import { describe, expect, it } from "vitest";
import { placePhrase } from "../../../domain/place-phrase";

describe("placePhrase", () => {
  it("keeps the place people named, without where-around words and numbers", () => {
    const cases: Array<[string, string | null]> = [
      ["gần chợ Cồn, Đà Nẵng", "chợ Cồn"],
      ["quán cà phê gần chợ Hàn, quận Hải Châu, Đà Nẵng", "chợ Hàn"],
      ["trước cổng trường THPT Phan Châu Trinh, Đà Nẵng", "trường THPT Phan Châu Trinh"],
      ["đầu kiệt 12 Lê Duẩn, Đà Nẵng", "Lê Duẩn"],
      ["K12/4 Hoàng Diệu", "Hoàng Diệu"],
      ["số 7 đường Nguyễn Văn Linh", "Nguyễn Văn Linh"],
      ["bến xe trung tâm", "bến xe trung tâm"],
      ["khu công nghiệp Hòa Khánh", "khu công nghiệp Hòa Khánh"],
      ["123, Đà Nẵng", null],
      ["Đà Nẵng", null],
      ["", null],
    ];
    for (const [address, phrase] of cases) expect(placePhrase(address, ["da nang"]), address).toBe(phrase);
    expect(placePhrase(null)).toBeNull();
  });
});
