/**
 * Officers' changes to tips (db/queries/staff-tips.ts, clusters.ts) on the
 * run's dialect: each only within the officer's units and allowed states, each
 * with its event in the tip's hash-chained trail, in the same transaction.
 */
import { unitsScope } from "../../db/queries/scope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeTipIntoClusterOf, splitTipFromCluster, listExcludedClusters } from "../../db/queries/clusters";
import { listMessages } from "../../db/queries/messages";
import {
  askTipster, claimTip, closeTip, findTipForStaff, listClusterPeers, markTipValuable, recordIdentityView, rerouteTip,
} from "../../db/queries/staff-tips";
import { decideExtensionRequest, fileExtensionRequest } from "../../db/queries/extension-requests";
import { hashTipEvent, listTipEvents } from "../../db/queries/tip-events";
import { openIdentity } from "../../core/platform/crypto";
import { deadlineFor } from "../../domain/deadline";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { joinCluster, newCluster, SECRETS, seedRoutedTip, seedUnits, seedUsers, UNIT_A, UNIT_B } from "../setup/staff-fixtures";

describe.each(DIALECTS)("working a tip on %s", (_dialect, create) => {
  let database: TestDatabase;
  let ids: Awaited<ReturnType<typeof seedUsers>>;
  const now = () => new Date().toISOString();
  const officerA = () => ({ userId: ids.officerA, scope: unitsScope([UNIT_A]), at: now() });
  const officerB = () => ({ userId: ids.officerB, scope: unitsScope([UNIT_B]), at: now() });
  const types = async (tipId: number) => (await listTipEvents(database.db, tipId)).map((e) => e.type);

  beforeAll(async () => {
    database = await create();
    await seedUnits(database.db);
    ids = await seedUsers(database.db);
  });
  afterAll(async () => database?.destroy());

  it("claims a routed tip once, only within the officer's units", async () => {
    const { tipId } = await seedRoutedTip(database.db);
    expect(await claimTip(database.db, tipId, officerB())).toBe(false); // another unit's tip
    const [first, second] = await Promise.all([
      claimTip(database.db, tipId, officerA()),
      claimTip(database.db, tipId, { ...officerA(), userId: ids.supervisor }),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1); // two officers at once: one wins
    const tip = await findTipForStaff(database.db, tipId, unitsScope([UNIT_A]));
    expect(tip).toMatchObject({ status: "in_progress", access: "owner" });
    expect(tip!.firstTriagedAt).not.toBeNull();
    expect((await types(tipId)).filter((t) => t === "claimed")).toHaveLength(1);
    expect(await findTipForStaff(database.db, tipId, unitsScope([UNIT_B]))).toBeNull();
  });

  it("marks value, refuses to close before it, closes after", async () => {
    const { tipId } = await seedRoutedTip(database.db);
    expect(await closeTip(database.db, tipId, officerA())).toBe(false);
    expect(await markTipValuable(database.db, tipId, { valuable: true, reason: "Xác minh đúng, đã bắt quả tang" }, officerB())).toBe(false);
    expect(await markTipValuable(database.db, tipId, { valuable: true, reason: "Xác minh đúng, đã bắt quả tang" }, officerA())).toBe(true);
    expect(await closeTip(database.db, tipId, officerA())).toBe(true);
    expect(await markTipValuable(database.db, tipId, { valuable: false, reason: "đổi ý" }, officerA())).toBe(false); // closed is final
    const tip = await findTipForStaff(database.db, tipId, unitsScope([UNIT_A]));
    expect(tip).toMatchObject({ status: "closed", valuable: true, valuableReason: "Xác minh đúng, đã bắt quả tang" });
    expect(await types(tipId)).toEqual(["received", "routed", "valuable_marked", "closed"]);
  });

  it("reroutes: the tip leaves the queue, unclaimed and routed again", async () => {
    const { tipId } = await seedRoutedTip(database.db);
    await claimTip(database.db, tipId, officerA());
    expect(await rerouteTip(database.db, tipId, { toUnit: "no-such-unit", reason: "sai địa bàn" }, officerA())).toBeNull();
    expect(await rerouteTip(database.db, tipId, { toUnit: UNIT_A, reason: "sai địa bàn" }, officerA())).toBeNull();
    expect(await rerouteTip(database.db, tipId, { toUnit: UNIT_B, reason: "Xảy ra ở Hải Châu" }, officerA())).toEqual({ fromUnit: UNIT_A });
    expect(await findTipForStaff(database.db, tipId, unitsScope([UNIT_A]))).toBeNull();
    expect(await findTipForStaff(database.db, tipId, unitsScope([UNIT_B]))).toMatchObject({ status: "routed", claimedBy: null, unitCode: UNIT_B });
    const events = await listTipEvents(database.db, tipId);
    expect(events.at(-1)).toMatchObject({ type: "rerouted", data: { fromUnit: UNIT_A, toUnit: UNIT_B, reason: "Xảy ra ở Hải Châu" } });
  });

  it("asks the tipster a question: message in the thread, status waiting", async () => {
    const { tipId } = await seedRoutedTip(database.db);
    expect(await askTipster(database.db, tipId, "Bạn thấy mấy người?", officerB())).toBeNull();
    const messageId = await askTipster(database.db, tipId, "Bạn thấy mấy người?", officerA());
    expect(messageId).not.toBeNull();
    expect(await listMessages(database.db, tipId)).toMatchObject([{ id: messageId, author: "officer", body: "Bạn thấy mấy người?" }]);
    expect((await findTipForStaff(database.db, tipId, unitsScope([UNIT_A])))!.status).toBe("waiting_tipster");
    // A NUL smuggled into a form is no reason to fail (PostgreSQL cannot store it: db/strip-nul.ts).
    const smuggled = await askTipster(database.db, tipId, "Còn\0 ai khác\0 không?", officerA());
    expect(smuggled).not.toBeNull();
    const stored = (await listMessages(database.db, tipId)).find((m) => m.id === smuggled)!;
    expect(stored.body.replaceAll("\0", "")).toBe("Còn ai khác không?");
    expect(await types(tipId)).toContain("question_sent");
  });

  it("reveals an identity only to the owning unit, recording who and why first", async () => {
    const { tipId } = await seedRoutedTip(database.db, { reporter: { name: "Lê Thị Hoa", phone: "0905123456" } });
    // Since issue 18 item 13, only with a custodian's approval (tests/integration/identity-requests.test.ts).
    const at = new Date().toISOString();
    await database.db.insertInto("identity_requests").values([ids.officerA, ids.officerB].map((requester_id) => ({
      tip_id: tipId, requester_id, reason: "Cần liên hệ để lấy lời khai", status: "approved" as const, created_at: at,
      decided_by: ids.supervisor, decided_at: at, note: "Đồng ý", expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    }))).execute();
    expect(await recordIdentityView(database.db, tipId, officerB())).toBeNull();
    const sealed = await recordIdentityView(database.db, tipId, officerA());
    expect(openIdentity(sealed!, SECRETS.DATA_KEY)).toEqual({ name: "Lê Thị Hoa", phone: "0905123456" });
    const events = await listTipEvents(database.db, tipId);
    expect(events.at(-1)).toMatchObject({ type: "identity_viewed", actorUserId: ids.officerA, data: { reason: "Cần liên hệ để lấy lời khai" } });
    const audit = await database.db.selectFrom("audit_log").select(["type", "actor_user_id"]).where("type", "=", "identity_viewed").execute();
    expect(audit).toEqual([{ type: "identity_viewed", actor_user_id: ids.officerA }]);
    const anonymous = await seedRoutedTip(database.db);
    expect(await recordIdentityView(database.db, anonymous.tipId, officerA())).toBeNull();
  });

  it("extends the deadline once per request, with the reason recorded, when two approvers decide at once", async () => {
    const { tipId } = await seedRoutedTip(database.db);
    const tip = (await findTipForStaff(database.db, tipId, unitsScope([UNIT_A])))!;
    const change = { days: 10, reason: "Cần giám định", previousDeadline: tip.deadlineAt, newDeadline: deadlineFor(tip.createdAt, 10) };
    const filed = await fileExtensionRequest(database.db, tipId, change, officerA());
    const again = await fileExtensionRequest(database.db, tipId, change, officerA());
    expect(again).toEqual({ ok: false, problem: "extensionPending" });
    const requestId = (filed as { requestId: number }).requestId;
    const approver = (userId: number) => ({ userId, scope: unitsScope([UNIT_A]), at: now() });
    const [a, b] = await Promise.all([
      decideExtensionRequest(database.db, requestId, { approve: true, note: "Đồng ý" }, approver(ids.supervisor)),
      decideExtensionRequest(database.db, requestId, { approve: true, note: "Đồng ý" }, approver(ids.admin)),
    ]);
    expect([a, b].filter((outcome) => outcome.ok)).toHaveLength(1);
    expect([a, b].find((outcome) => !outcome.ok)).toEqual({ ok: false, problem: "alreadyDecided" });
    expect((await findTipForStaff(database.db, tipId, unitsScope([UNIT_A])))!.deadlineAt).toBe(change.newDeadline);
    const rows = await database.db.selectFrom("deadline_extensions").select(["days", "reason"]).where("tip_id", "=", tipId).execute();
    expect(rows).toEqual([{ days: 10, reason: "Cần giám định" }]);
  });

  it("merges a tip into another's cluster and splits it out again, keeping sizes exact and the split remembered", async () => {
    const cluster = await newCluster(database.db);
    const first = await seedRoutedTip(database.db, { clusterId: cluster });
    const second = await seedRoutedTip(database.db, { clusterId: cluster });
    await joinCluster(database.db, (await seedRoutedTip(database.db)).tipId, cluster);
    const loner = await seedRoutedTip(database.db);
    const size = async (id: number) => (await database.db.selectFrom("clusters").select("size").where("id", "=", id).executeTakeFirstOrThrow()).size;
    const clusterOf = async (tipId: number) => (await database.db.selectFrom("tips").select(["cluster_id", "cluster_size"]).where("id", "=", tipId).executeTakeFirstOrThrow());
    expect(await size(cluster)).toBe(3);

    expect(await mergeTipIntoClusterOf(database.db, loner.tipId, first.tipId, officerB())).toBe("not-found");
    expect(await mergeTipIntoClusterOf(database.db, loner.tipId, first.tipId, officerA())).toBe("merged");
    expect(await mergeTipIntoClusterOf(database.db, loner.tipId, second.tipId, officerA())).toBe("same-cluster");
    expect(await size(cluster)).toBe(4);
    expect(await clusterOf(loner.tipId)).toEqual({ cluster_id: cluster, cluster_size: 4 });
    expect(await clusterOf(first.tipId)).toEqual({ cluster_id: cluster, cluster_size: 4 });

    expect(await splitTipFromCluster(database.db, second.tipId, "Khác vụ việc", officerA())).toBe(true);
    expect(await size(cluster)).toBe(3);
    const own = await clusterOf(second.tipId);
    expect(own.cluster_id).not.toBe(cluster);
    expect(own.cluster_size).toBe(1);
    expect(await listExcludedClusters(database.db, second.tipId)).toEqual([cluster]);
    expect(await splitTipFromCluster(database.db, second.tipId, "again", officerA())).toBe(false); // alone now

    const peers = await listClusterPeers(database.db, cluster, first.tipId, unitsScope([UNIT_A]));
    expect(peers.visible.map((p) => p.id).sort()).toContain(loner.tipId);
    expect(peers.hidden).toBe(0);
    expect(await listClusterPeers(database.db, cluster, first.tipId, unitsScope([UNIT_B]))).toMatchObject({ visible: [], hidden: 2 });
    expect(await types(loner.tipId)).toContain("cluster_merged");
    expect(await types(first.tipId)).toContain("cluster_joined");
    expect(await types(second.tipId)).toContain("cluster_split");
  });

  it("keeps every tip's audit trail an unbroken hash chain", async () => {
    const tips = await database.db.selectFrom("tips").select("id").execute();
    for (const { id } of tips) {
      const rows = await database.db.selectFrom("tip_events").selectAll().where("tip_id", "=", id).orderBy("id").execute();
      let prev: string | null = null;
      for (const r of rows) {
        expect(r.prev_hash).toBe(prev);
        expect(r.hash).toBe(hashTipEvent({ tipId: r.tip_id, at: r.at, actorKind: r.actor_kind, actorUserId: r.actor_user_id, type: r.type, data: r.data, prevHash: r.prev_hash }));
        prev = r.hash;
      }
    }
  });
});
