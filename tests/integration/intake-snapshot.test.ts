/**
 * On SQLite the worker compares a tip with its candidates on a read snapshot, outside the
 * write lock, and writes in a short transaction only if nothing the decision read has changed
 * since (docs/decisions/0087). Two workers — two connections to one file, as two processes —
 * placing tips of one incident in one ward at once must still cluster them: when the other
 * worker places a tip of the ward between this worker's snapshot and its write, the tip is
 * compared again inside the write transaction.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow, type IntakeDeps, type NewTipInput } from "../../core/tips";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { listTipEvents } from "../../db/queries/tip-events";
import { intakeStats, processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { readDedupeVersions } from "../../db/queries/pipeline";
import { ReceiptHasher } from "../../core/receipts";
import { createSqliteTestDatabase, type TestDatabase } from "../setup/db";

const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
const SECRETS = { dataKey: Buffer.alloc(32, 5).toString("base64"), receipts: new ReceiptHasher("snapshot-test-salt-000") };

describe("SQLite intake: decided on a snapshot, written under a short lock", () => {
  let database: TestDatabase;
  let other: DatabaseHandle;
  let deps: IntakeDeps;
  const submit = async (input: Partial<NewTipInput>) =>
    (await acceptTipOrThrow(deps, {
      channel: "web", category: "environment", occurredPrecision: "exact", location: { kind: "ward", wardCode: "20263" }, reporter: null,
      occurredAt: "2026-09-10T23:00:00+07:00",
      description: "Đêm qua có hai tàu hút cát trái phép trên sông Hàn đoạn gần cầu Thuận Phước, máy nổ ầm ầm tới sáng.", ...input,
    })).tipId;
  const clusterOf = async (id: number) =>
    (await database.db.selectFrom("tips").select(["status", "cluster_id"]).where("id", "=", id).executeTakeFirstOrThrow());

  /** This worker places `tipId`; between its snapshot decision and its write, the other worker places `meanwhile`. */
  const placeWhileOtherPlaces = (tipId: number, meanwhile: number) =>
    processIntake({
      db: database.db, triage: createTriageContextCache(database.db),
      afterSnapshot: async () => {
        expect(await processIntake({ db: other.db, triage: createTriageContextCache(other.db) }, meanwhile)).toBe("routed");
      },
    }, tipId);

  beforeAll(async () => {
    database = await createSqliteTestDatabase();
    await importUnits(database.db, "48");
    await importBoundaries(database.db, BOUNDARIES);
    deps = { db: database.db, ...SECRETS };
    other = openDatabase(database.url); // the second worker's own connection
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await database?.destroy();
  });

  it("writes the snapshot's decision when nothing in the ward changed meanwhile", async () => {
    const first = await submit({});
    const before = { ...intakeStats };
    expect(await processIntake({ db: database.db, triage: createTriageContextCache(database.db) }, first)).toBe("routed");
    expect(intakeStats.decidedOnSnapshot).toBe(before.decidedOnSnapshot + 1);
    expect(intakeStats.decidedAgain).toBe(before.decidedAgain);
    expect((await clusterOf(first)).status).toBe("routed");
  });

  it("compares again inside the write lock when another worker placed a tip of the ward since the snapshot", async () => {
    const a = await submit({ occurredAt: "2026-08-10T23:00:00+07:00" });
    const b = await submit({ occurredAt: "2026-08-11T01:00:00+07:00",
      description: "tau hut cat lau tren song Han gan cau Thuan Phuoc, chay may suot dem ko ai xu ly" });
    const before = { ...intakeStats };
    // This worker decides b on a snapshot where a is not placed yet (no candidate: it would start its own
    // cluster); the other worker places a before this one writes.
    const outcome = await placeWhileOtherPlaces(b, a);
    expect(outcome).toBe("routed");
    expect(intakeStats.decidedAgain).toBe(before.decidedAgain + 1);
    const [placedA, placedB] = [await clusterOf(a), await clusterOf(b)];
    expect(placedB.cluster_id).toBe(placedA.cluster_id);
    const cluster = await database.db.selectFrom("clusters").select("size").where("id", "=", placedA.cluster_id!).executeTakeFirstOrThrow();
    expect(cluster.size).toBe(2);
    // Each tip's trail holds its placement once.
    for (const id of [a, b]) {
      const types = (await listTipEvents(database.db, id)).map((e) => e.type);
      expect(types.filter((t) => t === "routed")).toHaveLength(1);
      expect(types.filter((t) => t === "clustered" || t === "cluster_started")).toHaveLength(1);
    }
    expect((await listTipEvents(database.db, b)).find((e) => e.type === "clustered")?.data).toMatchObject({ matchedTipId: a, size: 2 });
  });

  it("leaves a tip the other worker placed meanwhile as it is", async () => {
    const c = await submit({ occurredAt: "2026-07-10T23:00:00+07:00" });
    const outcome = await placeWhileOtherPlaces(c, c);
    expect(outcome).toBe("skipped");
    expect((await listTipEvents(database.db, c)).filter((e) => e.type === "routed")).toHaveLength(1);
  });

  it("a claim or status change in the ward between the snapshot and the write does not make the tip decided again", async () => {
    const placed = await submit({ occurredAt: "2026-05-10T23:00:00+07:00" });
    expect(await processIntake({ db: database.db, triage: createTriageContextCache(database.db) }, placed)).toBe("routed");
    const { cluster_id: clusterId } = await clusterOf(placed);
    const keys = ["w:20263", `c:${clusterId}`];
    const versions = () => readDedupeVersions(database.db, keys);
    const at = "2026-05-11T01:00:00.000Z";
    // What an officer's claim, a deadline change and the queue's size write: none of it is compared.
    const before = await versions();
    await other.db.updateTable("tips").set({ status: "in_progress", claimed_at: at, updated_at: at, deadline_at: at, cluster_size: 3 }).where("id", "=", placed).execute();
    expect(await versions()).toEqual(before);
    const next = await submit({ occurredAt: "2026-05-11T01:00:00+07:00",
      description: "tau hut cat lau tren song Han gan cau Thuan Phuoc, chay may suot dem ko ai xu ly" });
    const stats = { ...intakeStats };
    const outcome = await processIntake({
      db: database.db, triage: createTriageContextCache(database.db),
      afterSnapshot: async () => {
        await other.db.updateTable("tips").set({ status: "routed", claimed_at: null, updated_at: at }).where("id", "=", placed).execute();
      },
    }, next);
    expect(outcome).toBe("routed");
    expect(intakeStats.decidedOnSnapshot).toBe(stats.decidedOnSnapshot + 1);
    expect(intakeStats.decidedAgain).toBe(stats.decidedAgain);
    expect((await listTipEvents(database.db, next)).filter((e) => e.type === "routed")).toHaveLength(1);
    // A change of what the comparison reads still moves both counters.
    const unchanged = await versions();
    await other.db.updateTable("tips").set({ description: "Đêm qua có tàu hút cát trái phép trên sông Hàn gần cầu Thuận Phước, sửa lại." }).where("id", "=", placed).execute();
    const after = await versions();
    for (const key of keys) expect(after.get(key)).toBeGreaterThan(unchanged.get(key)!);
  });

  it("places a burst, several jobs at once in one worker, as it places it one tip at a time", async () => {
    const texts = [
      "Đêm qua có hai tàu hút cát trái phép trên sông Hàn đoạn gần cầu Thuận Phước, máy nổ ầm ầm tới sáng.",
      "tau hut cat lau tren song Han gan cau Thuan Phuoc, chay may suot dem ko ai xu ly",
      "Tàu hút cát lậu hoạt động suốt đêm trên sông Hàn gần chân cầu Thuận Phước, rất ồn.",
    ];
    // Two fresh databases, so that each burst meets the same history (and word statistics).
    const fresh = async () => {
      const db = await createSqliteTestDatabase();
      await importUnits(db.db, "48");
      return db;
    };
    const burst = async (db: TestDatabase) => {
      const ids: number[] = [];
      for (let i = 0; i < 8; i++) {
        ids.push((await acceptTipOrThrow({ db: db.db, ...SECRETS }, {
          channel: "web", category: "environment", occurredPrecision: "exact", location: { kind: "ward", wardCode: "20263" }, reporter: null,
          occurredAt: `2026-06-10T2${i % 4}:00:00+07:00`, description: texts[i % texts.length],
        })).tipId);
      }
      return ids;
    };
    const partition = async (db: TestDatabase, ids: number[]) => {
      const rows = await db.db.selectFrom("tips").select(["id", "cluster_id"]).where("id", "in", ids).orderBy("id").execute();
      const clusterIds = rows.map((t) => t.cluster_id!);
      return clusterIds.map((c) => clusterIds.indexOf(c)); // each tip: the first tip of its cluster
    };
    const [one, two] = [await fresh(), await fresh()];
    try {
      const oneByOne = await burst(one);
      const ctx = { db: one.db, triage: createTriageContextCache(one.db) };
      for (const id of oneByOne) expect(await processIntake(ctx, id)).toBe("routed");
      const atOnce = await burst(two);
      const shared = { db: two.db, triage: createTriageContextCache(two.db) };
      const before = { ...intakeStats };
      expect(await Promise.all(atOnce.map((id) => processIntake(shared, id)))).toEqual(atOnce.map(() => "routed"));
      // One placement at a time per ward in a worker: none had to be decided again, and the clusters are the same.
      expect(intakeStats.decidedAgain).toBe(before.decidedAgain);
      const expected = await partition(one, oneByOne);
      expect(await partition(two, atOnce)).toEqual(expected);
      expect(new Set(expected).size).toBeLessThan(expected.length); // it did cluster
    } finally {
      await one.destroy();
      await two.destroy();
    }
  });
});
