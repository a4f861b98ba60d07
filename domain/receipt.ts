/**
 * Receipts: 16 digits from a CSPRNG (10^16 possibilities), shown as four groups
 * of four. The receipt is the tipster's only key; it is never stored in clear.
 */
import { randomInt } from "node:crypto";

export const RECEIPT_DIGITS = 16;

export function generateReceipt(): string {
  let digits = "";
  for (let i = 0; i < RECEIPT_DIGITS; i++) digits += String(randomInt(10));
  return digits;
}

/** "1234567890123456" → "1234 5678 9012 3456" */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** Accepts what a person types (spaces, dashes, dots); null unless exactly 16 digits remain. */
export function parseReceipt(input: string): string | null {
  const digits = input.replace(/[\s\-.]/g, "");
  return /^\d{16}$/.test(digits) ? digits : null;
}
