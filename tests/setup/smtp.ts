/**
 * A real SMTP server for the email tests (the `smtp-server` package, what nodemailer's
 * own tests use): it listens on 127.0.0.1, accepts every message without TLS or a
 * password, and keeps each one parsed (mailparser) for the test to read. It can be
 * stopped and started again on the same port, as a mail server that goes down and
 * comes back.
 */
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface TestSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Stops listening (connections are refused) until `start` again. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTestSmtp(port: number): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  let server: SMTPServer | null = null;
  const start = () => new Promise<void>((resolve, reject) => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          messages.push(mail);
          callback();
        }, callback);
      },
    });
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await start();
  return { url: `smtp://127.0.0.1:${port}`, port, messages, start, stop };
}
