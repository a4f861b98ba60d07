/**
 * Escalation and extensions with approval (issue 16 items 2 and 3) on a real database of
 * this run's dialect, with a controlled clock: an untaken tip is reported to its unit's
 * officers once after the unit's N hours; escalation goes to the unit's heads, then a day
 * later to the province's supervisors, once per step and in order; concurrent scans make
 * no duplicates; many overdue tips make one digest per recipient, not a storm; an
 * extension request is approved (new deadline) or refused (unchanged) by a head or a
 * supervisor of the province — never by its requester, never from another province;
 * retention takes escalations and their notifications with the tip.
 */
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePasswordHash } from "../setup/passwords";
import { decideExtension, requestExtension, scanEscalations, scanUnclaimedTips, SCAN_BATCH } from "../../core/escalation";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import {
  addUnitHead, listEscalations, listHeadCandidates, listUnitHeads, removeUnitHead, setUnclaimedHours, unclaimedTipsQuery,
} from "../../db/queries/escalation";
import { countPendingExtensionRequests, extensionMarkers, listExtensionRequests } from "../../db/queries/extension-requests";
import { purgeTipContent } from "../../db/queries/retention";
import { hashTipEvent } from "../../db/queries/tip-events";
import { unitsScope } from "../../db/queries/scope";
import { claimTip } from "../../db/queries/staff-tips";
import { createUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { deadlineFor } from "../../domain/deadline";
import { getApprovalScope } from "../../app/utils/auth.server";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedRoutedTip, seedUnits, seedUsers, UNIT_A, UNIT_B, CYBER } from "../setup/staff-fixtures";

/** Received 10:00 in Vietnam on 1 March 2026; the deadline is 21 March, 23:59:59. */
const RECEIVED = "2026-03-01T03:00:00.000Z";
const DEADLINE = deadlineFor(RECEIVED);
const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000);
const nextDayOf = (iso: string) => new Date(Date.parse(iso) + 86_400_000).toISOString();
const ADMIN_AT = "2026-02-01T00:00:00.000Z";

