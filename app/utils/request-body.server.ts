/**
 * Reading request bodies within limits: the one home of every body rule, for
 * every form of every route (public and staff) and for the partner API.
 *
 * Everything is counted while the bytes arrive, before anything is parsed: the
 * whole body's size (the declared Content-Length first, then the stream itself,
 * since a chunked body declares nothing), the number of fields, and each
 * field's size. Parsing is what costs: form parsers do work that grows faster
 * than the field count (40 000 repeated names in 120 KB held the event loop for
 * seconds), so a body over a limit is refused before a parser ever sees it.
 */
import type { IncomingMessage } from "node:http";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from "../../domain/tip-limits";

/** How much of an undeclared oversized body is read and dropped before giving up on the connection. */
export const DRAIN_BYTES = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  /** True when the body was left unread: the connection cannot be reused, so the answer must close it. */
  constructor(readonly unread = false) {
    super("request body too large");
  }
}

/** A form with more fields, or a field larger, than its limits allow. */
class FormShapeError extends Error {
  /** `unread`: as BodyTooLargeError's. */
  constructor(readonly problem: "tooManyFields" | "fieldTooLarge", readonly unread = true) {
    super(`form refused: ${problem}`);
  }
}

/**
 * Counts a body's bytes. Up to `maxBytes` a chunk is kept; a little past it the
 * rest is read and dropped, so the client gets its 413 on a connection that
 * stays usable; far past it (DRAIN_BYTES more) reading stops.
 */
class BodyMeter {
  #seen = 0;
  constructor(readonly maxBytes: number) {}

  /** Refuses a body declared far too large, before reading any of it. */
  static refusesDeclared(contentLength: string | null | undefined, maxBytes: number): boolean {
    const declared = Number(contentLength ?? NaN);
    return Number.isFinite(declared) && declared > maxBytes + DRAIN_BYTES;
  }

  /** Whether to keep this chunk; throws BodyTooLargeError(unread) once far past the limit. */
  take(chunk: Uint8Array): boolean {
    this.#seen += chunk.byteLength;
    if (this.#seen > this.maxBytes + DRAIN_BYTES) throw new BodyTooLargeError(true);
    return this.#seen <= this.maxBytes;
  }

  /** At the end of the body: throws BodyTooLargeError when it was over the limit. */
  end(): number {
    if (this.#seen > this.maxBytes) throw new BodyTooLargeError();
    return this.#seen;
  }
}

/**
 * The partner API's body (a Node request: server/api.ts is plain express), at
 * most `maxBytes`, by BodyMeter's rules. Reading stops by pausing, never by
 * destroying the request: that would take the socket, and the 413, with it.
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (BodyMeter.refusesDeclared(req.headers["content-length"], maxBytes)) return Promise.reject(new BodyTooLargeError(true));
  const meter = new BodyMeter(maxBytes);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      try {
        if (meter.take(chunk)) chunks.push(chunk);
      } catch (err) {
        cleanup();
        req.pause();
        reject(err);
      }
    };
    const onEnd = () => {
      cleanup();
      try {
        meter.end();
        resolve(Buffer.concat(chunks));
      } catch (err) {
        reject(err);
      }
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** The request's body as a stream that fails with BodyTooLargeError by BodyMeter's rules. */
function cappedStream(request: Request, maxBytes: number): ReadableStream<Uint8Array> {
  const meter = new BodyMeter(maxBytes);
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (meter.take(chunk)) controller.enqueue(chunk);
    },
    flush() {
      meter.end();
    },
  });
  return (request.body ?? new ReadableStream({ start: (c) => c.close() })).pipeThrough(counter);
}

export interface FormLimits {
  /** The whole body. */
  maxBytes: number;
  /** Fields and files together. */
  maxFields: number;
  /** One text field's value, in bytes as sent (percent-encoded in a URL-encoded body). */
  maxFieldBytes: number;
  /** Only these fields may carry files, each at most `maxFileBytes`; files anywhere else are read and dropped. */
  files?: { fields: string[]; maxFileBytes: number };
}

/**
 * Limits of a form that may carry photos (the tip form, the follow-up): five
 * photos at most plus 1 MB of text, in at most 64 fields (the tip form has
 * about 25) of at most 64 KB each (a 5,000-character description is 15 KB).
 */
export const PHOTO_FORM_LIMITS: FormLimits = {
  maxBytes: MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024,
  maxFields: 64,
  maxFieldBytes: 64 * 1024,
  files: { fields: ["photos"], maxFileBytes: MAX_PHOTO_BYTES },
};

/**
 * Every form without files: staff forms, sign-in, the language switch. Ample
 * for the longest of them (a phone tip's 5,000-character description is at
 * most 45 KB percent-encoded), tiny next to what a parser chokes on.
 */
export const TEXT_FORM_LIMITS: FormLimits = { maxBytes: 128 * 1024, maxFields: 64, maxFieldBytes: 64 * 1024 };

export interface ReadForm {
  formData: FormData;
  /** Fields that had at least one file over `maxFileBytes` (not kept). */
  oversizedFiles: string[];
  /** Text fields whose bytes were not valid UTF-8 (decoded with replacement characters). */
  invalidText: string[];
}

/**
 * Why a form was not read. `tooLargeUnread` and `shapeUnread` (too many or too
 * large fields): refused with part of the body left unread, so the answer must
 * close the connection.
 */
export type FormReadProblem = "tooLarge" | "tooLargeUnread" | "tooManyFields" | "fieldTooLarge" | "shapeUnread" | "malformed";

