/**
 * Tip photos: every upload is decoded and re-encoded, so nothing of the original
 * file survives but its pixels. Re-encoding drops EXIF (GPS position, camera
 * serial, time), XMP, IPTC and ICC; orientation is applied to the pixels first.
 * Only raster formats are accepted (no SVG or PDF, which are programs more than
 * pictures), and the pixel count is checked before decoding so a small file that
 * expands to gigabytes (a decompression bomb) is refused cheaply.
 *
 * Files go to DATA_DIR/uploads under random names, are synced to disk before the
 * tip that refers to them commits, and are never served to the public.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, unlink } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from "../domain/tip-limits";

/** 50 megapixels: above any phone camera's default output, far below a bomb. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** Long edge of the stored picture: enough to read a number plate, a fraction of the bytes. */
export const MAX_STORED_EDGE = 2560;

const RASTER_FORMATS = new Set(["jpeg", "png", "webp", "gif", "tiff", "heif"]);

export type PhotoProblem = "notImage" | "tooManyPixels" | "tooLarge";

export interface SanitisedPhoto {
  data: Buffer;
  mime: "image/jpeg";
  width: number;
  height: number;
}

export type PhotoResult = { ok: true; photo: SanitisedPhoto } | { ok: false; problem: PhotoProblem };

export async function sanitisePhoto(input: Uint8Array): Promise<PhotoResult> {
  if (input.byteLength > MAX_PHOTO_BYTES) return { ok: false, problem: "tooLarge" };
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" as const };
  let format: string | undefined;
  let pixels = 0;
  try {
    const meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0);
  } catch {
    return { ok: false, problem: "notImage" };
  }
  if (!format || !RASTER_FORMATS.has(format) || pixels === 0) return { ok: false, problem: "notImage" };
  if (pixels > MAX_INPUT_PIXELS) return { ok: false, problem: "tooManyPixels" };
  try {
    const { data, info } = await sharp(input, options)
      .rotate() // apply the EXIF orientation to the pixels; the tag itself is not written out
      .resize({ width: MAX_STORED_EDGE, height: MAX_STORED_EDGE, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 85, chromaSubsampling: "4:4:4" })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, photo: { data, mime: "image/jpeg", width: info.width, height: info.height } };
  } catch (err) {
    return { ok: false, problem: /pixel limit/i.test((err as Error).message) ? "tooManyPixels" : "notImage" };
  }
}

/** Every file sanitised, or the first problem found. */
export async function sanitisePhotos(files: File[]): Promise<{ sanitised: SanitisedPhoto[] } | { problem: PhotoProblem }> {
  const sanitised: SanitisedPhoto[] = [];
  for (const file of files) {
    const result = await sanitisePhoto(new Uint8Array(await file.arrayBuffer()));
    if (!result.ok) return { problem: result.problem };
    sanitised.push(result.photo);
  }
  return { sanitised };
}

export interface StoredPhoto {
  fileName: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, "uploads");
}

/** Writes each photo under a random name, synced to disk. On any failure removes what it wrote. */
export async function writePhotoFiles(dir: string, photos: SanitisedPhoto[]): Promise<StoredPhoto[]> {
  if (photos.length === 0) return [];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stored: StoredPhoto[] = [];
  try {
    for (const photo of photos) {
      const fileName = `${randomBytes(16).toString("hex")}.jpg`;
      const handle = await open(path.join(dir, fileName), "wx", 0o600);
      stored.push({ fileName, mime: photo.mime, width: photo.width, height: photo.height, bytes: photo.data.byteLength });
      try {
        await handle.writeFile(photo.data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    return stored;
  } catch (err) {
    await removePhotoFiles(dir, stored.map((p) => p.fileName));
    throw err;
  }
}

export async function removePhotoFiles(dir: string, fileNames: string[]): Promise<void> {
  await Promise.all(fileNames.map((name) => unlink(path.join(dir, name)).catch(() => {})));
}
