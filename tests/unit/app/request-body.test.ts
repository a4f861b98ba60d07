/** The one body reader: limits counted before parsing, and no route reading a body any other way. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readForm, requireForm, TEXT_FORM_LIMITS, type FormLimits } from "../../../app/utils/request-body.server";

const LIMITS: FormLimits = { maxBytes: 4_096, maxFields: 8, maxFieldBytes: 256 };

function urlEncoded(body: string): Request {
  return new Request("http://x/", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
}

function multipart(parts: Array<[string, string]>): Request {
  const body = parts.map(([name, value]) => `--B\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + "--B--\r\n";
  return new Request("http://x/", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=B" }, body });
}

describe("readForm", () => {
  it("reads a URL-encoded form at its limits, Vietnamese and repeated names included", async () => {
    const fields = Array.from({ length: 8 }, (_, i) => `ten=${encodeURIComponent(`Phường An Hải ${i}`)}`);
    const read = await readForm(urlEncoded(fields.join("&")), LIMITS);
    expect("problem" in read).toBe(false);
    if (!("problem" in read)) expect(read.formData.getAll("ten")).toHaveLength(8);
    const longest = await readForm(urlEncoded(`a=${"x".repeat(254)}`), LIMITS);
    expect("problem" in longest).toBe(false);
  });

  it("refuses one field too many, or one byte too many in a field, before parsing", async () => {
    expect(await readForm(urlEncoded(Array.from({ length: 9 }, () => "a=").join("&")), LIMITS)).toEqual({ problem: "tooManyFields" });
    expect(await readForm(urlEncoded(`a=${"x".repeat(255)}`), LIMITS)).toEqual({ problem: "fieldTooLarge" });
    expect(await readForm(urlEncoded("a=&".repeat(40_000)), TEXT_FORM_LIMITS)).toEqual({ problem: "tooManyFields" });
  });

  it("counts multipart parts and measures each", async () => {
    expect("problem" in (await readForm(multipart(Array.from({ length: 8 }, (_, i) => [`f${i}`, "x"])), LIMITS))).toBe(false);
    expect(await readForm(multipart(Array.from({ length: 9 }, (_, i) => [`f${i}`, "x"])), LIMITS)).toEqual({ problem: "shapeUnread" });
    expect(await readForm(multipart([["a", "x".repeat(257)]]), LIMITS)).toEqual({ problem: "shapeUnread" });
  });

  it("refuses a body over its size, declared or not, and what is not a form", async () => {
    expect(await readForm(urlEncoded(Array.from({ length: 8 }, () => `a=${"x".repeat(250)}`).join("&").repeat(3)), { ...LIMITS, maxFields: 100 })).toEqual({ problem: "tooLarge" });
    const declared = new Request("http://x/", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(200 * 1024 * 1024) }, body: "a=1" });
    expect(await readForm(declared, LIMITS)).toEqual({ problem: "tooLargeUnread" });
    const text = new Request("http://x/", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "a=1" });
    expect(await readForm(text, LIMITS)).toEqual({ problem: "malformed" });
  });

  it("requireForm throws the answer the error page renders", async () => {
    const thrown = await requireForm(urlEncoded("a=&".repeat(100))).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(413);
    expect(await (thrown as Response).text()).toBe("form.unreadable");
  });
});

describe("every body goes through the one reader", () => {
  const ROOT = path.resolve(import.meta.dirname, "../../..");
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? sources(full) : /\.tsx?$/.test(name) ? [full] : [];
    });

  it("no route, component or server module parses a request body itself", () => {
    const offenders = [...sources(path.join(ROOT, "app")), ...sources(path.join(ROOT, "server"))]
      .filter((file) => !file.endsWith("request-body.server.ts"))
      .filter((file) => /\brequest\.(formData|json|text|arrayBuffer|blob)\(\)/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});