describe.each(DIALECTS)("escalation and extensions (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let ids: Awaited<ReturnType<typeof seedUsers>>;
  let headA: number;
  let supervisorHN: number;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    await seedUnits(db);
    ids = await seedUsers(db);
    const passwordHash = await fixturePasswordHash("x-password-long-enough");
    headA = await createUser(db, { email: "head.a@test.tinbao.vn", name: "Võ Thị Hà", role: "officer", passwordHash, provinceCode: null, unitCodes: [UNIT_A], createdAt: ADMIN_AT });
    supervisorHN = await createUser(db, { email: "sup.hn@test.tinbao.vn", name: "Đỗ Văn Hùng", role: "supervisor", passwordHash, provinceCode: "01", unitCodes: [], createdAt: ADMIN_AT });
    const admin = { userId: ids.admin, at: ADMIN_AT };
    expect(await addUnitHead(db, UNIT_A, headA, admin)).toBe(true);
    expect(await addUnitHead(db, UNIT_A, headA, admin)).toBe(false); // already
    expect(await addUnitHead(db, UNIT_A, ids.officerB, admin)).toBe(false); // not an officer of the unit
    expect(await addUnitHead(db, UNIT_B, ids.officerB, admin)).toBe(true);
    expect(await setUnclaimedHours(db, UNIT_A, 6, admin)).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await database?.destroy();
  });

  const notes = (tipId: number, kind?: string) =>
    db.selectFrom("notifications").select(["user_id", "kind", "step"]).where("tip_id", "=", tipId)
      .$if(kind !== undefined, (q) => q.where("kind", "=", kind!)).orderBy("user_id").orderBy("kind").execute();

  /** The escalation digests a scan at `at` made, as "user:kind" (a digest names one tip of its batch, not necessarily ours). */
  const digestsAt = async (at: string) =>
    (await db.selectFrom("notifications").select(["user_id", "kind"]).where("kind", "like", "escalation%").where("created_at", "=", at).execute())
      .map((n) => `${n.user_id}:${n.kind}`).sort();
  const stepOf = async (tipId: number, cause: string) =>
    (await db.selectFrom("escalations").select("step").where("tip_id", "=", tipId).where("cause", "=", cause).executeTakeFirst())?.step ?? 0;

  async function tipAt(unitCode: string, receivedAt = RECEIVED, deadlineAt = deadlineFor(receivedAt)): Promise<number> {
    const { tipId } = await seedRoutedTip(db, { unitCode });
    await db.updateTable("tips").set({ created_at: receivedAt, deadline_at: deadlineAt }).where("id", "=", tipId).execute();
    return tipId;
  }

  it("heads are named by an administrator, audited; only the unit's officers can be", async () => {
    expect((await listUnitHeads(db, UNIT_A)).map((h) => h.userId)).toEqual([headA]);
    expect((await listHeadCandidates(db, UNIT_A)).map((h) => h.userId)).toEqual([ids.officerA]);
    const audit = await db.selectFrom("audit_log").select(["type", "data"]).where("type", "in", ["unit_head_added", "unit_unclaimed_hours_set"]).execute();
    expect(audit.map((a) => a.type).sort()).toEqual(["unit_head_added", "unit_head_added", "unit_unclaimed_hours_set"]);
    expect(await removeUnitHead(db, UNIT_A, ids.officerA, { userId: ids.admin, at: ADMIN_AT })).toBe(false);
  });

  it("an untaken tip is reported to the unit's officers once, after the unit's N hours", async () => {
    const tipId = await tipAt(UNIT_A);
    await scanUnclaimedTips(db, plusHours(RECEIVED, 5.9));
    expect(await notes(tipId, "tip_unclaimed")).toEqual([]);
    for (const h of [6.01, 6.02, 7]) await scanUnclaimedTips(db, plusHours(RECEIVED, h));
    expect((await notes(tipId, "tip_unclaimed")).map((n) => n.user_id)).toEqual([ids.officerA, headA].sort((a, b) => a - b));
    // UNIT_B keeps the default 24 hours.
    const other = await tipAt(UNIT_B);
    await scanUnclaimedTips(db, plusHours(RECEIVED, 23));
    expect(await notes(other, "tip_unclaimed")).toEqual([]);
    await scanUnclaimedTips(db, plusHours(RECEIVED, 24.1));
    expect((await notes(other, "tip_unclaimed")).map((n) => n.user_id)).toEqual([ids.officerB]);
  });

  it("escalation: the unit's heads at 2×N hours (on the hour), the province's supervisors a day later, once each, in order", async () => {
    const tipId = await tipAt(UNIT_A, "2026-03-01T03:20:00.000Z");
    const cause = `unclaimed:${UNIT_A}`;
    await scanEscalations(db, new Date("2026-03-01T15:50:00.000Z")); // 12.5 h, but 15:00 is before 12 h were up
    expect(await stepOf(tipId, cause)).toBe(0);
    for (const t of ["2026-03-01T16:00:30.000Z", "2026-03-01T16:01:30.000Z"]) await scanEscalations(db, new Date(t));
    expect(await stepOf(tipId, cause)).toBe(1);
    expect(await digestsAt("2026-03-01T16:00:30.000Z")).toEqual([`${headA}:escalation_head`]);
    expect(await digestsAt("2026-03-01T16:01:30.000Z")).toEqual([]);
    await scanEscalations(db, new Date("2026-03-02T16:30:00.000Z")); // 24 h after 16:00:30 is not yet a whole hour past it
    expect(await stepOf(tipId, cause)).toBe(1);
    for (const t of ["2026-03-02T17:00:10.000Z", "2026-03-02T17:05:00.000Z", "2026-03-05T00:00:00.000Z"]) await scanEscalations(db, new Date(t));
    expect(await stepOf(tipId, cause)).toBe(2);
    expect(await digestsAt("2026-03-02T17:00:10.000Z")).toEqual([`${ids.supervisor}:escalation_province`]);
    expect(await digestsAt("2026-03-02T17:05:00.000Z")).toEqual([]);
    // The Hà Nội supervisor is never told of a Đà Nẵng unit.
    expect(await db.selectFrom("notifications").select("id").where("user_id", "=", supervisorHN).execute()).toEqual([]);
    const trail = await db.selectFrom("tip_events").select(["type", "data", "at"]).where("tip_id", "=", tipId).where("type", "=", "escalated").orderBy("id").execute();
    expect(trail.map((e) => JSON.parse(e.data))).toEqual([{ step: 1, cause: "unclaimed" }, { step: 2, cause: "unclaimed" }]);
    expect(trail[0]!.at < trail[1]!.at).toBe(true);
    // The supervisor's list shows it, at step 2; the other province's does not.
    const listed = await listEscalations(db, unitsScope([UNIT_A, UNIT_B, CYBER, "48"]), { limit: 100 });
    expect(listed.find((e) => e.tipId === tipId)).toMatchObject({ step: 2, unitCode: UNIT_A });
    expect((await listEscalations(db, unitsScope(["01", "00004"]), { limit: 100 })).some((e) => e.tipId === tipId)).toBe(false);
    // Taken: the cause is gone, it leaves the list.
    await claimTip(db, tipId, { userId: ids.officerA, scope: unitsScope([UNIT_A]), at: "2026-03-05T01:00:00.000Z" });
    expect((await listEscalations(db, unitsScope([UNIT_A]), { limit: 100 })).some((e) => e.tipId === tipId)).toBe(false);
  });

  it("an overdue tip is escalated; one taken before step 2 goes no further; an extended deadline that passes is a new cause", async () => {
    const overdue = await tipAt(UNIT_A);
    const taken = await tipAt(UNIT_A);
    await claimTip(db, overdue, { userId: ids.officerA, scope: unitsScope([UNIT_A]), at: RECEIVED });
    await claimTip(db, taken, { userId: ids.officerA, scope: unitsScope([UNIT_A]), at: RECEIVED });
    const deadlineCause = DEADLINE;
    await scanEscalations(db, new Date("2026-03-21T16:59:59.000Z"));
    expect(await stepOf(overdue, deadlineCause)).toBe(0);
    await scanEscalations(db, new Date("2026-03-21T17:00:05.000Z")); // 00:00 in Vietnam on the 22nd
    expect(await stepOf(overdue, deadlineCause)).toBe(1);
    expect(await digestsAt("2026-03-21T17:00:05.000Z")).toContain(`${headA}:escalation_head`);
    // Closed, or its deadline extended, before step 2: no supervisor hears of it.
    await db.updateTable("tips").set({ status: "closed", closed_at: "2026-03-22T01:00:00.000Z", valuable: 0 }).where("id", "=", taken).execute();
    const extended = deadlineFor(RECEIVED, 10);
    await db.updateTable("tips").set({ deadline_at: extended }).where("id", "=", overdue).execute();
    await scanEscalations(db, new Date("2026-03-23T00:00:00.000Z"));
    expect(await stepOf(overdue, deadlineCause)).toBe(1);
    expect(await stepOf(taken, deadlineCause)).toBe(1);
    const resolved = await db.selectFrom("escalations").select(["tip_id", "resolved_at"]).where("tip_id", "in", [overdue, taken]).where("cause", "=", deadlineCause).execute();
    expect(resolved.map((r) => r.resolved_at)).toEqual(["2026-03-23T00:00:00.000Z", "2026-03-23T00:00:00.000Z"]);
    // The new deadline passes: escalated again, for it.
    await scanEscalations(db, new Date("2026-04-01T00:00:00.000Z"));
    expect(await stepOf(overdue, extended)).toBe(1);
    expect(await digestsAt("2026-04-01T00:00:00.000Z")).toContain(`${headA}:escalation_head`);
  });

  it("two scans at once make no duplicates", async () => {
    const tips = await Promise.all(Array.from({ length: 20 }, () => tipAt(UNIT_A, "2026-06-01T02:30:00.000Z")));
    const moments = ["2026-06-01T15:00:10.000Z", "2026-06-02T17:00:10.000Z"];
    const second: DatabaseHandle | null = database.dir === null ? openDatabase(database.url) : null;
    try {
      const other = second?.db ?? db;
      for (const t of moments) {
        await Promise.all([scanUnclaimedTips(db, new Date(t)), scanUnclaimedTips(other, new Date(t)), scanEscalations(db, new Date(t)), scanEscalations(other, new Date(t))]);
      }
    } finally {
      await second?.close();
    }
    const rows = await db.selectFrom("notifications").select(["tip_id", "kind", "user_id", "step"]).where("tip_id", "in", tips).execute();
    expect(new Set(rows.map((r) => `${r.tip_id}:${r.kind}:${r.user_id}:${r.step}`)).size).toBe(rows.length);
    expect(rows.filter((r) => r.kind === "tip_unclaimed")).toHaveLength(tips.length * 2);
    // One digest per recipient per batch, whichever scan made it.
    expect((await digestsAt(moments[0]!)).filter((d) => d === `${headA}:escalation_head`)).toHaveLength(1);
    expect((await digestsAt(moments[1]!)).filter((d) => d === `${ids.supervisor}:escalation_province`)).toHaveLength(1);
    const trail = await db.selectFrom("tip_events").select(["tip_id"]).where("tip_id", "in", tips).where("type", "=", "escalated").execute();
    expect(trail).toHaveLength(tips.length * 2);
  }, 60_000);

  it("no storm: 700 overdue tips of a unit make one notification per batch for its head, and a day later for each supervisor", async () => {
    const template = await tipAt(UNIT_B, "2026-07-01T03:00:00.000Z");
    await claimTip(db, template, { userId: ids.officerB, scope: unitsScope([UNIT_B]), at: "2026-07-01T04:00:00.000Z" });
    const row = await db.selectFrom("tips").selectAll().where("id", "=", template).executeTakeFirstOrThrow();
    const { id: _id, queue_rank: _rank, ...copy } = row;
    for (let chunk = 0; chunk < 7; chunk++) {
      await db.insertInto("tips").values(Array.from({ length: chunk === 6 ? 99 : 100 }, (_, i) => ({ ...copy, receipt_hash: `${copy.receipt_hash}-${chunk}-${i}` }))).execute();
    }
    const start = "2026-07-21T17:00:30.000Z";
    let made = 0;
    for (let minute = 0; minute < 5; minute++) made += (await scanEscalations(db, new Date(Date.parse(start) + minute * 60_000))).created;
    const toHead = await db.selectFrom("notifications").select("id").where("user_id", "=", ids.officerB).where("unit_code", "=", UNIT_B).where("kind", "=", "escalation_head").where("created_at", ">=", start).execute();
    // Other units' tips share the scan's batches (overdue ones, then untaken ones): at most one digest per batch the unit appears in.
    const batches = async (column: "step1_at" | "step2_at", at: string) => {
      const rows = await db.selectFrom("escalations").select("cause").where(column, "=", at).execute();
      const unclaimed = rows.filter((r) => r.cause.startsWith("unclaimed:")).length;
      return Math.ceil((rows.length - unclaimed) / SCAN_BATCH) + Math.ceil(unclaimed / SCAN_BATCH);
    };
    expect(toHead.length).toBeGreaterThanOrEqual(Math.ceil(700 / SCAN_BATCH));
    expect(toHead.length).toBeLessThanOrEqual(await batches("step1_at", start));
    expect(await batches("step1_at", start)).toBeLessThanOrEqual(3);
    // The minutes after found nothing new.
    expect(await db.selectFrom("notifications").select("id").where("kind", "like", "escalation%").where("created_at", ">", start).where("created_at", "<", nextDayOf(start)).execute()).toEqual([]);
    const nextDay = "2026-07-22T18:00:30.000Z";
    for (let minute = 0; minute < 3; minute++) await scanEscalations(db, new Date(Date.parse(nextDay) + minute * 60_000));
    const toSupervisor = await db.selectFrom("notifications").select("id").where("user_id", "=", ids.supervisor).where("kind", "=", "escalation_province").where("unit_code", "=", UNIT_B).where("created_at", ">=", nextDay).execute();
    expect(toSupervisor.length).toBeGreaterThanOrEqual(Math.ceil(700 / SCAN_BATCH));
    expect(toSupervisor.length).toBeLessThanOrEqual(await batches("step2_at", nextDay));
    expect(made).toBeGreaterThan(0);
    const escalated = await db.selectFrom("escalations").select((eb) => eb.fn.countAll<number | string>().as("n")).where("unit_code", "=", UNIT_B).where("step", "=", 2).where("step2_at", ">=", nextDay).executeTakeFirstOrThrow();
    expect(Number(escalated.n)).toBe(700);
  }, 120_000);

  it("an extension request is approved by a head (new deadline) or refused by a supervisor (unchanged), never by its requester or another province", async () => {
    const tipId = await tipAt(UNIT_A, "2026-09-01T03:00:00.000Z");
    const deadline = deadlineFor("2026-09-01T03:00:00.000Z"); // 21 September
    const requester = { userId: ids.officerA, scope: unitsScope([UNIT_A]), at: "2026-09-10T02:00:00.000Z" };
    expect(await requestExtension(db, tipId, { newDay: "2026-09-21", reason: "Chờ giám định" }, requester)).toEqual({ ok: false, field: "newDate", error: "notLater" });
    expect(await requestExtension(db, tipId, { newDay: "2026-11-21", reason: "Chờ giám định" }, requester)).toEqual({ ok: false, field: "newDate", error: "extensionTooLong" });
    expect(await requestExtension(db, tipId, { newDay: "2026-02-30", reason: "Chờ giám định" }, requester)).toEqual({ ok: false, field: "newDate", error: "notADate" });
    const filed = await requestExtension(db, tipId, { newDay: "2026-10-01", reason: "Chờ kết quả giám định" }, requester);
    expect(filed).toMatchObject({ ok: true, unitCode: UNIT_A });
    expect(await requestExtension(db, tipId, { newDay: "2026-10-05", reason: "Lần nữa" }, requester)).toEqual({ ok: false, problem: "extensionPending" });
    const requestId = (filed as { requestId: number }).requestId;
    // The approvers hear of it (the head and the province's supervisor), not the requester nor another province.
    expect((await notes(tipId, "extension_requested")).map((n) => n.user_id).sort()).toEqual([headA, ids.supervisor].sort((a, b) => a - b));
    expect(await extensionMarkers(db, [tipId])).toEqual({ [tipId]: "pending" });
    const supervisorScope = await getApprovalScope(db, { id: ids.supervisor, role: "supervisor", provinceCode: "48", unitCodes: [] });
    expect(await countPendingExtensionRequests(db, supervisorScope)).toBe(1);
    expect((await listExtensionRequests(db, supervisorScope, "pending", 10)).map((r) => r.id)).toEqual([requestId]);

    const hanoi = await getApprovalScope(db, { id: supervisorHN, role: "supervisor", provinceCode: "01", unitCodes: [] });
    expect(await decideExtension(db, requestId, { approve: true, note: "ok" }, { userId: supervisorHN, scope: hanoi, at: "2026-09-10T03:00:00.000Z" })).toEqual({ ok: false, problem: "notFound" });
    const plainOfficer = await getApprovalScope(db, { id: ids.officerB, role: "officer", provinceCode: null, unitCodes: [UNIT_B] });
    expect(await decideExtension(db, requestId, { approve: true, note: "ok" }, { userId: ids.officerB, scope: plainOfficer, at: "2026-09-10T03:00:00.000Z" })).toEqual({ ok: false, problem: "notFound" });
    // Even a head who asked cannot approve their own.
    const headScope = await getApprovalScope(db, { id: headA, role: "officer", provinceCode: null, unitCodes: [UNIT_A] });
    expect(headScope).toEqual(unitsScope([UNIT_A]));

    const approved = await decideExtension(db, requestId, { approve: true, note: "Đồng ý" }, { userId: headA, scope: headScope, at: "2026-09-10T04:00:00.000Z" });
    expect(approved).toMatchObject({ ok: true, tipId, requesterId: ids.officerA });
    const after = await db.selectFrom("tips").select("deadline_at").where("id", "=", tipId).executeTakeFirstOrThrow();
    expect(after.deadline_at).toBe(deadlineFor("2026-09-01T03:00:00.000Z", 10));
    expect(after.deadline_at > deadline).toBe(true);
    expect(await decideExtension(db, requestId, { approve: false, note: "x" }, { userId: ids.supervisor, scope: supervisorScope, at: "2026-09-10T05:00:00.000Z" })).toEqual({ ok: false, problem: "alreadyDecided" });
    expect((await notes(tipId, "extension_decided")).map((n) => n.user_id)).toEqual([ids.officerA]);
    expect(await extensionMarkers(db, [tipId])).toEqual({ [tipId]: "granted" });

    // The head asks; they cannot approve it themselves; a supervisor refuses; nothing moves.
    const own = await requestExtension(db, tipId, { newDay: "2026-10-20", reason: "Cần xác minh thêm" }, { userId: headA, scope: unitsScope([UNIT_A]), at: "2026-09-11T02:00:00.000Z" });
    const ownId = (own as { requestId: number }).requestId;
    expect(await decideExtension(db, ownId, { approve: true, note: "tự duyệt" }, { userId: headA, scope: headScope, at: "2026-09-11T03:00:00.000Z" })).toEqual({ ok: false, problem: "ownRequest" });
    expect((await notes(tipId, "extension_requested")).filter((n) => n.step === `request:${ownId}`).map((n) => n.user_id)).toEqual([ids.supervisor]);
    expect(await decideExtension(db, ownId, { approve: false, note: "Chưa đủ căn cứ" }, { userId: ids.supervisor, scope: supervisorScope, at: "2026-09-11T04:00:00.000Z" })).toMatchObject({ ok: true });
    expect((await db.selectFrom("tips").select("deadline_at").where("id", "=", tipId).executeTakeFirstOrThrow()).deadline_at).toBe(after.deadline_at);
    const trail = await db.selectFrom("tip_events").select("type").where("tip_id", "=", tipId).where("type", "like", "extension_%").orderBy("id").execute();
    expect(trail.map((e) => e.type)).toEqual(["extension_requested", "extension_approved", "extension_requested", "extension_refused"]);
    const extensions = await db.selectFrom("deadline_extensions").select(["days", "user_id"]).where("tip_id", "=", tipId).execute();
    expect(extensions).toEqual([{ days: 10, user_id: headA }]);
  });

  it("retention removes the escalations and notifications of purged tips", async () => {
    const tipId = await tipAt(UNIT_A, "2026-10-01T03:00:00.000Z");
    await scanEscalations(db, new Date("2026-10-22T00:00:00.000Z"));
    expect((await db.selectFrom("escalations").select("tip_id").where("tip_id", "=", tipId).execute()).length).toBe(2); // overdue and unclaimed
    await db.updateTable("tips").set({ status: "closed", closed_at: "2026-10-25T00:00:00.000Z", valuable: 0 }).where("id", "=", tipId).execute();
    await purgeTipContent(db, [tipId], "2027-11-01T00:00:00.000Z");
    expect(await db.selectFrom("escalations").select("tip_id").where("tip_id", "=", tipId).execute()).toEqual([]);
    expect(await notes(tipId)).toEqual([]);
  });

  it("the unclaimed scan reads the tips_unclaimed index, not every tip; tips routed since its mark, tips_routed_updated", async () => {
    const reads = [
      { read: { hours: 24, before: RECEIVED, from: "2026-02-27T03:00:00.000Z", limit: 500 }, index: "tips_unclaimed", column: "created_at" },
      { read: { hours: 24, before: RECEIVED, routedSince: "2026-02-28T03:00:00.000Z", limit: 500 }, index: "tips_routed_updated", column: "updated_at" },
    ];
    for (const { read, index, column } of reads) {
      const compiled = unclaimedTipsQuery(db, read).compile();
      if (database.dir === null) {
        const plan = await db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          return trx.executeQuery<{ "QUERY PLAN": string }>({ ...compiled, sql: `explain ${compiled.sql}` });
        });
        expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain(index);
      } else {
        // SQLite may take the partial index or the (status, …) index: either reads only the untaken tips, never every tip.
        const plan = (await db.executeQuery<{ detail: string }>({ ...compiled, sql: `explain query plan ${compiled.sql}` })).rows.map((r) => r.detail).join("\n");
        expect(plan).toMatch(new RegExp(`SEARCH tips USING (COVERING )?INDEX (${index}|tips_status\\w*) \\((status=\\?|${column}[<>]\\?)`));
        expect(plan).not.toMatch(/SCAN tips(?! USING)/);
      }
    }
  });

  it("a tip escalated for two causes at once gets both events on its trail, one hash chain", async () => {
    // Untaken for 2×6 hours and past its (short) deadline: step 1 for both at 16:00, step 2 for both a day later, in one batch.
    const tipId = await tipAt(UNIT_A, "2026-12-01T03:20:00.000Z", "2026-12-01T09:00:00.000Z");
    await scanEscalations(db, new Date("2026-12-01T16:00:30.000Z"));
    await scanEscalations(db, new Date("2026-12-02T17:00:10.000Z"));
    const events = await db.selectFrom("tip_events").select(["type", "at", "actor_kind", "actor_user_id", "data", "prev_hash", "hash"])
      .where("tip_id", "=", tipId).orderBy("id").execute();
    const escalated = events.filter((e) => e.type === "escalated").map((e) => JSON.parse(e.data) as { step: number; cause: string });
    expect(escalated.filter((e) => e.step === 1).map((e) => e.cause).sort()).toEqual(["overdue", "unclaimed"]);
    expect(escalated.filter((e) => e.step === 2).map((e) => e.cause).sort()).toEqual(["overdue", "unclaimed"]);
    let previous: string | null = null;
    for (const e of events) {
      expect(e.prev_hash).toBe(previous);
      expect(e.hash).toBe(hashTipEvent({ tipId, at: e.at, actorKind: e.actor_kind, actorUserId: e.actor_user_id, type: e.type, data: e.data, prevHash: e.prev_hash }));
      previous = e.hash;
    }
  });
});
