/**
 * One unit scope (db/queries/scope.ts, docs/decisions/0069-one-unit-scope.md) on the run's
 * dialect: who gets which scope, and every staff query reading it the same way — an empty
 * scope sees nothing, "all" (administrators) sees every unit's tips, a list sees its units'
 * own tips and the copies sent to them. Before, an administrator's scope was "every unit
 * code" for the officer queries and "all" for the figures; now it is "all" for both, and the
 * tip page stays narrower (getTipReadScope: only the duty desks they work).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTipReadScope, getUnitScope } from "../../app/utils/auth.server";
import { createCase, findCase, listCases, listCasesOfTip } from "../../db/queries/cases";
import { mergeTipIntoClusterOf } from "../../db/queries/clusters";
import { listPendingIdentityRequests } from "../../db/queries/identity-requests";
import { countOpenQueue, listCopies, listQueue } from "../../db/queries/queue";
import { ALL_UNITS, unitsScope, type UnitScope } from "../../db/queries/scope";
import { claimTip, findPhotoForStaff, findTipForStaff, listClusterPeers } from "../../db/queries/staff-tips";
import { listScopeUnits, listUnitTips, rollupRowsFor } from "../../db/queries/stats";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { CYBER, joinCluster, newCluster, seedRoutedTip, seedUnits, seedUsers, UNIT_A, UNIT_B } from "../setup/staff-fixtures";

const EMPTY = unitsScope([]);
const fields = (number: string) => ({
  number, title: "Vụ mua bán ma túy", category: "drugs", decision: null, decisionDate: null, arrests: 0, arrestedAt: null,
});

describe.each(DIALECTS)("one unit scope on %s", (_dialect, create) => {
  let database: TestDatabase;
  let ids: Awaited<ReturnType<typeof seedUsers>>;
  let tipA: number;
  let tipB: number;
  let tipCopied: number;
  let tipElsewhere: number;
  let caseA: number;
  let cluster: number;
  const at = "2026-03-02T03:00:00.000Z";

  beforeAll(async () => {
    database = await create();
    await seedUnits(database.db);
    ids = await seedUsers(database.db);
    cluster = await newCluster(database.db);
    tipA = (await seedRoutedTip(database.db, { unitCode: UNIT_A, clusterId: cluster })).tipId;
    tipB = (await seedRoutedTip(database.db, { unitCode: UNIT_B, clusterId: cluster })).tipId;
    tipCopied = (await seedRoutedTip(database.db, { unitCode: UNIT_A })).tipId;
    await database.db.insertInto("tip_copies").values({ tip_id: tipCopied, unit_code: UNIT_B, reason: "test copy", created_at: at }).execute();
    tipElsewhere = (await seedRoutedTip(database.db, { unitCode: "00004", location: { kind: "ward", wardCode: "00004", provinceCode: "01" } })).tipId;
    await joinCluster(database.db, tipElsewhere, cluster);
    caseA = (await createCase(database.db, { unitCode: UNIT_A, fields: fields("1/2026"), seizures: [], tipIds: [tipA] }, { userId: ids.officerA, scope: unitsScope([UNIT_A]), at }))!;
  });
  afterAll(async () => database?.destroy());

  it("gives each role its scope: the officer's units, the supervisor's province, everything for an administrator", async () => {
    const db = database.db;
    expect(await getUnitScope(db, { role: "officer", provinceCode: null, unitCodes: [UNIT_B, UNIT_A, UNIT_A] })).toEqual({ kind: "units", units: [UNIT_B, UNIT_A].sort() });
    expect(await getUnitScope(db, { role: "supervisor", provinceCode: "48", unitCodes: [] })).toEqual({ kind: "units", units: ["48", CYBER, UNIT_B, UNIT_A].sort() });
    expect(await getUnitScope(db, { role: "admin", provinceCode: null, unitCodes: [] })).toEqual(ALL_UNITS);
    expect(await getUnitScope(db, { role: "officer", provinceCode: null, unitCodes: [] })).toEqual(EMPTY);
    // The tip page is narrower for an administrator: only the duty desks they work (0056).
    expect(await getTipReadScope(db, { role: "admin", provinceCode: "48", unitCodes: [] })).toEqual({ kind: "units", units: ["48"] });
  });

  it("shows an officer their units' tips and the copies sent to them, and nothing of another unit", async () => {
    const db = database.db;
    const b = unitsScope([UNIT_B]);
    expect(await findTipForStaff(db, tipB, b)).toMatchObject({ id: tipB, access: "owner" });
    expect(await findTipForStaff(db, tipCopied, b)).toMatchObject({ id: tipCopied, access: "copy" });
    expect(await findTipForStaff(db, tipA, b)).toBeNull();
    const peers = await listClusterPeers(db, cluster, tipB, b);
    expect(peers.visible.map((p) => p.id)).toEqual([]);
    expect(peers.hidden).toBe(2);
    expect(await findCase(db, caseA, b)).toBeNull();
    expect((await listCopies(db, b, 10)).map((c) => c.id)).toEqual([tipCopied]);
  });

  it("lets an administrator's scope see every unit's tips, in the same queries", async () => {
    const db = database.db;
    expect(await findTipForStaff(db, tipElsewhere, ALL_UNITS)).toMatchObject({ id: tipElsewhere, access: "owner" });
    const peers = await listClusterPeers(db, cluster, tipA, ALL_UNITS);
    expect(peers.visible.map((p) => p.id).sort()).toEqual([tipB, tipElsewhere].sort());
    expect(peers.hidden).toBe(0);
    expect(await findCase(db, caseA, ALL_UNITS)).toMatchObject({ id: caseA });
    const queue = await listQueue(db, { scope: ALL_UNITS, tab: "new", limit: 50 });
    expect(queue.rows.map((r) => r.id)).toEqual(expect.arrayContaining([tipA, tipB, tipCopied, tipElsewhere]));
    expect((await countOpenQueue(db, ALL_UNITS)).routed).toBeGreaterThanOrEqual(4);
    expect((await rollupRowsFor(db, ALL_UNITS, "00004")).each).toEqual({ kind: "keys", keys: ["00004"] });
  });

  it("lets an empty scope see nothing, in every staff query", async () => {
    const db = database.db;
    const none: UnitScope = EMPTY;
    expect(await findTipForStaff(db, tipA, none)).toBeNull();
    expect(await findPhotoForStaff(db, 1, none)).toBeNull();
    expect(await listClusterPeers(db, cluster, tipA, none)).toMatchObject({ visible: [], hidden: 2 });
    expect(await findCase(db, caseA, none)).toBeNull();
    expect((await listCases(db, none, { limit: 10 })).rows).toEqual([]);
    expect((await listCasesOfTip(db, tipA, none)).visible).toEqual([]);
    expect((await listQueue(db, { scope: none, tab: "new", limit: 10 })).rows).toEqual([]);
    expect(await countOpenQueue(db, none)).toEqual({ routed: 0, in_progress: 0, waiting_tipster: 0 });
    expect(await listCopies(db, none, 10)).toEqual([]);
    expect(await listPendingIdentityRequests(db, none, ids.supervisor)).toEqual([]);
    expect(await listScopeUnits(db, none)).toEqual([]);
    expect((await listUnitTips(db, {
      unit: UNIT_A, scope: none, filters: { unit: null, category: null, channel: null, org: null }, window: { received: { from: "2000-01-01T00:00:00.000Z", to: "2100-01-01T00:00:00.000Z" } }, limit: 10, before: null,
    })).rows).toEqual([]);
    expect(await claimTip(db, tipA, { userId: ids.officerA, scope: none, at })).toBe(false);
    expect(await mergeTipIntoClusterOf(db, tipCopied, tipA, { userId: ids.officerA, scope: none, at })).toBe("not-found");
    expect(await createCase(db, { unitCode: UNIT_A, fields: fields("2/2026"), seizures: [], tipIds: [] }, { userId: ids.officerA, scope: none, at })).toBeNull();
  });
});
