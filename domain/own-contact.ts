/**
 * The tipster's own contact is never indexed as an entity (issue 13): a number in
 * the text equal to the reporter's phone is compared at intake, while the identity
 * is still in clear, and only a salted hash of it is kept (`tips.own_contact`),
 * so the pipeline can leave it out of tip_entities. The salt is per tip: the hash
 * matches nothing in any other tip, and says only which number of this tip's own
 * text is the reporter's. Retention erases it with the content. Server-only.
 */
import { createHash, randomBytes } from "node:crypto";
import { extractEntities, normalizePhone, type Entity } from "./entities";

function digest(salt: string, entity: Entity): string {
  return createHash("sha256").update(`${salt}|${entity.kind}|${entity.value}`).digest("base64url").slice(0, 22);
}

/** The marker to store, or null when the text does not contain the reporter's phone. */
export function ownContactMarker(description: string, reporterPhone: string | null | undefined): string | null {
  const own = reporterPhone ? normalizePhone(reporterPhone) : "";
  if (!own) return null;
  const mine = extractEntities(description).filter((e) => (e.kind === "phone" || e.kind === "account") && e.value === own);
  if (mine.length === 0) return null;
  const salt = randomBytes(12).toString("base64url");
  return `${salt}:${mine.map((e) => digest(salt, e)).join(",")}`;
}

/** A predicate for extractEntities' `exclude`: true for the reporter's own contact. */
export function isOwnContact(marker: string | null | undefined): (entity: Entity) => boolean {
  if (!marker) return () => false;
  const colon = marker.indexOf(":");
  const salt = marker.slice(0, colon);
  const hashes = new Set(marker.slice(colon + 1).split(","));
  return (entity) => hashes.has(digest(salt, entity));
}
