/**
 * Who may open what: every staff route file (app/routes/can-bo*, quan-tri*,
 * giam-sat*) × anonymous, an officer of unit A, an officer of unit B, the
 * province's supervisor, an administrator and a national supervisor (every
 * province, docs/decisions/0078), against the real web process.
 *
 * The matrix has one entry per route file. The test fails when a route file
 * has no entry, so a new staff page cannot ship without its access rules.
 * To add a page: add `"<route file name>": [probe, …]` to MATRIX.
 *
 *   "signin"   → 302 to /can-bo/dang-nhap        404 → outside the user's scope
 *   "redirect" → any other 3xx                    403 → wrong role (or cross-origin)
 *
 * A probe that names no `national` outcome expects the provincial supervisor's.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { startApp, type RunningApp } from "../setup/app-server";
import { CYBER, PASSWORD, SECRETS, seedRoutedTip, seedUnits, seedUsers, signIn, UNIT_A, UNIT_B, USERS, type Principal } from "../setup/staff-fixtures";
import { enrolForTests } from "../setup/second-factor";
import { hashPassword } from "../../core/platform/crypto";
import { createUser } from "../../db/queries/users";

type Who = "anonymous" | Principal | "national";
/** An HTTP status, or where a redirect leads. */
type Outcome = number | "signin" | "redirect";
const WHO: Who[] = ["anonymous", "officerA", "officerB", "supervisor", "admin", "national"];
/** The Ministry's supervisor: every province, neither a province nor units of their own. */
const NATIONAL = { email: "national@test.tinbao.vn", name: "Võ Thị Quỳnh" };

interface World {
  tipA: number;
  tipB: number;
  tipCopiedToB: number;
  tipOtherProvince: number;
  /** On Đà Nẵng's duty desk: owned by the province unit, in no ward. */
  tipDesk: number;
  photoA: number;
  caseA: number;
  adminId: number;
}

interface Probe {
  name: string;
  method?: "GET" | "POST";
  path: (w: World) => string;
  form?: Record<string, string>;
  expect: Record<Exclude<Who, "national">, Outcome> & { national?: Outcome };
}

/** What each principal should see: the national supervisor as the provincial one unless the probe says otherwise. */
const expected = (probe: Probe): Expect => ({ ...probe.expect, national: probe.expect.national ?? probe.expect.supervisor });

type Expect = Probe["expect"];
const officersOnly = (a: Outcome = 200, b: Outcome = 200): Expect => ({ anonymous: "signin", officerA: a, officerB: b, supervisor: 403, admin: 403 });
const officersAndSupervisor = (a: Outcome, b: Outcome, s: Outcome): Expect => ({ anonymous: "signin", officerA: a, officerB: b, supervisor: s, admin: 403 });
/** The tip page: administrators open only the tips on the duty desks they work (docs/decisions/0056). */
const tipReaders = (a: Outcome, b: Outcome, s: Outcome, admin: Outcome = 404): Expect => ({ anonymous: "signin", officerA: a, officerB: b, supervisor: s, admin });
const adminOnly = (admin: Outcome = 200): Expect => ({ anonymous: "signin", officerA: 403, officerB: 403, supervisor: 403, admin });
const overseers = (supervisor: Outcome = 200, admin: Outcome = 200): Expect => ({ anonymous: "signin", officerA: 403, officerB: 403, supervisor, admin });

