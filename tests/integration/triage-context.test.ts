/**
 * The worker's cache of places (workers/triage-context.ts) on a moved clock: a place an
 * administrator accepts is used from the first check after it, at most a minute later
 * by default (PLACES_CHECK_MS), and not re-read before. The duty-desk browser test runs
 * its worker with a 2 s check instead of waiting this minute out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUnits } from "../../cli/commands/units";
import { parseEnv } from "../../core/platform/config";
import { upsertPlace } from "../../db/queries/places";
import { resolveTipLocation } from "../../domain/location";
import { createTriageContextCache, PLACES_CHECK_MS, type TriageContext } from "../../workers/triage-context";
import { DIALECTS, type TestDatabase } from "../setup/db";

const HAI_CHAU = "20242";
const locate = (triage: TriageContext, address: string) =>
  resolveTipLocation({ address }, {
    resolver: triage.resolver, locator: triage.locator,
    isWardCode: (c) => triage.wardProvince.has(c), provinceOfWard: (c) => triage.wardProvince.get(c),
  });

describe.each(DIALECTS)("the worker's places on %s", (_name, create) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
    await importUnits(database.db, "48");
  }, 120_000);
  afterAll(async () => database?.destroy());

  it("uses an accepted place from the first check after it: a minute by default, not before", async () => {
    expect(PLACES_CHECK_MS).toBe(60_000);
    expect(parseEnv({}).PLACES_CHECK_MS).toBe(PLACES_CHECK_MS);
    let clock = Date.parse("2026-03-01T03:00:00.000Z");
    const cache = createTriageContextCache(database.db, () => clock);
    const before = await cache.get();
    expect(locate(before, "trước cổng chợ Cồn").wardCode).toBeNull();

    await upsertPlace(database.db, { provinceCode: "48", name: "Chợ Cồn", kind: "market", wardCodes: [HAI_CHAU], source: "test" }, new Date(clock).toISOString());
    clock += PLACES_CHECK_MS; // not yet: the last check was exactly a minute ago
    expect((await cache.get()).resolver).toBe(before.resolver);

    clock += 1;
    const after = await cache.get();
    expect(after.resolver).not.toBe(before.resolver);
    expect(locate(after, "trước cổng chợ Cồn")).toMatchObject({ wardCode: HAI_CHAU, provinceCode: "48" });
    // Nothing changed since: the next check keeps what it has.
    clock += PLACES_CHECK_MS + 1;
    expect((await cache.get()).resolver).toBe(after.resolver);
  });

  it("checks as often as it is told (the worker passes PLACES_CHECK_MS)", async () => {
    let clock = Date.parse("2026-03-01T03:00:00.000Z");
    const cache = createTriageContextCache(database.db, () => clock, 2_000);
    const before = await cache.get();
    await upsertPlace(database.db, { provinceCode: "48", name: "Chợ Hàn", kind: "market", wardCodes: [HAI_CHAU], source: "test" }, new Date(clock).toISOString());
    clock += 2_000;
    expect((await cache.get()).resolver).toBe(before.resolver);
    clock += 1;
    expect((await cache.get()).resolver).not.toBe(before.resolver);
  });
});
