/**
 * `demo seed`: a year of history through the real intake, pipeline and
 * officers' query functions — duplicates clustered, reroutes, valuable marks,
 * cases with arrests and seizures — whose oversight figures agree with the
 * tables; and the rules for when it may run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSeedCommand, seedDemoHistory } from "../../cli/commands/demo-history";
import { setUpDemoProvince } from "../../cli/commands/demo";
import { importUnits } from "../../cli/commands/units";
import { parseOversightQuery } from "../../app/utils/oversight.server";
import { computeOversight } from "../../core/oversight";
import { DIALECTS, tempDir, type TestDatabase } from "../setup/db";
import { ReceiptHasher } from "../../core/receipts";

const RECEIPT_SALT = "demo-history-test-salt-0123";
const SECRETS = { dataKey: Buffer.alloc(32, 7).toString("base64"), receipts: new ReceiptHasher(RECEIPT_SALT) };
const CONFIG = { DEMO_SEED: "auto" as const, NODE_ENV: "development", DATA_KEY: SECRETS.dataKey, RECEIPT_SALT };

describe.each(DIALECTS)("demo history on %s", (_dialect, createDatabase) => {
  let database: TestDatabase;
  const now = new Date();

  beforeAll(async () => {
    database = await createDatabase();
    await importUnits(database.db, "48");
    await setUpDemoProvince(database.db, tempDir("tinbao-demo-"));
  }, 120_000);
  afterAll(async () => database?.destroy());

  it("refuses or skips when it should, before touching anything", async () => {
    const lines: string[] = [];
    expect(await demoSeedCommand(database.db, { ...CONFIG, DEMO_SEED: "never" }, { onStart: true }, (l) => lines.push(l))).toEqual(["demo history skipped (DEMO_SEED=never)"]);
    await expect(demoSeedCommand(database.db, { ...CONFIG, NODE_ENV: "production" }, { onStart: false }, () => {})).rejects.toThrow(/DEMO_SEED=always/);
    await expect(demoSeedCommand(database.db, CONFIG, { onStart: false, tips: 0 }, () => {})).rejects.toThrow(/--tips/);
    expect(await database.db.selectFrom("tips").select("id").execute()).toEqual([]);
  });

  it("fills the year through the real pipeline and officers' work, and the figures agree with the tables", { timeout: 180_000 }, async () => {
    const summary = await seedDemoHistory(database.db, SECRETS, { tips: 120, seed: 5, now });
    const db = database.db;
    const count = async (q: ReturnType<typeof db.selectFrom<"tips">>) => Number((await q.select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

    expect(summary.tips).toBe(120);
    expect(await count(db.selectFrom("tips"))).toBe(120);
    // Every tip went through the pipeline: located, routed to a unit of the province, clustered.
    expect(await count(db.selectFrom("tips").where("status", "=", "received"))).toBe(0);
    expect(await count(db.selectFrom("tips").where("cluster_id", "is", null))).toBe(0);
    const clusters = await db.selectFrom("tips").select(["cluster_id", db.fn.countAll<number>().as("n")]).groupBy("cluster_id").execute();
    expect(clusters.some((c) => Number(c.n) > 1)).toBe(true);
    // Spread over the year, with officers' outcomes.
    const range = await db.selectFrom("tips").select((eb) => [eb.fn.min("created_at").as("first"), eb.fn.max("created_at").as("last")]).executeTakeFirstOrThrow();
    expect(Date.parse(String(range.last)) - Date.parse(String(range.first))).toBeGreaterThan(180 * 86_400_000);
    expect(Date.parse(String(range.last))).toBeLessThanOrEqual(now.getTime());
    const valuable = await count(db.selectFrom("tips").where("valuable", "=", 1));
    expect(valuable).toBe(summary.valuable);
    expect(valuable).toBeGreaterThan(10);
    expect(summary.cases).toBeGreaterThan(3);
    expect(await count(db.selectFrom("tips").where("source_org_code", "is not", null))).toBeGreaterThan(10);
    const events = await db.selectFrom("tip_events").select("type").distinct().execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["received", "routed", "claimed", "valuable_marked", "case_linked", "closed"]));
    expect(await db.selectFrom("oversight_dirty").select("id").execute()).toEqual([]);

    // The administrator's figures for the whole history equal what the tables hold.
    const year = parseOversightQuery(new URLSearchParams({ period: "custom", from: "2025-01-01", to: now.toISOString().slice(0, 10) }), now);
    const figures = await computeOversight(db, { kind: "all" }, year, now);
    const linkedCases = await db.selectFrom("cases").select("id").where((eb) => eb.exists(eb.selectFrom("case_tips").select("tip_id").whereRef("case_tips.case_id", "=", "cases.id"))).execute();
    const arrests = await db.selectFrom("cases").select(db.fn.sum<number>("arrests").as("n")).where("id", "in", linkedCases.length ? linkedCases.map((c) => c.id) : [0]).executeTakeFirstOrThrow();
    expect(figures.current).toMatchObject({
      tips: 120, incidents: clusters.length, valuable, cases: linkedCases.length, arrests: Number(arrests.n ?? 0),
    });
    expect(figures.backlog.open).toBe(await count(db.selectFrom("tips").where("status", "<>", "closed")));

    // Only into an empty database.
    expect(await demoSeedCommand(db, CONFIG, { onStart: true }, () => {})).toEqual([]);
    await expect(demoSeedCommand(db, CONFIG, { onStart: false }, () => {})).rejects.toThrow(/already has tips/);
  });
});
