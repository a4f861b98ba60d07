/**
 * The rollup follows officers' changes: valuable marks, reroutes, cluster
 * merges, case links and edits, made through the workspace's own query
 * functions. The triggers log them, the refresher recomputes only the days
 * they touch, and the result equals a rebuild from scratch.
 */
import { unitsScope } from "../../db/queries/scope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOversightQuery } from "../../app/utils/oversight.server";
import { computeOversight } from "../../core/oversight";
import { linkTipToCase, unlinkTipFromCase, updateCase } from "../../db/queries/cases";
import { mergeTipIntoClusterOf } from "../../db/queries/clusters";
import { decideExtensionRequest, fileExtensionRequest } from "../../db/queries/extension-requests";
import { closeTip, markTipValuable, rerouteTip } from "../../db/queries/staff-tips";
import { rebuildSummaries, refreshSummaries } from "../../db/queries/summaries";
import type { UnitScope } from "../../db/queries/scope";
import { deadlineFor } from "../../domain/deadline";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { type Fixture, insertFixture, NOW, rollupSnapshot, SUPERVISOR_UNITS, UNITS } from "../setup/dashboard-fixture";

const supervisor: UnitScope = { kind: "units", units: SUPERVISOR_UNITS };
const month = () => parseOversightQuery(new URLSearchParams(), NOW);

describe.each(DIALECTS)("rollup refresh on %s", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let fixture: Fixture;
  let userId: number;
  /** The unit's head, who approves the extension the officer asks for (docs/decisions/0072-escalation.md). */
  let approverId: number;

  beforeAll(async () => {
    database = await createDatabase();
    fixture = await insertFixture(database.db);
    userId = (await database.db
      .insertInto("users")
      .values({ email: "canbo@example.vn", name: "Cán bộ thử", password_hash: "x", role: "officer", province_code: null, created_at: NOW.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow()).id;
    approverId = (await database.db
      .insertInto("users")
      .values({ email: "truongdon@example.vn", name: "Trưởng đơn vị thử", password_hash: "x", role: "officer", province_code: null, created_at: NOW.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow()).id;
    await computeOversight(database.db, supervisor, month(), NOW);
  });
  afterAll(async () => database?.destroy());

  it("logs nothing when nothing changed, and a refresh is then a no-op", async () => {
    expect(await database.db.selectFrom("oversight_dirty").select("id").execute()).toEqual([]);
    expect(await refreshSummaries(database.db, NOW)).toEqual({ rebuilt: false, days: 0 });
  });

  it("follows valuable marks, reroutes, merges and case changes, recomputing only the days they touch", async () => {
    const { tips, cases } = fixture;
    const at = NOW.toISOString();
    const actor = (...units: string[]) => ({ userId, scope: unitsScope(units), at });
    expect(await markTipValuable(database.db, tips.t4, { valuable: true, reason: "Đã xác minh" }, actor(UNITS.haiChau))).toBe(true);
    // T7 (20 Nov) was its incident's only valuable tip; the incident is counted on T8's day (19 Nov).
    expect(await markTipValuable(database.db, tips.t7, { valuable: false, reason: "Không có căn cứ" }, actor(UNITS.cyber))).toBe(true);
    expect(await rerouteTip(database.db, tips.t8, { toUnit: UNITS.haiVan, reason: "Đúng địa bàn" }, actor(UNITS.anHai))).not.toBeNull();
    expect(await mergeTipIntoClusterOf(database.db, tips.t6, tips.t1, actor(UNITS.haiVan, UNITS.anHai))).toBe("merged");
    expect(await linkTipToCase(database.db, cases.k4, tips.t2, actor(UNITS.anHai))).toBe("linked");
    expect(await unlinkTipFromCase(database.db, cases.k5, tips.t1, actor(UNITS.haiChau))).toBe(true);
    expect(await updateCase(database.db, cases.k2, {
      fields: { number: "K2", title: "Vụ thử", category: "fraud", decision: "charged", decisionDate: null, arrests: 4, arrestedAt: null },
      seizures: [{ kind: "vehicles", quantity: 2, note: null }, { kind: "guns", quantity: 1, note: null }],
    }, actor(UNITS.haiChau))).toBe(true);
    // T4 decided and closed; P3, overdue, given 30 more days (art. 147(2)).
    expect(await closeTip(database.db, tips.t4, actor(UNITS.haiChau))).toBe(true);
    const p3Created = (await database.db.selectFrom("tips").select("created_at").where("id", "=", tips.p3).executeTakeFirstOrThrow()).created_at;
    const filed = await fileExtensionRequest(database.db, tips.p3, {
      days: 30, reason: "Cần giám định", previousDeadline: deadlineFor(p3Created), newDeadline: deadlineFor(p3Created, 30),
    }, actor(UNITS.haiChau));
    expect(filed).toMatchObject({ ok: true });
    const approval = await decideExtensionRequest(database.db, (filed as { requestId: number }).requestId, { approve: true, note: "Đồng ý" }, { ...actor(UNITS.haiChau), userId: approverId });
    expect(approval).toMatchObject({ ok: true });

    expect((await database.db.selectFrom("oversight_dirty").select("id").execute()).length).toBeGreaterThan(0);
    const refreshed = await refreshSummaries(database.db, NOW);
    expect(refreshed.rebuilt).toBe(false);
    // 10 Oct (P3), 3, 4 Nov (T1–T3, T6's new incident), 5 Nov (K1, linked to T1 and T2), 6 (K4), 7 (K5), 10 (T4),
    // 17 (T6), 18 (K2), 19 and 20 Nov (T8, T7): eleven days, not the whole history.
    expect(refreshed.days).toBe(11);
    expect(await database.db.selectFrom("oversight_dirty").select("id").execute()).toEqual([]);

    const figures = await computeOversight(database.db, supervisor, month(), NOW);
    // T6 joined T1's incident; T4 became valuable, T7 no longer; K4 now has a tip, K5 none; K2 has 4 arrests and a gun.
    expect(figures.current).toMatchObject({
      tips: 9, incidents: 5, valuable: 4, valuableIncidents: 3, cases: 3, arrests: 12,
      seized: { drugs_g: 1250.5, money_vnd: 350_000_000, vehicles: 2, guns: 8 },
    });
    expect(figures.current.seized.other).toBeUndefined();
    expect(figures.backlog).toEqual({
      open: 5, overdue: 0,
      bands: { d0_2: 1, d3_7: 2, d8_14: 0, d15_20: 0, d21_plus: 2 },
      overdueBands: { d0_2: 0, d3_7: 0, d8_14: 0, d15_20: 0, d21_plus: 0 },
    });
    const byUnit = Object.fromEntries(figures.units.map((u) => [u.unit, [u.tips, u.incidents, u.valuable, u.valuableIncidents, u.cases, u.arrests]]));
    expect(byUnit).toEqual({
      [UNITS.anHai]: [3, 1, 2, 1, 2, 8],
      [UNITS.haiChau]: [3, 3, 2, 2, 1, 4],
      // T8 now belongs to Hải Vân and opens the incident, no longer valuable.
      [UNITS.haiVan]: [2, 1, 0, 0, 0, 0],
      [UNITS.cyber]: [1, 0, 0, 0, 0, 0],
    });
  });

  it("leaves the rollup exactly as a rebuild from scratch would", async () => {
    const incremental = await rollupSnapshot(database.db);
    await rebuildSummaries(database.db, NOW);
    expect(await rollupSnapshot(database.db)).toEqual(incremental);
  });
});
