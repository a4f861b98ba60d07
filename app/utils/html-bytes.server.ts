/**
 * React 18.3's streaming renderer writes its whole 2 KB buffer when a multi-byte
 * character (most Vietnamese letters) does not fit at the end, unfilled zero
 * bytes included (writeStringChunk in react-dom-server.node). NUL never belongs
 * in our HTML (inputs with NUL are refused), so it is dropped.
 *
 * By copying the runs between the zero bytes: a page has a few zeros per 2 KB, and
 * `Buffer#filter` called a function for every byte — 30 ms of CPU for a 100 KB
 * queue page, most of the page's server time (bench:queue, profiled).
 */
export function withoutNulBytes(html: Buffer): Uint8Array<ArrayBuffer> {
  let zero = html.indexOf(0);
  if (zero === -1) return new Uint8Array(html.buffer as ArrayBuffer, html.byteOffset, html.length);
  const out = Buffer.allocUnsafe(html.length);
  let length = 0;
  let from = 0;
  while (zero !== -1) {
    length += html.copy(out, length, from, zero);
    from = zero + 1;
    zero = html.indexOf(0, from);
  }
  length += html.copy(out, length, from);
  return new Uint8Array(out.buffer as ArrayBuffer, out.byteOffset, length);
}
