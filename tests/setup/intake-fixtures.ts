/** Test data for the intake tests: photos that must not survive as they are, and tips. */
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { createApiKeyCommand } from "../../cli/commands/accounts";
import { importUnits } from "../../cli/commands/units";
import { upsertSourceOrg } from "../../db/queries/source-orgs";
import { startApp, withAppDatabase, type RunningApp } from "./app-server";

/** GPS IFD pointer (tag 0x8825, little endian) inside an EXIF block. */
export const GPS_POINTER = Buffer.from([0x25, 0x88]);

export async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "TestCam", Model: "Phone 1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "16/1 4/1 12/1", GPSLongitudeRef: "E", GPSLongitude: "108/1 14/1 30/1" },
    })
    .withIccProfile("p3")
    .toBuffer();
}

/** A valid PNG header announcing 60,000 × 60,000 pixels, with almost no data behind it. */
export function decompressionBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(60_000, 0);
  ihdr.writeUInt32BE(60_000, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(60_001 * 4))), // a few rows: the rest would be gigabytes
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}


export interface IntakeApp {
  app: RunningApp;
  /** A hotline key (channel "hotline"), and one limited to 3 requests a minute. */
  apiKey: string;
  slowKey: string;
}

/** The web process on a fresh database with Đà Nẵng's wards, two API keys and two source organisations. */
export async function startIntakeApp(options: { worker?: boolean } = {}): Promise<IntakeApp> {
  const keys = { apiKey: "", slowKey: "" };
  const app = await startApp({
    ...options,
    // What `db migrate`, `units import --province 48` and `apikey create` do, in this process.
    setup: (env) =>
      withAppDatabase(env, async ({ db }) => {
        await importUnits(db, "48");
        keys.apiKey = (await createApiKeyCommand(db, { name: "Tổng đài", channel: "hotline" })).key;
        keys.slowKey = (await createApiKeyCommand(db, { name: "Chậm", channel: "partner", rateLimit: "3" })).key;
        const now = new Date().toISOString();
        await upsertSourceOrg(db, { code: "HCCB", nameVi: "Hội Cựu chiến binh", nameEn: "Veterans' Association", kind: "association", provinceCode: null }, now);
        await upsertSourceOrg(db, { code: "TTQ-ANTT", nameVi: "Tổ tự quản an ninh trật tự", nameEn: "Neighbourhood security team", kind: "model", provinceCode: null }, now);
      }),
  });
  return { app, ...keys };
}

export const VALID_API_TIP = {
  category: "drugs",
  description: "Có người bán ma túy ở quán cà phê đầu kiệt 78 Hồ Nghinh vào buổi tối.",
  occurredAt: "2026-10-03T21:30:00+07:00",
  location: { wardCode: "20275" },
  reporter: null,
};

export function postTip(app: RunningApp, key: string | null, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/v1/tips`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers },
    body: (typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body)) as BodyInit,
  });
}

/** A multipart/form-data body built by hand, so tests can send bytes no browser would (invalid UTF-8). */
export function multipart(parts: Array<{ name: string; value: string | Buffer; filename?: string; type?: string }>) {
  const boundary = `----tinbao${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ""}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ""}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The form page's signed render time, and when it becomes usable (3 s later). */
export async function formToken(app: RunningApp): Promise<string> {
  const html = await (await fetch(`${app.url}/bao-tin`)).text();
  const token = /name="started" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no form token on /bao-tin");
  return token;
}

export const VALID_FORM = {
  category: "theft",
  description: "Trộm xe máy trước nhà số 12 lúc 2 giờ sáng, camera có ghi hình.",
  when: "approximate",
  occurredDate: "2026-10-03",
  province: "48",
  wardCode: "20275",
  identity: "anonymous",
  website: "",
};
