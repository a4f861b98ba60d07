/**
 * Zod messages on staff forms are translation keys under `errors` (forms.tsx). A length
 * error carries its limit after a colon — "tooShort:10" — so the message can say it:
 * "Quá ngắn: cần ít nhất 10 ký tự." rather than a bare "Quá ngắn.".
 */
export const tooShort = (min: number) => `tooShort:${min}`;
export const tooLong = (max: number) => `tooLong:${max}`;

/** "tooShort:10" → the key and the value for its message ("limit"). */
export function readErrorKey(message: string): { key: string; limit: string | undefined } {
  const [key, limit] = message.split(":");
  return { key: key!, limit };
}
