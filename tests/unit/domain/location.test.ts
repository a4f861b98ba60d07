import { describe, expect, it } from "vitest";
import { createAddressResolver } from "../../../domain/address";
import { createWardLocator } from "../../../domain/geo";
import { resolveTipLocation, type LocationServices } from "../../../domain/location";
import { reference } from "../../setup/domain-reference";

const wardCodes = new Set(reference.gazetteer.wards.map((ward) => ward.code));
const services: LocationServices = {
  resolver: createAddressResolver(reference.gazetteer),
  locator: createWardLocator(reference.boundaries),
  isWardCode: (code) => wardCodes.has(code),
  provinceCode: "48",
};

describe("resolveTipLocation", () => {
  it("takes a known ward code as given", () => {
    expect(resolveTipLocation({ wardCode: "20650" }, services)).toMatchObject({
      wardCode: "20650",
      method: "ward-code",
      confidence: 1,
    });
  });

  it("rejects an unknown ward code", () => {
    expect(resolveTipLocation({ wardCode: "99999" }, services)).toMatchObject({ wardCode: null, method: "none" });
  });

  it("locates a map point and keeps it for distance checks", () => {
    const result = resolveTipLocation({ lat: 16.071462, lng: 108.241137 }, services);
    expect(result).toMatchObject({ wardCode: "20275", method: "point", point: { lat: 16.071462, lng: 108.241137 } });
  });

  it("resolves an address, current or old", () => {
    expect(resolveTipLocation({ address: "kiet 78 Ho Nghinh, phuong An Hai, Da Nang" }, services)).toMatchObject({
      wardCode: "20275",
      method: "address",
    });
    expect(
      resolveTipLocation({ address: "Phường Điện Ngọc, thị xã Điện Bàn, tỉnh Quảng Nam" }, services),
    ).toMatchObject({ wardCode: "20579", method: "old-address" });
  });
});
