/**
 * A tip's placement on PostgreSQL in few statements (docs/decisions/0094): every statement is a
 * round trip to the server, so the count is the cost. The placement is counted through Kysely's
 * log on a second connection pool to the same database: a lone tip, and a tip with one and with
 * four clusters in play (a read per cluster, or per candidate, would show as a count that grows).
 * The one-statement candidates read gives what the read-by-read path (SQLite's) gives, in the same
 * order, on a crowded ward with ties across categories and points next door; the placement's own
 * update follows a retired unit to the unit that took over from it.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow, type IntakeDeps, type NewTipInput } from "../../core/tips";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { readCandidatesOnPostgres, readCandidatesOneByOne, type CandidatesQuery } from "../../db/queries/pipeline";
import { findFirstChainBreak, listTipEvents } from "../../db/queries/tip-events";
import { processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { ReceiptHasher } from "../../core/receipts";
import { createPgTestDatabase, TEST_DIALECT, type TestDatabase } from "../setup/db";

const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
const SECRETS = { dataKey: Buffer.alloc(32, 9).toString("base64"), receipts: new ReceiptHasher("placement-statements-salt") };
/** Statements of a placement that starts its own cluster: begin, the tip (locked), the ward's turn, the candidates, the cluster, the placement, the trail, the notifications, commit. */
const LONE_TIP_STATEMENTS = 9;
/** Joining a cluster adds the group read; merging two others adds the officers' splits among them and the merge's three writes. */
const JOIN_STATEMENTS = LONE_TIP_STATEMENTS + 1;
const MERGE_STATEMENTS = 4;