/** A POSTed form (multipart or URL-encoded), or the reason it cannot be read. */
export async function readForm(request: Request, limits: FormLimits): Promise<ReadForm | { problem: FormReadProblem }> {
  if (BodyMeter.refusesDeclared(request.headers.get("content-length"), limits.maxBytes)) return { problem: "tooLargeUnread" };
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const body = cappedStream(request, limits.maxBytes);
  const result: ReadForm = { formData: new FormData(), oversizedFiles: [], invalidText: [] };
  try {
    if (type.startsWith("multipart/form-data")) {
      const capped = new Request(request.url, { method: "POST", headers: request.headers, body, duplex: "half" } as RequestInit);
      result.formData = await unstable_parseMultipartFormData(capped, partHandler(limits, result));
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      result.formData = await readUrlEncoded(body, limits);
    } else {
      return { problem: "malformed" };
    }
  } catch (err) {
    return { problem: problemOf(err) };
  }
  return result;
}

function problemOf(err: unknown): FormReadProblem {
  // The multipart parser wraps what the part handler throws.
  const cause = err instanceof BodyTooLargeError || err instanceof FormShapeError ? err : (err as Error)?.cause;
  if (cause instanceof BodyTooLargeError) return cause.unread ? "tooLargeUnread" : "tooLarge";
  if (cause instanceof FormShapeError) return cause.unread ? "shapeUnread" : cause.problem;
  return "malformed";
}

const AMPERSAND = 0x26;

/**
 * A URL-encoded body, its fields counted and measured as the bytes arrive
 * (every `&` starts a field), then parsed in one linear pass. Once over a limit
 * nothing more is kept and the rest is read and dropped (up to DRAIN_BYTES), so
 * the client gets its answer on a connection that stays usable.
 */
async function readUrlEncoded(body: ReadableStream<Uint8Array>, limits: FormLimits): Promise<FormData> {
  const chunks: Uint8Array[] = [];
  let fields = 1;
  let fieldBytes = 0;
  let refused: FormShapeError["problem"] | null = null;
  let drained = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    if (refused) {
      if ((drained += chunk.byteLength) > DRAIN_BYTES) throw new FormShapeError(refused);
      continue;
    }
    for (let from = 0; ; ) {
      const at = chunk.indexOf(AMPERSAND, from);
      fieldBytes += (at === -1 ? chunk.byteLength : at) - from;
      if (fieldBytes > limits.maxFieldBytes) refused = "fieldTooLarge";
      else if (at !== -1 && ++fields > limits.maxFields) refused = "tooManyFields";
      if (refused || at === -1) break;
      fieldBytes = 0;
      from = at + 1;
    }
    if (!refused) chunks.push(chunk);
  }
  if (refused) throw new FormShapeError(refused, false);
  const formData = new FormData();
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) formData.append(name, value);
  return formData;
}

function partHandler(limits: FormLimits, result: ReadForm): UploadHandler {
  let parts = 0;
  return async ({ name, filename, contentType, data }) => {
    if (++parts > limits.maxFields) throw new FormShapeError("tooManyFields");
    const isFile = typeof filename === "string";
    const cap = isFile ? limits.files?.maxFileBytes ?? 0 : limits.maxFieldBytes;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (!isFile && size > cap) throw new FormShapeError("fieldTooLarge"); // the parts after this one stay unread
      if (size <= cap) chunks.push(chunk); // a file past its cap: keep reading (the stream must drain) but keep nothing
    }
    if (!isFile) {
      const bytes = Buffer.concat(chunks);
      try {
        return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        result.invalidText.push(name);
        return new TextDecoder("utf-8").decode(bytes); // with replacement characters, shown back to be retyped
      }
    }
    if (!limits.files?.fields.includes(name) || (size === 0 && !filename)) return undefined;
    if (size > cap) {
      result.oversizedFiles.push(name);
      return undefined;
    }
    return new File(chunks as unknown as BlobPart[], filename!, { type: contentType || "application/octet-stream" });
  };
}

/** How a page answers a form it could not read: status, the error key shown, and headers. */
export function formReadFailure(problem: FormReadProblem): { status: number; error: string; headers: Record<string, string> } {
  switch (problem) {
    case "malformed":
      return { status: 400, error: "form.unreadable", headers: {} };
    case "tooLarge":
      return { status: 413, error: "form.tooLarge", headers: {} };
    case "tooLargeUnread":
      return { status: 413, error: "form.tooLarge", headers: { Connection: "close" } };
    case "tooManyFields":
    case "fieldTooLarge":
      // No page of ours sends such a form: say it could not be read.
      return { status: 413, error: "form.unreadable", headers: {} };
    case "shapeUnread":
      return { status: 413, error: "form.unreadable", headers: { Connection: "close" } };
  }
}

/**
 * A form that must be read for the action to go on (every form but the tip
 * form and the follow-up, which show the problem inside the form itself).
 * A form that cannot be read ends the action at once: the thrown answer is
 * rendered by the error boundary in the page's language (error.form in the
 * common namespace).
 */
export async function requireForm(request: Request, limits: FormLimits = TEXT_FORM_LIMITS): Promise<FormData> {
  const read = await readForm(request, limits);
  if (!("problem" in read)) return read.formData;
  const failure = formReadFailure(read.problem);
  throw new Response(failure.error, { status: failure.status, headers: { ...failure.headers, "Content-Type": "text/plain; charset=utf-8" } });
}

/** Field errors (schema message keys) for what reading the body found: undecodable text, photos over the limit. */
export function readProblems(read: ReadForm): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const name of read.invalidText) errors[name] = ["text.invalidCharacters"];
  for (const name of read.oversizedFiles) errors[name] = ["photos.tooLarge"];
  return errors;
}
