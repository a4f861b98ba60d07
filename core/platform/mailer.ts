/**
 * The SMTP connection for notification emails (docs/decisions/0073-notification-email.md):
 * nodemailer on `SMTP_URL` (`smtp://user:pass@host:port`, `smtps://…` for TLS from the
 * start). Short timeouts: a mail server that does not answer fails the send, and the
 * outbox tries again later, rather than holding the worker.
 */
import nodemailer, { type TransportOptions } from "nodemailer";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Deterministic: a send repeated after a crash carries the same id, which mail systems recognise. */
  messageId: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as TransportOptions);
  return {
    async send(email) {
      await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, messageId: email.messageId });
    },
    close() {
      transport.close();
    },
  };
}

/** The sender: SMTP_FROM, else no-reply at PUBLIC_URL's host (or localhost). */
export function senderAddress(config: { SMTP_FROM?: string; PUBLIC_URL?: string }): string {
  if (config.SMTP_FROM) return config.SMTP_FROM;
  const host = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).hostname : "localhost";
  return `Tin Báo <no-reply@${host}>`;
}
