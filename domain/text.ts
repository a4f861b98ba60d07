/**
 * Vietnamese text normalisation shared by storage, search and matching.
 * Text is stored NFC; anything compared or searched is folded: lower case,
 * no tone or vowel marks, đ → d, runs of white space collapsed.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WHITESPACE = /\s+/g;

/** Canonical stored form: NFC with trimmed, collapsed white space kept as typed otherwise. */
export function normalizeText(input: string): string {
  return input.normalize("NFC").replace(/\r\n?/g, "\n").trim();
}

/** Folded form for search and matching: "Phường Hòa Khánh" → "phuong hoa khanh". */
export function foldVietnamese(input: string): string {
  return input
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(WHITESPACE, " ")
    .trim();
}

/** Tone marks, by the digit Vietnamese typists use for them (VNI order). */
const TONE_DIGITS: Record<string, string> = {
  "\u0301": "1", // sắc
  "\u0300": "2", // huyền
  "\u0309": "3", // hỏi
  "\u0303": "4", // ngã
  "\u0323": "5", // nặng
};

/**
 * Accent-preserving comparison key: lower case, vowel marks kept, the tone of each
 * syllable moved to its end as a digit ("Hòa" and the old spelling "Hoà" → "hoa2",
 * "Thạnh" → "thanh5"). Two spellings share a key exactly when they are the same
 * Vietnamese word, wherever the typist put the tone mark.
 */
export function accentKey(input: string): string {
  return foldWhitespace(input.normalize("NFC").toLowerCase()).split(" ").map(toneLastSyllable).join(" ");
}

/** True when the text carries any Vietnamese mark (tone, vowel mark or đ). */
export function hasDiacritics(input: string): boolean {
  return accentKey(input) !== foldVietnamese(input);
}

function toneLastSyllable(syllable: string): string {
  let tone = "";
  let rest = "";
  for (const ch of syllable.normalize("NFD")) {
    const digit = TONE_DIGITS[ch];
    if (digit) tone = digit;
    else rest += ch;
  }
  return rest.normalize("NFC") + tone;
}

function foldWhitespace(input: string): string {
  return input.replace(WHITESPACE, " ").trim();
}
