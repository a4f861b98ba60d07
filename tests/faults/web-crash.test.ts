/**
 * The web process killed with SIGKILL during a burst of submissions: every
 * receipt a client received opens a stored tip, and no half-stored tip exists
 * (each tip has its first audit event, committed in the same transaction).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashReceipt } from "../../core/platform/crypto";
import { openDatabase } from "../../db/client";
import { stopProcess } from "../setup/app-server";
import { faultTip, postTip, startAppWithKey, type RunningApp } from "../setup/faults";

describe("web process killed mid-burst", () => {
  let app: RunningApp;
  let apiKey: string;
  beforeAll(async () => {
    ({ app, apiKey } = await startAppWithKey({ env: { LOG_LEVEL: "warn" } }));
  }, 120_000);
  afterAll(async () => app?.stop());

  it("keeps every acknowledged tip and nothing half-stored", async () => {
    const receipts: string[] = [];
    let sent = 0;
    let killed = false;
    const client = async (offset: number) => {
      for (let i = offset; ; i += 4) {
        sent++;
        try {
          const res = await postTip(app.url, apiKey, faultTip(i));
          if (res.status === 201) receipts.push(((await res.json()) as { receipt: string }).receipt.replace(/\s/g, ""));
        } catch {
          return; // the connection died with the process
        }
        if (killed) return;
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    while (receipts.length < 25) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await stopProcess(app.web, "SIGKILL");
    await Promise.all(clients);
    expect(receipts.length).toBeGreaterThanOrEqual(25);

    const database = openDatabase(app.databaseUrl);
    try {
      const tips = await database.db.selectFrom("tips").select(["id", "receipt_hash"]).execute();
      const salt = (JSON.parse(readFileSync(path.join(app.dataDir, "secrets"), "utf8")) as { RECEIPT_SALT: string }).RECEIPT_SALT;
      const hashes = new Set(tips.map((t) => t.receipt_hash));
      for (const receipt of receipts) expect(hashes.has(await hashReceipt(receipt, salt))).toBe(true);
      // Requests in flight at the kill may have committed without their answer arriving: never more than were sent.
      expect(tips.length).toBeGreaterThanOrEqual(receipts.length);
      expect(tips.length).toBeLessThanOrEqual(sent);
      const withEvent = await database.db.selectFrom("tip_events").select("tip_id").where("type", "=", "received").execute();
      expect(new Set(withEvent.map((e) => e.tip_id))).toEqual(new Set(tips.map((t) => t.id)));
    } finally {
      await database.close();
    }
  }, 120_000);
});
