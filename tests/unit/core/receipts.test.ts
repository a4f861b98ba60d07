/**
 * New tips' receipts are drawn and hashed ahead of need (core/receipts.ts):
 * each is a fresh 16-digit receipt with its real argon2id hash, handed out once,
 * and the pool keeps only a few ready when nothing waits.
 */
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { hashReceipt } from "../../../core/platform/crypto";
import { ReceiptHasher } from "../../../core/receipts";

const until = async (check: () => boolean, ms = 5_000) => {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("hashed receipts for new tips", () => {
  it("gives each tip its own receipt with the receipt's real hash under the deployment salt", async () => {
    const salt = "pool-test-salt-one";
    const receipts = new ReceiptHasher(salt);
    const taken = await Promise.all(Array.from({ length: 12 }, () => receipts.take()));
    expect(new Set(taken.map((t) => t.receipt)).size).toBe(12);
    for (const { receipt, hash } of taken) {
      expect(receipt).toMatch(/^\d{16}$/);
      expect(hash).toBe(await hashReceipt(receipt, salt));
    }
    // A different salt gets receipts hashed under it, not the first salt's.
    const other = await new ReceiptHasher("pool-test-salt-two").take();
    expect(other.hash).toBe(await hashReceipt(other.receipt, "pool-test-salt-two"));
    expect(other.hash).not.toBe(await hashReceipt(other.receipt, salt));
  });

  it("keeps at most one ready receipt per hashing slot once demand stops, and hands each out once", async () => {
    const receipts = new ReceiptHasher("pool-test-salt-three");
    await receipts.take();
    const slots = Math.max(1, Math.min(availableParallelism(), (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1));
    await until(() => receipts.readyCount === slots);
    await new Promise((r) => setTimeout(r, 300));
    expect(receipts.readyCount).toBe(slots); // stopped: no hashing while nothing waits

    const first = await receipts.take();
    const second = await receipts.take();
    expect(first.receipt).not.toBe(second.receipt);
  });
});
