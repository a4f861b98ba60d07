#!/usr/bin/env node
/**
 * A local SMTP catcher for a disposable scanned instance (docs/security/staff-scan.md): with
 * SMTP_URL=smtp://127.0.0.1:PORT the staff notification-preference forms are shown and can be
 * attacked. Accepts every message (no TLS, no password), counts it and throws it away.
 *
 *   node scripts/security/smtp-sink.mjs [PORT]      (default 2525; Ctrl-C stops it)
 */
import { SMTPServer } from "smtp-server";

const port = Number(process.argv[2] ?? 2525);
let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      received += 1;
      callback();
    });
  },
});
server.listen(port, "127.0.0.1", () => console.log(`smtp-sink: listening on 127.0.0.1:${port}, discarding every message`));
const stop = () => server.close(() => {
  console.log(`smtp-sink: ${received} message(s) received and discarded`);
  process.exit(0);
});
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
