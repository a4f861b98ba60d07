/**
 * The follow-up page's schemas (server and browser): opening a tip with its
 * receipt, replying to an officer, adding information or photos.
 */
import { z } from "zod";
import { parseReceipt } from "../../../domain/receipt";
import { normalizeText } from "../../../domain/text";
import { MAX_PHOTO_BYTES, MAX_PHOTOS, MESSAGE_MAX } from "../../../domain/tip-limits";
import { isSafeText } from "./rules";

export const openSchema = z.object({
  receipt: z
    .string({ required_error: "receipt.required" })
    .max(64, "receipt.format")
    .transform((value, ctx) => {
      const digits = parseReceipt(value);
      if (!digits) ctx.addIssue({ code: "custom", message: "receipt.format" });
      return digits ?? "";
    }),
});

const messageBody = z
  .string()
  .optional()
  .transform((value) => normalizeText(value ?? ""))
  .refine((value) => value.length <= MESSAGE_MAX, "message.tooLong")
  .refine(isSafeText, "text.invalidCharacters");

export const replySchema = z.object({
  body: messageBody.refine((value) => value.length > 0, "message.required"),
});

export const addInfoSchema = z
  .object({
    body: messageBody,
    photos: z
      .array(z.instanceof(File))
      .optional()
      .transform((photos) => photos ?? [])
      .refine((photos) => photos.length <= MAX_PHOTOS, "photos.tooMany")
      .refine((photos) => photos.every((p) => p.size <= MAX_PHOTO_BYTES), "photos.tooLarge")
      .refine((photos) => photos.every((p) => p.type.startsWith("image/")), "photos.notImage"),
  })
  .refine((value) => value.body.length > 0 || value.photos.length > 0, { path: ["body"], message: "addInfo.empty" });
