/**
 * The live queue's event streams end when what allowed them ends (issue 18,
 * item 8): an open /can-bo/su-kien stream kept delivering after the unit was
 * taken from the officer, the account was disabled and the session ended, and
 * one session opened 1,000 streams. Real web process, real Redis pub/sub.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STREAMS_PER_SESSION } from "../../app/routes/can-bo.su-kien/route";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { publishUnitEvent } from "../../core/platform/notify";
import type { RunningApp } from "../setup/app-server";
import { TEST_REDIS_URL } from "../setup/redis";
import { signIn, startStaffApp, UNIT_A, USERS, type Principal } from "../setup/staff-fixtures";

interface Stream {
  status: number;
  /** Waits until the stream holds `text`, or has ended; returns everything read. */
  read(until: (text: string) => boolean, ms?: number): Promise<{ text: string; ended: boolean }>;
  close(): void;
}

async function openStream(url: string, cookie: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${url}/can-bo/su-kien`, { headers: { Cookie: cookie }, signal: abort.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let ended = false;
  let pending: Promise<void> | null = null;
  const pump = () => (pending ??= reader.read().then(({ value, done }) => {
    pending = null;
    if (done) ended = true;
    else text += decoder.decode(value);
  }, () => { pending = null; ended = true; }));
  return {
    status: res.status,
    async read(until, ms = 8_000) {
      const deadline = Date.now() + ms;
      while (!until(text) && !ended && Date.now() < deadline) await Promise.race([pump(), new Promise((r) => setTimeout(r, 100))]);
      return { text, ended };
    },
    close: () => abort.abort(),
  };
}

describe("live-queue streams outlive nothing", () => {
  let app: RunningApp;
  let database: DatabaseHandle;
  let ids: Record<Principal, number>;
  const redis = new Redis(TEST_REDIS_URL);
  let nextTip = 1_000;
  const publish = () => publishUnitEvent(redis, app.prefix, UNIT_A, { tipId: ++nextTip, type: "routed" });
  const delivered = (tipId: number) => (text: string) => text.includes(`"tipId":${tipId}`);

  beforeAll(async () => {
    ({ app, ids } = await startStaffApp());
    database = openDatabase(app.databaseUrl);
  }, 120_000);
  afterAll(async () => {
    redis.disconnect();
    await database?.close();
    await app?.stop();
  });

  /** A fresh session and stream, and proof that it delivers. */
  async function liveStream(): Promise<{ cookie: string; stream: Stream }> {
    const cookie = await signIn(app.url, USERS.officerA.email);
    const stream = await openStream(app.url, cookie);
    expect(stream.status).toBe(200);
    await stream.read((t) => t.includes("connected"));
    await new Promise((r) => setTimeout(r, 300)); // subscribed
    await publish();
    expect((await stream.read(delivered(nextTip))).text).toContain(`"tipId":${nextTip}`);
    return { cookie, stream };
  }

  it("ends when the unit is taken from the officer, delivering nothing more", async () => {
    const { stream } = await liveStream();
    await database.db.deleteFrom("user_units").where("user_id", "=", ids.officerA).execute();
    await publish();
    const after = await stream.read(delivered(nextTip));
    expect(after.text).not.toContain(`"tipId":${nextTip}`);
    expect(after.ended).toBe(true);
    await database.db.insertInto("user_units").values({ user_id: ids.officerA, unit_code: UNIT_A }).execute();
  });

  it("ends when the account is disabled", async () => {
    const { stream } = await liveStream();
    await database.db.updateTable("users").set({ disabled: 1 }).where("id", "=", ids.officerA).execute();
    await publish();
    const after = await stream.read(delivered(nextTip));
    expect(after.text).not.toContain(`"tipId":${nextTip}`);
    expect(after.ended).toBe(true);
    await database.db.updateTable("users").set({ disabled: 0 }).where("id", "=", ids.officerA).execute();
  });

  it("ends when the session is signed out", async () => {
    const { cookie, stream } = await liveStream();
    expect((await fetch(`${app.url}/can-bo/dang-xuat`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: app.url } })).status).toBe(302);
    await publish();
    const after = await stream.read(delivered(nextTip));
    expect(after.text).not.toContain(`"tipId":${nextTip}`);
    expect(after.ended).toBe(true);
  });

  it(`lets one session hold ${STREAMS_PER_SESSION} streams, not more`, async () => {
    const cookie = await signIn(app.url, USERS.officerA.email);
    const streams = await Promise.all(Array.from({ length: STREAMS_PER_SESSION }, () => openStream(app.url, cookie)));
    expect(streams.map((s) => s.status)).toEqual(Array(STREAMS_PER_SESSION).fill(200));
    const extra = await openStream(app.url, cookie);
    expect(extra.status).toBe(429);
    streams[0].close();
    await new Promise((r) => setTimeout(r, 500));
    const again = await openStream(app.url, cookie);
    expect(again.status).toBe(200);
    for (const s of [...streams, again]) s.close();
  });
});
