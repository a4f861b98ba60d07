/** Limits of a tip, shared by the form, the partner API, their validation and their hints. */
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 5_000;
export const ADDRESS_MAX = 500;
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const MESSAGE_MAX = 5_000;
export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTO_MB = MAX_PHOTO_BYTES / 1024 / 1024;
/** What one tip may receive from its tipster in a day (followup.server.ts enforces it). */
export const TIPSTER_ADDITIONS_PER_DAY = 10;
export const TIPSTER_PHOTO_BYTES_PER_DAY = 25 * 1024 * 1024;
export const ADDITION_LIMITS_SHOWN = { messages: TIPSTER_ADDITIONS_PER_DAY, megabytes: TIPSTER_PHOTO_BYTES_PER_DAY / 1024 / 1024 };
/** Clock skew tolerated before an incident time counts as "in the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Incident times before this are typing mistakes. */
export const EARLIEST_INCIDENT = "1945-01-01T00:00:00.000Z";
/** Mainland, islands and the Hoàng Sa and Trường Sa archipelagos, with a margin. */
export const VIETNAM_BBOX = { minLat: 6, maxLat: 24, minLng: 102, maxLng: 118 } as const;
