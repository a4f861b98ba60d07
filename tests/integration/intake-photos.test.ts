// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): its database is always SQLite (createSqliteTestDatabase).
/**
 * Tip photos: re-encoded so nothing but pixels survives (no EXIF/GPS, ICC, XMP),
 * turned upright, refused when they are not pictures or would decompress into
 * gigabytes; and never left on disk when their tip is not stored.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow, type IntakeDeps, type NewTipInput } from "../../core/tips";
import { MAX_INPUT_PIXELS, sanitisePhoto, uploadsDir } from "../../core/photos";
import { createSqliteTestDatabase, tempDir, type TestDatabase } from "../setup/db";
import { decompressionBomb, GPS_POINTER, photoWithGps } from "../setup/intake-fixtures";
import { ReceiptHasher } from "../../core/receipts";

describe("sanitisePhoto", () => {
  it("drops EXIF (GPS, camera), ICC and XMP, and applies the orientation to the pixels", async () => {
    const input = await photoWithGps();
    const before = await sharp(input).metadata();
    expect(before.exif?.includes(GPS_POINTER)).toBe(true); // the fixture really carries GPS
    expect(before.exif?.includes("TestCam")).toBe(true);
    expect(before.icc).toBeDefined();
    expect(before.orientation).toBe(6);

    const result = await sanitisePhoto(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const after = await sharp(result.photo.data).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect([after.width, after.height]).toEqual([48, 64]); // rotated upright
    expect(result.photo.data.includes("TestCam")).toBe(false);
  });

  it("refuses a text file named .jpg, an SVG and an empty file as not pictures", async () => {
    expect(await sanitisePhoto(Buffer.from("this is not a picture, just text\n"))).toEqual({ ok: false, problem: "notImage" });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    expect(await sanitisePhoto(svg)).toEqual({ ok: false, problem: "notImage" });
    expect(await sanitisePhoto(Buffer.alloc(0))).toEqual({ ok: false, problem: "notImage" });
  });

  it("refuses a decompression bomb from its header, without decoding it", async () => {
    const bomb = decompressionBomb();
    expect(bomb.length).toBeLessThan(10_000);
    const meta = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect(meta.width! * meta.height!).toBeGreaterThan(MAX_INPUT_PIXELS);
    const started = Date.now();
    expect(await sanitisePhoto(bomb)).toEqual({ ok: false, problem: "tooManyPixels" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("shrinks very large pictures to a 2560-pixel long edge", async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#246" } }).png().toBuffer();
    const result = await sanitisePhoto(big);
    expect(result.ok && [result.photo.width, result.photo.height]).toEqual([2560, 1920]);
  });
});

describe("acceptTipOrThrow with photos", () => {
  let database: TestDatabase;
  let dataDir: string;
  let deps: IntakeDeps;
  const input = (overrides: Partial<NewTipInput> = {}): NewTipInput => ({
    channel: "web", category: "theft", description: "Trộm xe máy trước nhà lúc 2 giờ sáng, camera có ghi hình.",
    occurredAt: null, occurredPrecision: "unknown", location: { kind: "address", address: "12 Lê Lợi, Hải Châu" }, reporter: null,
    ...overrides,
  });

  beforeAll(async () => {
    database = await createSqliteTestDatabase();
    dataDir = tempDir("tinbao-photos-");
    deps = {
      db: database.db, dataKey: Buffer.alloc(32, 7).toString("base64"), receipts: new ReceiptHasher("photo-test-salt-0123456789"),
      uploadsDir: uploadsDir(dataDir),
    };
  });
  afterAll(async () => database.destroy());

  it("stores the files under random names, private to the process, with one record each", async () => {
    const sanitised = await sanitisePhoto(await photoWithGps());
    if (!sanitised.ok) throw new Error("fixture");
    const { tipId } = await acceptTipOrThrow(deps, input({ photos: [sanitised.photo, sanitised.photo] }));
    const rows = await database.db.selectFrom("tip_photos").selectAll().where("tip_id", "=", tipId).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.file_name).toMatch(/^[0-9a-f]{32}\.jpg$/);
      const file = path.join(deps.uploadsDir!, row.file_name);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect((await sharp(readFileSync(file)).metadata()).exif).toBeUndefined();
      expect(row).toMatchObject({ mime: "image/jpeg", width: 48, height: 64 });
    }
    const event = await database.db.selectFrom("tip_events").select("data").where("tip_id", "=", tipId).executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toMatchObject({ photos: 2 });
  });

  it("removes the files it wrote when the tip's transaction fails: nothing half-stored", async () => {
    const sanitised = await sanitisePhoto(await photoWithGps());
    if (!sanitised.ok) throw new Error("fixture");
    const filesBefore = readdirSync(deps.uploadsDir!).length;
    const tipsBefore = await countRows(database, "tips");
    await expect(
      acceptTipOrThrow(deps, input({
        photos: [sanitised.photo],
        withinTransaction: async () => {
          throw new Error("simulated failure inside the transaction");
        },
      })),
    ).rejects.toThrow("simulated failure");
    expect(readdirSync(deps.uploadsDir!)).toHaveLength(filesBefore);
    expect(await countRows(database, "tips")).toBe(tipsBefore);
    expect(await countRows(database, "tip_photos")).toBe(2);
  });
});

async function countRows(database: TestDatabase, table: "tips" | "tip_photos"): Promise<number> {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}
