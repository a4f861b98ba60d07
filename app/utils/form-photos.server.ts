/**
 * Photos sent with a resident's form (the tip form, the follow-up), made safe to
 * keep (core/photos.ts re-encodes them) and the folder they are stored in.
 */
import { sanitisePhotos, uploadsDir, type PhotoProblem, type SanitisedPhoto } from "../../core/photos";

export async function formPhotos(files: File[], dataDir: string): Promise<{ problem: PhotoProblem } | { photos: SanitisedPhoto[]; uploadsDir: string }> {
  const sanitised = await sanitisePhotos(files);
  return "problem" in sanitised ? sanitised : { photos: sanitised.sanitised, uploadsDir: uploadsDir(dataDir) };
}
