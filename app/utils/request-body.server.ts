/**
 * Reading public request bodies within limits. The declared Content-Length is
 * checked first, and the stream itself is counted too (a chunked body declares
 * nothing), so an oversized body is refused without being held in memory.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";

/** How much of an undeclared oversized body is read and dropped before giving up on the connection. */
export const DRAIN_BYTES = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  /** True when the body was left unread: the connection cannot be reused, so the answer must close it. */
  constructor(readonly unread = false) {
    super("request body too large");
  }
}

/** The declared length, or null when the body is chunked. */
function declaredLength(request: Request): number | null {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  return Number.isFinite(declared) ? declared : null;
}

/**
 * Refuses a body declared far too large without reading it. One declared a
 * little too large is read and dropped (cappedStream), so the client gets its
 * 413 on a connection that stays usable.
 */
function refuseUnread(request: Request, maxBytes: number): boolean {
  const declared = declaredLength(request);
  return declared !== null && declared > maxBytes + DRAIN_BYTES;
}

/**
 * The request's body, failing with BodyTooLargeError once past `maxBytes`. A
 * little past the limit the rest is still read and dropped, so the client gets
 * its 413 instead of a reset connection; far past it the connection is dropped.
 */
function cappedStream(request: Request, maxBytes: number): ReadableStream<Uint8Array> {
  const dropLimit = maxBytes + DRAIN_BYTES;
  let seen = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > dropLimit) controller.error(new BodyTooLargeError(true));
      else if (seen <= maxBytes) controller.enqueue(chunk);
    },
    flush(controller) {
      if (seen > maxBytes) controller.error(new BodyTooLargeError());
    },
  });
  return (request.body ?? new ReadableStream({ start: (c) => c.close() })).pipeThrough(counter);
}

/** The whole body as bytes, at most `maxBytes`. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (refuseUnread(request, maxBytes)) throw new BodyTooLargeError(true);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of cappedStream(request, maxBytes) as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  return Buffer.concat(chunks, total);
}

export interface FormLimits {
  maxBytes: number;
  maxFileBytes: number;
  /** Only these fields may carry files; files anywhere else are read and dropped. */
  fileFields: string[];
}

export interface ReadForm {
  formData: FormData;
  /** Fields that had at least one file over `maxFileBytes` (not kept). */
  oversizedFiles: string[];
  /** Text fields whose bytes were not valid UTF-8 (decoded with replacement characters). */
  invalidText: string[];
}

/** `tooLargeUnread`: refused with part of the body left unread (the answer must close the connection). */
export type FormReadProblem = "tooLarge" | "tooLargeUnread" | "malformed";

const TEXT_PART_MAX = 256 * 1024;

/** A POSTed form (multipart or urlencoded), or the reason it cannot be read. */
export async function readForm(request: Request, limits: FormLimits): Promise<ReadForm | { problem: FormReadProblem }> {
  if (refuseUnread(request, limits.maxBytes)) return { problem: "tooLargeUnread" };
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const capped = new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: cappedStream(request, limits.maxBytes),
    duplex: "half",
  } as RequestInit);
  const result: ReadForm = { formData: new FormData(), oversizedFiles: [], invalidText: [] };
  try {
    if (type.startsWith("multipart/form-data")) {
      result.formData = await unstable_parseMultipartFormData(capped, partHandler(limits, result));
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      result.formData = await capped.formData();
    } else {
      return { problem: "malformed" };
    }
  } catch (err) {
    const tooLarge = err instanceof BodyTooLargeError ? err : (err as Error)?.cause instanceof BodyTooLargeError ? ((err as Error).cause as BodyTooLargeError) : null;
    return { problem: tooLarge ? (tooLarge.unread ? "tooLargeUnread" : "tooLarge") : "malformed" };
  }
  return result;
}

function partHandler(limits: FormLimits, result: ReadForm): UploadHandler {
  return async ({ name, filename, contentType, data }) => {
    const isFile = typeof filename === "string";
    const cap = isFile ? limits.maxFileBytes : TEXT_PART_MAX;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= cap) chunks.push(chunk); // past the cap keep reading (the stream must drain) but keep nothing
    }
    if (!isFile) {
      if (size > cap) throw new BodyTooLargeError(true); // the parts after this one stay unread
      const bytes = Buffer.concat(chunks);
      try {
        return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        result.invalidText.push(name);
        return new TextDecoder("utf-8").decode(bytes); // with replacement characters, shown back to be retyped
      }
    }
    if (!limits.fileFields.includes(name) || (size === 0 && !filename)) return undefined;
    if (size > cap) {
      result.oversizedFiles.push(name);
      return undefined;
    }
    return new File(chunks as unknown as BlobPart[], filename!, { type: contentType || "application/octet-stream" });
  };
}

/** How a page answers a form it could not read: status, the error key shown, and headers. */
export function formReadFailure(problem: FormReadProblem): { status: number; error: string; headers: Record<string, string> } {
  if (problem === "malformed") return { status: 400, error: "form.unreadable", headers: {} };
  return { status: 413, error: "form.tooLarge", headers: problem === "tooLargeUnread" ? { Connection: "close" } : {} };
}

/** Field errors (schema message keys) for what reading the body found: undecodable text, photos over the limit. */
export function readProblems(read: ReadForm): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const name of read.invalidText) errors[name] = ["text.invalidCharacters"];
  for (const name of read.oversizedFiles) errors[name] = ["photos.tooLarge"];
  return errors;
}