export const MATRIX: Record<string, Probe[]> = {
  "can-bo._index.tsx": [
    { name: "queue", path: () => "/can-bo", expect: officersOnly() },
    { name: "claim a tip of unit A", method: "POST", path: () => "/can-bo", form: { intent: "claim", tipId: "0" }, expect: officersOnly(400, 400) },
  ],
  "can-bo.dang-nhap.tsx": [
    { name: "sign-in page", path: () => "/can-bo/dang-nhap", expect: { anonymous: 200, officerA: "redirect", officerB: "redirect", supervisor: "redirect", admin: "redirect" } },
  ],
  "can-bo.dang-xuat.tsx": [
    { name: "GET does not sign out", path: () => "/can-bo/dang-xuat", expect: { anonymous: "redirect", officerA: "redirect", officerB: "redirect", supervisor: "redirect", admin: "redirect" } },
  ],
  "can-bo.su-kien": [{ name: "live events", path: () => "/can-bo/su-kien", expect: officersOnly() }],
  // Notifications (issue 16): each officer and supervisor their own (supervisors: identity requests to decide); administrators receive none.
  "can-bo.thong-bao._index.tsx": [
    { name: "notifications", path: () => "/can-bo/thong-bao", expect: officersAndSupervisor(200, 200, 200) },
    { name: "mark all read", method: "POST", path: () => "/can-bo/thong-bao", form: { intent: "readAll" }, expect: officersAndSupervisor("redirect", "redirect", "redirect") },
    { name: "mark read without an id", method: "POST", path: () => "/can-bo/thong-bao", form: { intent: "read" }, expect: officersAndSupervisor(400, 400, 400) },
  ],
  "can-bo.thong-bao.dem.ts": [{ name: "the bell's count", path: () => "/can-bo/thong-bao/dem", expect: officersAndSupervisor(200, 200, 200) }],
  "can-bo.thong-bao.email.tsx": [
    { name: "email preferences", path: () => "/can-bo/thong-bao/email", expect: officersAndSupervisor(200, 200, 200) },
    { name: "save email preferences without a choice", method: "POST", path: () => "/can-bo/thong-bao/email", form: {}, expect: officersAndSupervisor(400, 400, 400) },
  ],
  // Hotspot alerts (issue 17): officers of the ward and supervisors of the province; an alert outside one's area is not found.
  "can-bo.diem-nong._index.tsx": [{ name: "hotspot alerts", path: () => "/can-bo/diem-nong", expect: officersAndSupervisor(200, 200, 200) }],
  "can-bo.diem-nong.$id.tsx": [
    { name: "an alert that does not exist", path: () => "/can-bo/diem-nong/999999", expect: officersAndSupervisor(404, 404, 404) },
    { name: "handle an alert that does not exist", method: "POST", path: () => "/can-bo/diem-nong/999999", form: { intent: "handle", note: "đã tuần tra" }, expect: officersAndSupervisor(409, 409, 409) },
    { name: "handle without a note", method: "POST", path: () => "/can-bo/diem-nong/999999", form: { intent: "handle" }, expect: officersAndSupervisor(400, 400, 400) },
  ],
  // Escalations (issue 16): heads see their units', supervisors their province's.
  "can-bo.bao-cao-cap-tren.tsx": [{ name: "escalation list", path: () => "/can-bo/bao-cao-cap-tren", expect: officersAndSupervisor(200, 200, 200) }],
  "can-bo.tin.$id": [
    { name: "tip of unit A", path: (w) => `/can-bo/tin/${w.tipA}`, expect: tipReaders(200, 404, 200) },
    { name: "tip of unit B", path: (w) => `/can-bo/tin/${w.tipB}`, expect: tipReaders(404, 200, 200) },
    { name: "tip of A copied to B", path: (w) => `/can-bo/tin/${w.tipCopiedToB}`, expect: tipReaders(200, 200, 200) },
    // The national supervisor's scope is every province (0078).
    { name: "tip of another province", path: (w) => `/can-bo/tin/${w.tipOtherProvince}`, expect: { ...tipReaders(404, 404, 404), national: 200 } },
    { name: "tip on the province duty desk", path: (w) => `/can-bo/tin/${w.tipDesk}`, expect: tipReaders(404, 404, 200, 200) },
    { name: "no such tip", path: () => "/can-bo/tin/99999999", expect: tipReaders(404, 404, 404) },
    { name: "act on a tip of A", method: "POST", path: (w) => `/can-bo/tin/${w.tipA}`, form: { intent: "unknown" }, expect: officersOnly(400, 404) },
    { name: "act on a copy (read-only for B)", method: "POST", path: (w) => `/can-bo/tin/${w.tipCopiedToB}`, form: { intent: "close" }, expect: officersOnly(409, 403) },
  ],
  // A desk routes one province's unplaced tips, for that province's staff: the Ministry's national supervisor
  // oversees and routes none (0078), so it has no desk.
  "can-bo.truc-ban.tsx": [
    { name: "the province duty desk", path: () => "/can-bo/truc-ban", expect: { anonymous: "signin", officerA: 404, officerB: 404, supervisor: 200, admin: 200, national: 404 } },
    { name: "another province's desk (the deployment's administrator works every one)", path: () => "/can-bo/truc-ban?tinh=01",
      expect: { anonymous: "signin", officerA: 404, officerB: 404, supervisor: 404, admin: 200 } },
    { name: "route a desk tip without a reason", method: "POST", path: () => "/can-bo/truc-ban?tinh=48", form: { tipId: "1", toUnit: UNIT_A, reason: "" },
      expect: { anonymous: "signin", officerA: 404, officerB: 404, supervisor: 400, admin: 400, national: 404 } },
  ],
  "can-bo.anh.$photoId.ts": [
    { name: "photo of a tip of A (officers only)", path: (w) => `/can-bo/anh/${w.photoA}`, expect: officersOnly(200, 404) },
  ],
  "can-bo.vu-viec._index.tsx": [{ name: "cases", path: () => "/can-bo/vu-viec", expect: officersAndSupervisor(200, 200, 200) }],
  "can-bo.vu-viec.moi.tsx": [{ name: "new case form", path: () => "/can-bo/vu-viec/moi", expect: officersOnly() }],
  "can-bo.vu-viec.$id.tsx": [
    { name: "case of unit A", path: (w) => `/can-bo/vu-viec/${w.caseA}`, expect: officersAndSupervisor(200, 404, 200) },
    { name: "edit case of unit A", method: "POST", path: (w) => `/can-bo/vu-viec/${w.caseA}`, form: { intent: "link", tipId: "x" }, expect: officersAndSupervisor(400, 404, 403) },
  ],
  "can-bo.mat-khau.tsx": [
    { name: "change own password", path: () => "/can-bo/mat-khau", expect: { anonymous: "signin", officerA: 200, officerB: 200, supervisor: 200, admin: 200 } },
    { name: "wrong current password", method: "POST", path: () => "/can-bo/mat-khau", form: { current: "x", next: "a new long password", confirm: "a new long password" },
      expect: { anonymous: "signin", officerA: 400, officerB: 400, supervisor: 400, admin: 400 } },
  ],
  // The search by identifier: officers and supervisors, each within their scope (the scope is tests/integration/linked-tips.test.ts).
  "can-bo.tim-kiem.tsx": [
    { name: "search by identifier", path: () => "/can-bo/tim-kiem?loai=account&gia-tri=0123%20456%20789", expect: officersAndSupervisor(200, 200, 200) },
    { name: "an unreadable value", path: () => "/can-bo/tim-kiem?loai=plate&gia-tri=abc", expect: officersAndSupervisor(400, 400, 400) },
  ],
  "can-bo.nhap-tin.tsx": [{ name: "enter a phone tip", path: () => "/can-bo/nhap-tin", expect: officersOnly() }],
  "quan-tri._index.tsx": [{ name: "admin home", path: () => "/quan-tri", expect: adminOnly() }],
  "quan-tri.nguoi-dung._index.tsx": [
    { name: "users", path: () => "/quan-tri/nguoi-dung", expect: adminOnly() },
    { name: "create a user", method: "POST", path: () => "/quan-tri/nguoi-dung", form: { email: "" }, expect: adminOnly(400) },
  ],
  "quan-tri.nguoi-dung.$id.tsx": [
    { name: "one user", path: (w) => `/quan-tri/nguoi-dung/${w.adminId}`, expect: adminOnly() },
    { name: "no such user", path: () => "/quan-tri/nguoi-dung/99999", expect: adminOnly(404) },
  ],
  "quan-tri.nguoi-dung.$id_.bao-mat.tsx": [
    { name: "an account's sign-in security", path: (w) => `/quan-tri/nguoi-dung/${w.adminId}/bao-mat`, expect: adminOnly() },
    { name: "reset someone's second factor", method: "POST", path: (w) => `/quan-tri/nguoi-dung/${w.adminId}/bao-mat`, form: { intent: "nothing" }, expect: adminOnly(400) },
  ],
  // Identity requests: custodians only (none in this world; the custodian case is tests/integration/identity-requests.test.ts).
  "can-bo.danh-tinh.tsx": [
    { name: "pending identity requests", path: () => "/can-bo/danh-tinh", expect: { anonymous: "signin", officerA: 403, officerB: 403, supervisor: 403, admin: 403 } },
  ],
  // The second step of signing in: a page anyone may open (signed out it only points to the sign-in page).
  "can-bo.xac-minh.tsx": [
    { name: "second step", path: () => "/can-bo/xac-minh", expect: { anonymous: 200, officerA: 200, officerB: 200, supervisor: 200, admin: 200 } },
  ],
  "quan-tri.don-vi._index.tsx": [{ name: "units", path: () => "/quan-tri/don-vi", expect: adminOnly() }],
  "quan-tri.don-vi.$code.tsx": [
    { name: "one unit", path: () => `/quan-tri/don-vi/${UNIT_A}`, expect: adminOnly() },
    { name: "no such unit", path: () => "/quan-tri/don-vi/99999", expect: adminOnly(404) },
    { name: "rename a unit (empty name)", method: "POST", path: () => `/quan-tri/don-vi/${UNIT_A}`, form: { intent: "rename", name: "" }, expect: adminOnly(400) },
  ],
  "quan-tri.quy-tac.tsx": [{ name: "routing rules", path: () => "/quan-tri/quy-tac", expect: adminOnly() }],
  "quan-tri.to-chuc.tsx": [{ name: "organisations", path: () => "/quan-tri/to-chuc", expect: adminOnly() }],
  // The gazetteer of places (issue 12): administrators only.
  "quan-tri.dia-danh.tsx": [
    { name: "places", path: () => "/quan-tri/dia-danh", expect: adminOnly() },
    { name: "retire a place that does not exist", method: "POST", path: () => "/quan-tri/dia-danh", form: { intent: "retire", id: "999999" }, expect: adminOnly(404) },
  ],
  "quan-tri.dia-danh[.csv].ts": [{ name: "places as CSV", path: () => "/quan-tri/dia-danh.csv", expect: adminOnly() }],
  "quan-tri.loai-vu-viec.tsx": [
    { name: "categories", path: () => "/quan-tri/loai-vu-viec", expect: adminOnly() },
    { name: "retire a contract category (refused)", method: "POST", path: () => "/quan-tri/loai-vu-viec", form: { intent: "deactivate", code: "drugs" }, expect: adminOnly(409) },
  ],
  "quan-tri.khoa-api.tsx": [
    { name: "API keys", path: () => "/quan-tri/khoa-api", expect: adminOnly() },
    { name: "revoke a key", method: "POST", path: () => "/quan-tri/khoa-api", form: { intent: "revoke", keyId: "0" }, expect: adminOnly(409) },
  ],
  "quan-tri.nhat-ky.tsx": [{ name: "audit log", path: () => "/quan-tri/nhat-ky", expect: adminOnly() }],
  "giam-sat._index.tsx": [
    { name: "oversight figures", path: () => "/giam-sat?period=year", expect: overseers() },
    { name: "figures of another province's ward (empty for the supervisor)", path: () => "/giam-sat?unit=00004", expect: overseers() },
    // The national view (0078): a province chosen by whoever sees every province; a provincial supervisor only their own.
    { name: "another province chosen", path: () => "/giam-sat?period=year&province=01", expect: { ...overseers(404, 200), national: 200 } },
    { name: "the supervisor's own province chosen", path: () => "/giam-sat?province=48", expect: { ...overseers(200, 200), national: 200 } },
    { name: "a province that does not exist", path: () => "/giam-sat?province=99", expect: { ...overseers(404, 404), national: 404 } },
  ],
  "giam-sat.bao-cao.tsx": [
    { name: "period report", path: () => "/giam-sat/bao-cao?period=quarter", expect: overseers() },
    { name: "another province's report", path: () => "/giam-sat/bao-cao?period=quarter&province=01", expect: { ...overseers(404, 200), national: 200 } },
  ],
  // The ward map's outlines (0083): the wards of a province the user oversees; Hà Nội has none stored here.
  "giam-sat.ban-do[.svg].ts": [
    { name: "the province's ward outlines", path: () => "/giam-sat/ban-do.svg?province=48", expect: overseers() },
    { name: "a province without stored outlines", path: () => "/giam-sat/ban-do.svg?province=01", expect: overseers(404, 404) },
    { name: "no province named", path: () => "/giam-sat/ban-do.svg", expect: overseers(404, 404) },
  ],
  "giam-sat.xuat.ts": [
    { name: "export a table", path: () => "/giam-sat/xuat?table=units&format=csv", expect: overseers() },
    { name: "export another province's table", path: () => "/giam-sat/xuat?table=units&format=json&province=01", expect: { ...overseers(404, 200), national: 200 } },
    { name: "export an unknown table", path: () => "/giam-sat/xuat?table=tips&format=json", expect: overseers(400, 400) },
  ],
  "giam-sat.don-vi.$unitCode.tsx": [
    { name: "tips of unit A", path: () => `/giam-sat/don-vi/${UNIT_A}`, expect: overseers() },
    { name: "tips of another province's ward", path: () => "/giam-sat/don-vi/00004", expect: { ...overseers(404, 200), national: 200 } },
    { name: "no such unit", path: () => "/giam-sat/don-vi/99999", expect: overseers(404, 404) },
  ],
};

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

