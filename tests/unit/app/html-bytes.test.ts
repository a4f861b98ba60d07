/**
 * The NUL bytes React 18.3's stream leaves at its 2 KB boundaries are dropped, and
 * nothing else: the same bytes as filtering byte by byte, for any page.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withoutNulBytes } from "../../../app/utils/html-bytes.server";

const reference = (html: Buffer) => Uint8Array.from(html.filter((byte) => byte !== 0));

describe("withoutNulBytes", () => {
  it("drops every zero byte and keeps the rest in order", () => {
    const page = Buffer.concat([Buffer.from("<p>Phường Hải Châu"), Buffer.alloc(3), Buffer.from("đường Lê Duẩn</p>"), Buffer.alloc(1)]);
    expect(Buffer.from(withoutNulBytes(page)).toString("utf8")).toBe("<p>Phường Hải Châuđường Lê Duẩn</p>");
    expect(Buffer.from(withoutNulBytes(Buffer.alloc(4)))).toEqual(Buffer.alloc(0));
    const clean = Buffer.from("<html lang=\"vi\">Tin Báo</html>");
    expect(Buffer.from(withoutNulBytes(clean)).equals(clean)).toBe(true);
  });

  it("equals a byte-by-byte filter on any input", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.nat(5000), { maxLength: 40 }), (bytes, zeros) => {
      const html = Buffer.from(bytes);
      for (const at of zeros) if (at < html.length) html[at] = 0;
      expect(withoutNulBytes(html)).toEqual(reference(html));
    }));
  });
});