describe.skipIf(TEST_DIALECT !== "postgres")("a tip's placement on PostgreSQL (docs/decisions/0094)", () => {
  let database: TestDatabase;
  let counted: DatabaseHandle;
  let deps: IntakeDeps;
  let triage: ReturnType<typeof createTriageContextCache>;
  const statements: string[] = [];
  let counting = false;

  const submit = async (input: Partial<NewTipInput>) =>
    (await acceptTipOrThrow(deps, {
      channel: "web", category: "theft", occurredAt: "2026-10-03T21:30:00+07:00", occurredPrecision: "exact",
      description: "Trộm bẻ khóa lấy xe Exciter trong nhà trọ trên đường Tôn Đức Thắng lúc 2 giờ sáng.",
      location: { kind: "ward", wardCode: "20305" }, reporter: null, ...input,
    })).tipId;
  /** Places the tip through the counted pool; returns the statements it sent. */
  const place = async (tipId: number) => {
    statements.length = 0;
    counting = true;
    try {
      expect(await processIntake({ db: counted.db, triage, homeProvinces: ["48"] }, tipId)).toBe("routed");
    } finally {
      counting = false;
    }
    return [...statements];
  };
  const tipRow = (id: number) => database.db.selectFrom("tips").select(["cluster_id", "unit_code", "status"]).where("id", "=", id).executeTakeFirstOrThrow();
  /** Puts a tip alone in a cluster of its own (as an earlier officer's move could leave it), without a split. */
  const moveToOwnCluster = async (id: number) => {
    const { cluster_id: left } = await tipRow(id);
    const [own] = await database.db.insertInto("clusters").values({ created_at: new Date().toISOString(), size: 1, merged_into: null }).returning("id").execute();
    await database.db.updateTable("tips").set({ cluster_id: own!.id }).where("id", "=", id).execute();
    await database.db.updateTable("clusters").set((eb) => ({ size: eb("size", "-", 1) })).where("id", "=", left!).execute();
  };

  beforeAll(async () => {
    database = await createPgTestDatabase();
    await importUnits(database.db, "48");
    await importBoundaries(database.db, BOUNDARIES);
    deps = { db: database.db, ...SECRETS };
    counted = openDatabase(database.url, { log: (event) => { if (counting) statements.push(event.query.sql.replace(/\s+/g, " ")); } });
    // A clock that stands still: the worker's caches are not re-read in the middle of a count.
    triage = createTriageContextCache(counted.db, () => 0);
    // The first placement fills the worker's caches (the province units); not counted.
    await processIntake({ db: counted.db, triage, homeProvinces: ["48"] }, await submit({ category: "other", location: { kind: "ward", wardCode: "20242" }, description: "Khởi động." }));
  }, 120_000);
  afterAll(async () => {
    await counted?.close();
    await database?.destroy();
  });

  it("places a tip that starts its own cluster in nine statements", async () => {
    const sent = await place(await submit({ category: "gambling", location: { kind: "ward", wardCode: "20263" }, description: "Tụ điểm đánh bạc xóc đĩa sau chợ, tối nào cũng đông người." }));
    expect(sent.length, sent.join("\n")).toBeLessThanOrEqual(LONE_TIP_STATEMENTS);
    expect(sent[0]).toBe("begin");
    expect(sent.at(-1)).toBe("commit");
  });

  it("joins, and merges two clusters in play, reading the groups in one statement", async () => {
    const base = { category: "theft" as const, location: { kind: "ward" as const, wardCode: "20305" } };
    const a = await submit({ ...base, occurredAt: "2026-07-05T02:00:00+07:00", description: "Trộm bẻ khóa lấy xe Exciter trong nhà trọ trên đường Tôn Đức Thắng lúc 2 giờ sáng." });
    await place(a);
    const b = await submit({ ...base, occurredAt: "2026-07-05T03:00:00+07:00", description: "Camera nhà trọ quay được hai thanh niên dắt xe Exciter ra khỏi cổng lúc 3h, đội mũ lưỡi trai." });
    const joining = await place(b);
    expect((await tipRow(b)).cluster_id).toBe((await tipRow(a)).cluster_id);
    expect(joining.length, joining.join("\n")).toBeLessThanOrEqual(JOIN_STATEMENTS);
    // Two reports of one incident in separate clusters (an earlier officer's move): a third report matches both.
    await moveToOwnCluster(b);
    const c = await submit({ ...base, occurredAt: "2026-07-05T02:30:00+07:00", description: "Nhà trọ Tôn Đức Thắng mất xe Exciter lúc 2-3h sáng, camera quay được hai thanh niên đội mũ lưỡi trai bẻ khóa." });
    const merging = await place(c);
    const [ta, tb, tc] = await Promise.all([a, b, c].map(tipRow));
    expect(tb.cluster_id).toBe(ta.cluster_id);
    expect(tc.cluster_id).toBe(ta.cluster_id);
    expect(merging.length, merging.join("\n")).toBeLessThanOrEqual(JOIN_STATEMENTS + MERGE_STATEMENTS);
    // The groups in play are read in one statement, not one a cluster.
    expect(merging.filter((s) => /from tips where cluster_id = /.test(s) || /where "cluster_id" = \$1/.test(s))).toHaveLength(1);
    expect((await findFirstChainBreak(database.db)).break).toBeNull();
  });

  it("follows a retired unit to the one that took over from it, two steps away, in the placement's own update", async () => {
    const id = await submit({ category: "usury", location: { kind: "ward", wardCode: "20209" }, description: "Có người cho vay nặng lãi dán quảng cáo khắp kiệt." });
    // Retired after the tip came in, before the worker placed it.
    await database.db.updateTable("units").set({ active: 0, successor_code: "20263" }).where("code", "=", "20209").execute();
    await database.db.updateTable("units").set({ active: 0, successor_code: "20242" }).where("code", "=", "20263").execute();
    try {
      const sent = await place(id);
      expect(sent.some((s) => /from "units"/.test(s))).toBe(false);
      expect(await tipRow(id)).toMatchObject({ unit_code: "20242", status: "routed" });
      const routed = (await listTipEvents(database.db, id)).find((e) => e.type === "routed")!;
      expect(routed.data.unitCode).toBe("20242");
      expect((await findFirstChainBreak(database.db)).break).toBeNull();
    } finally {
      await database.db.updateTable("units").set({ active: 1, successor_code: null }).where("code", "in", ["20209", "20263"]).execute();
    }
  });

  it("reads the same candidates in one statement as read by read, in the same order", async () => {
    // A crowded ward: every category, times that tie across categories, identifiers, map points next door.
    const categories = ["theft", "robbery", "drugs", "gambling", "other", "violence", "fraud"];
    for (let i = 0; i < 42; i++) {
      const hour = String(i % 12).padStart(2, "0");
      await place(await submit({
        category: categories[i % categories.length], occurredAt: `2026-11-0${1 + (i % 3)}T${hour}:00:00+07:00`,
        location: i % 5 === 0 ? { kind: "point", lat: 16.0605 + (i % 4) * 0.001, lng: 108.2215 } : { kind: "ward", wardCode: "20275" },
        description: `Báo tin số ${i}: có người khả nghi quanh khu chợ, số điện thoại 0905${String(100000 + i)} và biển số 43A-${String(10000 + i)}.`,
      }));
    }
    const probe = await submit({ category: "other", location: { kind: "ward", wardCode: "20275" }, occurredAt: "2026-11-02T05:00:00+07:00", description: "Có người lạ hỏi han nhiều nhà trong kiệt rồi bỏ đi." });
    const someCluster = (await tipRow(probe - 1)).cluster_id!;
    await database.db.insertInto("cluster_exclusions").values({ tip_id: probe, cluster_id: someCluster, created_by: null, created_at: new Date().toISOString() }).execute();
    const around = "2026-11-01T22:00:00.000Z";
    const day = 86_400_000;
    const query = (category: string, compatible: string[], points: boolean): CandidatesQuery => ({
      wardCode: "20275", categories: compatible, around, from: new Date(Date.parse(around) - 30 * day).toISOString(), to: new Date(Date.parse(around) + 30 * day).toISOString(),
      perSide: 5, excludeTipId: probe, category, max: 24,
      points: points ? {
        wardCodes: ["20275", "20263", "20242"], categories: compatible, from: new Date(Date.parse(around) - 2 * day).toISOString(), to: new Date(Date.parse(around) + 2 * day).toISOString(),
        limit: 12, box: { minLat: 16.05, maxLat: 16.07, minLng: 108.21, maxLng: 108.23 },
      } : null,
    });
    for (const q of [query("other", categories, false), query("other", categories, true), query("theft", ["theft", "robbery"], true), query("drugs", ["drugs"], false)]) {
      const one = await readCandidatesOnPostgres(database.db, q);
      const byReads = await readCandidatesOneByOne(database.db, q);
      expect(one.candidates.map((c) => c.id)).toEqual(byReads.candidates.map((c) => c.id));
      expect(one.candidates).toEqual(byReads.candidates);
      expect(one.entities).toEqual(byReads.entities);
      expect(one.excluded).toEqual(byReads.excluded);
    }
    expect((await readCandidatesOnPostgres(database.db, query("other", categories, true))).candidates).toHaveLength(24);
    expect((await readCandidatesOnPostgres(database.db, query("other", categories, false))).excluded).toEqual([someCluster]);
  }, 120_000);
});
