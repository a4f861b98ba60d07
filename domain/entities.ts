/**
 * Identifiers in a tip's text that link tips to each other: phone numbers, bank
 * account numbers, licence plates, web addresses and social-media handles.
 *
 * A shared identifier says "the same people or the same account" — a link —
 * not "the same incident": two victims of one scam account are two incidents.
 * Values are folded and normalised so that "0905.123.456", "+84 905 123 456"
 * and "0905123456" are one value, and "43A-123.45" and "43a12345" are one plate.
 *
 * Pure and total: extractEntities never throws, whatever the text, and
 * normalizeEntity(kind, normalizeEntity(kind, v)) === normalizeEntity(kind, v).
 */
import { foldVietnamese } from "./text";

export const ENTITY_KINDS = ["phone", "account", "plate", "url", "handle"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface Entity {
  kind: EntityKind;
  /** Normalised: digits only (phones as 0xxxxxxxxx), upper-case plates, lower-case hosts. */
  value: string;
}

/** At most this many entities per tip: a pasted list is not a tip's evidence, and the index stays bounded. */
export const MAX_ENTITIES_PER_TIP = 20;
/** Texts longer than this are cut before matching (the intake caps descriptions well below it). */
const MAX_TEXT = 20_000;

/** Words that announce a bank account ("stk", "số tài khoản", a bank's name), folded. */
const ACCOUNT_CONTEXT =
  /\b(stk|so tai khoan|so tk|tai khoan|tk|chuyen khoan|ck|ngan hang|vietcombank|vcb|techcombank|tcb|bidv|agribank|vietinbank|acb|mb|mbbank|mb bank|tpbank|tp bank|sacombank|vpbank|vib|shb|hdbank|ocb|momo|zalopay)\b[^0-9\n.!?;]{0,24}$/;

/**
 * Words by which a writer gives their own number ("liên hệ tôi", "gọi tôi", "số của tôi", "sđt em là"), folded, right
 * before it (ADR 0093): the reporter's own contact, never an identifier of the incident — not indexed (issue 13: never
 * index the tipster's own contact details) and not "another caller's phone" against a report that gives the scammer's.
 * "gọi cho tôi từ số …", "số gọi tới …" are the caller's number and stay.
 */
const OWN_CONTACT = new RegExp(
  "(?:" + [
    String.raw`\b(?:lien he|lien lac)(?: (?:voi|cho|lai))? (?:toi|em|minh|chau|tui)(?: (?:qua|theo))?(?: (?:so|sdt|zalo|dien thoai))?`,
    String.raw`\b(?:sdt|so dien thoai|so dt|so|zalo)(?: (?:cua|lien he cua))? (?:toi|em|minh|chau|tui)(?: la)?`,
    // "gọi tôi" folds onto "gọi tới" ("số gọi tới 09…" is the caller's): only "gọi lại cho tôi", "cần thì gọi tôi", "gọi em" ("gọi cho tôi 09…" may be the caller).
    String.raw`\bgoi lai cho (?:toi|em|minh|chau|tui)(?: (?:theo|qua|vao))?(?: so)?`,
    String.raw`\bcan (?:thi )?goi (?:lai )?(?:toi|em|minh|chau|tui)(?: (?:theo|qua|vao))?(?: so)?`,
    String.raw`\bgoi (?:lai )?(?:em|minh|chau|tui)(?: (?:theo|qua|vao))?(?: so)?`,
  ].join("|") + String.raw`)[ :.,-]*$`,
);

// Digits possibly grouped by spaces, dots or dashes ("0071 0045 67891", "0905.123.456").
const DIGIT_RUN = /(?<![0-9a-z])\+?\d(?:[ .\-]?\d){5,21}(?![0-9a-z])/g;
// Plates: province (2 digits), series (1–2 letters, optionally a digit), then 4–5 digits ("43A-123.45", "43-B1 234.56", "43A12345").
const PLATE = /(?<![0-9a-z])(\d{2})[ \-]?([a-z]{1,2}\d?)[ \-.]{0,3}(\d{3})[ .]?(\d{1,2})(?![0-9a-z])/g;
const URL = /(?<![\w@])(?:https?:\/\/|www\.)[^\s<>"'()]+|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:com|vn|net|org|info|xyz|top|shop|online|site|me|link|ly|io|app)(?:\/[^\s<>"'()]*)?(?![\w])/g;
const HANDLE = /(?<![\w.@])@([a-z0-9_.]{3,30})(?![\w@])/g;

/**
 * The entities of a text, folded, normalised and unique, in order of appearance.
 * `exclude` drops values equal to one of them (the reporter's own contact).
 */
export function extractEntities(text: string, exclude?: (entity: Entity) => boolean): Entity[] {
  let folded: string;
  try {
    folded = foldVietnamese(String(text ?? "").slice(0, MAX_TEXT));
  } catch {
    return [];
  }
  const found: Entity[] = [];
  const seen = new Set<string>();
  const add = (kind: EntityKind, raw: string) => {
    const value = normalizeEntity(kind, raw);
    if (!value || found.length >= MAX_ENTITIES_PER_TIP) return;
    const key = `${kind}:${value}`;
    if (seen.has(key)) return;
    const entity = { kind, value };
    if (exclude?.(entity)) return;
    seen.add(key);
    found.push(entity);
  };

  const taken: Array<[number, number]> = [];
  const overlaps = (start: number, end: number) => taken.some(([s, e]) => start < e && end > s);

  for (const match of folded.matchAll(URL)) {
    const start = match.index ?? 0;
    taken.push([start, start + match[0].length]);
    add("url", match[0]);
  }
  for (const match of folded.matchAll(HANDLE)) {
    const start = match.index ?? 0;
    if (overlaps(start, start + match[0].length)) continue;
    add("handle", match[0]);
  }
  for (const match of folded.matchAll(PLATE)) {
    const start = match.index ?? 0;
    if (overlaps(start, start + match[0].length)) continue;
    const plate = normalizeEntity("plate", match[0]);
    if (!plate) continue;
    taken.push([start, start + match[0].length]);
    add("plate", plate);
  }
  for (const match of folded.matchAll(DIGIT_RUN)) {
    const start = match.index ?? 0;
    if (overlaps(start, start + match[0].length)) continue;
    const before = folded.slice(Math.max(0, start - 40), start);
    if (OWN_CONTACT.test(before)) continue;
    const digits = match[0].replace(/\D/g, "");
    if (ACCOUNT_CONTEXT.test(before) && digits.length >= 8 && digits.length <= 19) add("account", digits);
    else if (normalizeEntity("phone", match[0])) add("phone", match[0]);
  }
  return found;
}

/** The canonical form of a value of `kind`, or "" when it is not one. Idempotent. */
export function normalizeEntity(kind: EntityKind, raw: string): string {
  const text = foldVietnamese(String(raw ?? ""));
  switch (kind) {
    case "phone": {
      let digits = text.replace(/\D/g, "");
      if (digits.startsWith("84") && (digits.length === 11 || digits.length === 12)) digits = `0${digits.slice(2)}`;
      // Mobile: 0 + 3/5/7/8/9 + 8 digits; landline: 02 + 9 digits.
      return /^0[35789]\d{8}$/.test(digits) || /^02\d{9}$/.test(digits) ? digits : "";
    }
    case "account": {
      const digits = text.replace(/\D/g, "");
      return digits.length >= 8 && digits.length <= 19 ? digits : "";
    }
    case "plate": {
      const compact = text.replace(/[^a-z0-9]/g, "").toUpperCase();
      const match = /^(\d{2})([A-Z]{1,2}\d?)(\d{4,5})$/.exec(compact);
      if (!match) return "";
      const province = Number(match[1]);
      return province >= 11 && province <= 99 ? compact : "";
    }
    case "url": {
      let url = text.replace(/^[a-z]+:\/\//, "").replace(/^www\./, "");
      url = url.replace(/[.,;:!?)\]}>"']+$/, "").replace(/\/+$/, "");
      const slash = url.indexOf("/");
      const host = slash < 0 ? url : url.slice(0, slash);
      if (!/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/.test(host)) return "";
      return url;
    }
    case "handle": {
      const name = text.replace(/^@+/, "").replace(/[.]+$/, "");
      return /^[a-z0-9_.]{3,30}$/.test(name) ? `@${name}` : "";
    }
    default:
      return "";
  }
}

/** "0905 123 456" → "0905123456": the form a reporter's phone is compared in. "" when it is no phone. */
export function normalizePhone(raw: string): string {
  return normalizeEntity("phone", raw);
}

/** How an entity is shown to officers: phones and plates grouped the usual way. */
export function displayEntity(entity: Entity): string {
  if (entity.kind === "phone" && entity.value.length === 10) {
    return `${entity.value.slice(0, 4)}.${entity.value.slice(4, 7)}.${entity.value.slice(7)}`;
  }
  if (entity.kind === "plate") {
    const match = /^(\d{2}[A-Z]{1,2}\d?)(\d{3})(\d{2})$/.exec(entity.value);
    if (match) return `${match[1]}-${match[2]}.${match[3]}`;
  }
  return entity.value;
}
