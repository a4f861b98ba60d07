/**
 * The demo province (48, Thành phố Đà Nẵng): its wards and boundaries, a
 * provincial cyber unit with its routing rule, the mass organisations the
 * seeds credit, and one officer, supervisor and administrator. Idempotent:
 * users are created once, with random passwords kept in DATA_DIR/demo-logins.txt.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { hashPassword } from "../../core/platform/crypto";
import { addRoutingRule } from "../../db/queries/routing-rules";
import { upsertSourceOrg, type SourceOrgInput } from "../../db/queries/source-orgs";
import { provinceHasPlaces } from "../../db/queries/places";
import { countUnits, createSpecialUnit, findUnit, provinceHasBoundaries } from "../../db/queries/units";
import { countUsers, createUser } from "../../db/queries/users";
import type { Database, UserRole } from "../../db/schema";
import { foldVietnamese } from "../../domain/text";
import { importBoundaries, importUnits } from "./units";
import { seedDemoPlaces } from "../../db/seed/places";

export const DEMO_PROVINCE = "48";
export const DEMO_CYBER_UNIT = "48-CYBER";
const BOUNDARIES = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../db/seed/danang-wards.geojson");

export const DEMO_SOURCE_ORGS: SourceOrgInput[] = [
  { code: "HCCB", nameVi: "Hội Cựu chiến binh", nameEn: "Veterans' Association", kind: "association", provinceCode: null },
  { code: "HND", nameVi: "Hội Nông dân", nameEn: "Farmers' Association", kind: "association", provinceCode: null },
  { code: "HLHPN", nameVi: "Hội Liên hiệp Phụ nữ", nameEn: "Women's Union", kind: "association", provinceCode: null },
  { code: "DTN", nameVi: "Đoàn Thanh niên", nameEn: "Youth Union", kind: "association", provinceCode: null },
  { code: "CLB-PCTP", nameVi: "Câu lạc bộ phòng, chống tội phạm", nameEn: "Crime-prevention club", kind: "model", provinceCode: null },
  { code: "TTQ-ANTT", nameVi: "Tổ tự quản an ninh trật tự", nameEn: "Neighbourhood security self-management team", kind: "model", provinceCode: null },
  { code: "MH-CAMERA", nameVi: "Mô hình camera an ninh", nameEn: "Security camera model", kind: "model", provinceCode: null },
];

const DEMO_USERS: Array<{ email: string; name: string; role: UserRole; units?: string[]; province?: string }> = [
  { email: "canbo.anhai@demo.tinbao.vn", name: "Nguyễn Văn An", role: "officer", units: ["20275"] },
  { email: "canbo.haichau@demo.tinbao.vn", name: "Trần Thị Bình", role: "officer", units: ["20242"] },
  { email: "giamsat@demo.tinbao.vn", name: "Lê Minh Châu", role: "supervisor", province: DEMO_PROVINCE },
  { email: "quantri@demo.tinbao.vn", name: "Phạm Quốc Dũng", role: "admin" },
];

export async function setUpDemoProvince(db: Kysely<Database>, dataDir: string): Promise<string[]> {
  const lines: string[] = [];
  const now = new Date().toISOString();
  if (!(await findUnit(db, DEMO_PROVINCE)) || (await countUnits(db)).mappings === 0) {
    const { totals } = await importUnits(db);
    lines.push(`imported ${totals.provinces} provinces, ${totals.wards} wards, ${totals.mappings} ward mappings`);
  }
  if (!(await provinceHasBoundaries(db, DEMO_PROVINCE))) lines.push(`loaded ${await importBoundaries(db, BOUNDARIES)} ward boundaries for Đà Nẵng`);
  // The demo gazetteer of landmarks and streets (db/seed/places-48.csv), once: administrators' edits are kept.
  if (!(await provinceHasPlaces(db, DEMO_PROVINCE))) lines.push(`loaded ${await seedDemoPlaces(db)} places (landmarks and streets) for Đà Nẵng`);
  const cyberName = "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao, Công an TP Đà Nẵng";
  await createSpecialUnit(db, { code: DEMO_CYBER_UNIT, name: cyberName, provinceCode: DEMO_PROVINCE, nameFolded: foldVietnamese(cyberName) });
  await addRoutingRule(db, { provinceCode: DEMO_PROVINCE, category: "cybercrime", unitCode: DEMO_CYBER_UNIT, mode: "route" }, now);
  for (const org of DEMO_SOURCE_ORGS) await upsertSourceOrg(db, org, now);

  const loginsFile = path.join(dataDir, "demo-logins.txt");
  if ((await countUsers(db)) === 0) {
    const logins: string[] = [];
    for (const user of DEMO_USERS) {
      const password = randomBytes(9).toString("base64url");
      await createUser(db, {
        email: user.email, name: user.name, role: user.role, passwordHash: await hashPassword(password),
        unitCodes: user.units, provinceCode: user.province ?? null, createdAt: now,
      });
      logins.push(`${user.role.padEnd(10)} ${user.email}  ${password}`);
    }
    writeFileSync(loginsFile, logins.join("\n") + "\n", { mode: 0o600 });
    lines.push("created demo users");
  }
  if (existsSync(loginsFile)) {
    lines.push("demo logins (also in data/demo-logins.txt):", ...readFileSync(loginsFile, "utf8").trim().split("\n").map((l) => "  " + l));
  }
  return lines;
}
