/**
 * New tips' receipts are drawn and hashed ahead of need (core/receipts.ts):
 * each is a fresh 16-digit receipt with its real argon2id hash, handed out once,
 * and the pool keeps only a few ready when nothing waits.
 */
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { hashReceipt } from "../../../core/platform/crypto";
import { readyReceipts, takeHashedReceipt } from "../../../core/receipts";

const until = async (check: () => boolean, ms = 5_000) => {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("hashed receipts for new tips", () => {
  it("gives each tip its own receipt with the receipt's real hash under the deployment salt", async () => {
    const salt = "pool-test-salt-one";
    const taken = await Promise.all(Array.from({ length: 12 }, () => takeHashedReceipt(salt)));
    expect(new Set(taken.map((t) => t.receipt)).size).toBe(12);
    for (const { receipt, hash } of taken) {
      expect(receipt).toMatch(/^\d{16}$/);
      expect(hash).toBe(await hashReceipt(receipt, salt));
    }
    // A different salt gets receipts hashed under it, not the first salt's.
    const other = await takeHashedReceipt("pool-test-salt-two");
    expect(other.hash).toBe(await hashReceipt(other.receipt, "pool-test-salt-two"));
    expect(other.hash).not.toBe(await hashReceipt(other.receipt, salt));
  });

  it("keeps at most one ready receipt per hashing slot once demand stops, and hands each out once", async () => {
    const salt = "pool-test-salt-three";
    await takeHashedReceipt(salt);
    const slots = Math.max(1, Math.min(availableParallelism(), (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1));
    await until(() => readyReceipts(salt) === slots);
    await new Promise((r) => setTimeout(r, 300));
    expect(readyReceipts(salt)).toBe(slots); // stopped: no hashing while nothing waits

    const first = await takeHashedReceipt(salt);
    const second = await takeHashedReceipt(salt);
    expect(first.receipt).not.toBe(second.receipt);
  });
});
