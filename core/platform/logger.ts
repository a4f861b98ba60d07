/**
 * One pino logger per process. Redaction is a second line of defence: code must
 * not pass tipster data to the logger in the first place.
 */
import pino, { type Logger } from "pino";

export const REDACTED_PATHS = [
  "req.headers", "req.remoteAddress", "req.remotePort", "ip", "ips", "userAgent",
  "reporter", "*.reporter", "receipt", "*.receipt", "password", "*.password",
  "name", "phone", "email", "*.phone", "*.email", "authorization", "cookie",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined, // no pid or hostname in every line
      redact: { paths: REDACTED_PATHS, remove: true },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