/** Route files (and folder routes) of the staff areas, as named in app/routes. */
function staffRouteFiles(): string[] {
  return readdirSync(ROUTES_DIR)
    .filter((name) => /^(can-bo|quan-tri|giam-sat)([._]|$)/.test(name))
    .filter((name) => !/\.server\.|\.test\./.test(name))
    .sort();
}

describe("authorization matrix", () => {
  let app: RunningApp;
  const world = {} as World;
  const cookies = {} as Record<Principal | "national", string>;

  beforeAll(async () => {
    app = await startApp({
      env: { ...SECRETS },
      setup: async (env) => {
        const handle = openDatabase(env.DATABASE_URL!);
        try {
          await migrateToLatest(handle.db);
          await seedUnits(handle.db);
          const ids = await seedUsers(handle.db);
          const nationalId = await createUser(handle.db, {
            ...NATIONAL, role: "supervisor", national: true, passwordHash: await hashPassword(PASSWORD), createdAt: new Date().toISOString(),
          });
          await enrolForTests(handle.db, nationalId, NATIONAL.email, SECRETS.DATA_KEY);
          world.adminId = ids.admin;
          const db = handle.db;
          world.tipA = (await seedRoutedTip(db, { unitCode: UNIT_A })).tipId;
          world.tipB = (await seedRoutedTip(db, { unitCode: UNIT_B, location: { kind: "ward", wardCode: UNIT_B, provinceCode: "48" } })).tipId;
          world.tipCopiedToB = (await seedRoutedTip(db, { unitCode: UNIT_A })).tipId;
          await db.insertInto("tip_copies").values({ tip_id: world.tipCopiedToB, unit_code: UNIT_B, reason: "test copy", created_at: new Date().toISOString() }).execute();
          world.tipOtherProvince = (await seedRoutedTip(db, { unitCode: "00004", location: { kind: "ward", wardCode: "00004", provinceCode: "01" } })).tipId;
          await seedRoutedTip(db, { unitCode: CYBER, category: "cybercrime" });
          world.tipDesk = (await seedRoutedTip(db, { unitCode: "48", location: { kind: "address", address: "gần chợ Cồn", provinceCode: "48" } })).tipId;
          const uploads = path.join(env.DATA_DIR!, "uploads");
          mkdirSync(uploads, { recursive: true });
          writeFileSync(path.join(uploads, "test-photo-a.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
          world.photoA = (await db.insertInto("tip_photos").values({
            tip_id: world.tipA, message_id: null, file_name: "test-photo-a.jpg", mime: "image/jpeg", width: 1, height: 1, bytes: 4, created_at: new Date().toISOString(),
          }).returning("id").executeTakeFirstOrThrow()).id;
          world.caseA = (await db.insertInto("cases").values({
            unit_code: UNIT_A, number: "1/2026", title: "Mua bán ma túy", category: "drugs", decision: null, decision_date: null,
            arrests: 0, arrested_at: null, created_by: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
          }).returning("id").executeTakeFirstOrThrow()).id;
        } finally {
          await handle.close();
        }
      },
    });
    for (const who of Object.keys(USERS) as Principal[]) cookies[who] = await signIn(app.url, USERS[who].email);
    cookies.national = await signIn(app.url, NATIONAL.email);
  }, 120_000);

  afterAll(async () => app?.stop());

  it("has an entry for every staff route file", () => {
    const missing = staffRouteFiles().filter((file) => !(file in MATRIX));
    expect(missing, "add these route files to MATRIX in tests/integration/authz-matrix.test.ts").toEqual([]);
    const stale = Object.keys(MATRIX).filter((file) => !staffRouteFiles().includes(file));
    expect(stale, "MATRIX names route files that no longer exist").toEqual([]);
  });

  for (const [file, probes] of Object.entries(MATRIX)) {
    for (const probe of probes) {
      it(`${file} — ${probe.name}`, async () => {
        const seen: Record<string, Outcome> = {};
        for (const who of WHO) seen[who] = await request(app.url, probe, world, who === "anonymous" ? null : cookies[who]);
        expect(seen).toEqual(expected(probe));
      });
    }
  }

  it("shows the national supervisor every province side by side, and the provincial supervisor only theirs", async () => {
    const exported = async (who: "national" | "supervisor", extra = "") => {
      const res = await fetch(`${app.url}/giam-sat/xuat?table=units&format=json&period=year${extra}`, { headers: { Cookie: cookies[who] } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { rows: Array<{ code: string; tips: number }> }).rows;
    };
    // Đà Nẵng: the tips of A, B, the copied one, the cyber unit's and the desk's; Hà Nội: one.
    const national = await exported("national");
    expect(Object.fromEntries(national.map((r) => [r.code, r.tips]))).toEqual({ "48": 5, "01": 1 });
    const page = await (await fetch(`${app.url}/giam-sat?period=year`, { headers: { Cookie: cookies.national } })).text();
    expect(page).toContain("Thành phố Hà Nội");
    expect(page).toContain('href="/giam-sat?period=year&amp;province=01"');
    // One province chosen: its units, as its own supervisor sees them.
    const hanoi = await exported("national", "&province=01");
    expect(hanoi.map((r) => [r.code, r.tips])).toEqual([["00004", 1]]);
    const provincial = await exported("supervisor");
    expect(provincial.map((r) => r.code)).not.toContain("00004");
    expect(provincial.map((r) => r.code)).not.toContain("01");
    expect(provincial.reduce((sum, r) => sum + r.tips, 0)).toBe(5);
  });

  it("refuses a cross-origin POST from a signed-in officer's browser, changing nothing", async () => {
    const post = (query: string) =>
      fetch(`${app.url}/can-bo/tin/${world.tipA}${query}`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookies.officerA, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "claim" }),
      });
    // How Remix posts with JavaScript (a data request): our guard answers 403.
    expect((await post("?_data=routes%2Fcan-bo.tin.%24id")).status).toBe(403);
    // A plain form post (document request): Remix's own origin check refuses it first, with a bare 500.
    expect((await post("")).status).toBeGreaterThanOrEqual(400);
    // Attacker pages that hide their origin (Origin: null) are refused too.
    const hidden = await fetch(`${app.url}/can-bo?_data=routes%2Fcan-bo._index`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookies.officerA, Origin: "null", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "claim", tipId: String(world.tipA) }),
    });
    expect(hidden.status).toBe(403);
    const page = await fetch(`${app.url}/can-bo/tin/${world.tipA}`, { headers: { Cookie: cookies.officerA } });
    expect(await page.text()).toContain("Chưa có người nhận"); // still unclaimed
  });
});

async function request(url: string, probe: Probe, world: World, cookie: string | null): Promise<Outcome> {
  const controller = new AbortController();
  const headers: Record<string, string> = { Origin: url };
  if (cookie) headers.Cookie = cookie;
  const init: RequestInit = { method: probe.method ?? "GET", redirect: "manual", headers, signal: controller.signal };
  if (probe.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = new URLSearchParams(probe.form);
  }
  const res = await fetch(url + probe.path(world), init);
  controller.abort(); // the event stream never ends by itself
  if (res.status >= 300 && res.status < 400) {
    return (res.headers.get("location") ?? "").startsWith("/can-bo/dang-nhap") && !cookie ? "signin" : "redirect";
  }
  return res.status;
}
