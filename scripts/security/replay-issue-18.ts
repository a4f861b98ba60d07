/**
 * Replays issue 18's attacks 1–6 against a running instance and prints the figures
 * (README "Scanning a running instance"). Run it against your own instance only:
 * it submits tips, adds photos and burns receipt budgets.
 *
 *   npx tsx scripts/security/replay-issue-18.ts URL WEB_PID DATA_DIR OFFICER_EMAIL OFFICER_PASSWORD KEY_A KEY_B KEY_C
 *
 * WEB_PID is the web process (its RSS is read from /proc), DATA_DIR the instance's
 * (photo bytes are counted in DATA_DIR/uploads), KEY_A…C three partner API keys
 * (`tips apikey create --channel partner --rate-limit 100000`): A and B flood
 * look-ups, C floods them while a tip is submitted. Every step also times
 * /healthz while the attack runs: the point of items 1–2 is that nobody else waits.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import sharp from "sharp";

const [url, webPid, dataDir, officerEmail, officerPassword, keyA, keyB, keyC] = process.argv.slice(2);
if (!keyC) {
  console.error("usage: replay-issue-18.ts URL WEB_PID DATA_DIR OFFICER_EMAIL OFFICER_PASSWORD KEY_A KEY_B KEY_C");
  process.exit(2);
}
const origin = new URL(url).origin;
const ms = (n: number) => `${n.toFixed(0)} ms`;

function rssMb(): number {
  const line = readFileSync(`/proc/${webPid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

function dirBytes(dir: string): number {
  let total = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      total += entry.isDirectory() ? dirBytes(full) : statSync(full).size;
    }
  } catch {
    /* no uploads yet */
  }
  return total;
}

/** Polls /healthz every 50 ms until stopped; the slowest answer is the figure. */
function watchHealth() {
  let worst = 0;
  let polls = 0;
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        const res = await fetch(`${url}/healthz`);
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      } catch {
        failures++;
      }
      worst = Math.max(worst, performance.now() - started);
      polls++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return `/healthz worst ${ms(worst)} over ${polls} polls${failures ? `, ${failures} failed` : ""}`;
  };
}

/** Sends `total` bytes of `a` (declared, or chunked when `declare` is false) until the server answers. */
function bigPost(pathName: string, total: number, declare: boolean): Promise<{ status: number; ms: number; sentMb: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Origin: origin };
    if (declare) headers["Content-Length"] = String(total);
    const req = http.request(`${url}${pathName}`, { method: "POST", headers });
    let sent = 0;
    let done = false;
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const finish = (status: number) => {
      if (done) return;
      done = true;
      resolve({ status, ms: performance.now() - started, sentMb: sent / 1024 / 1024 });
      req.destroy();
    };
    req.on("response", (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on("error", () => finish(-1));
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

async function timed(input: string, init?: RequestInit) {
  const started = performance.now();
  const res = await fetch(input, { redirect: "manual", ...init });
  await res.arrayBuffer();
  return { res, ms: performance.now() - started };
}

async function repeatedFields() {
  console.log("1. 40,000 repeated fields (a=& × 40,000, 120 KB), and 20,000 multipart parts:");
  const body = "a=&".repeat(40_000);
  for (const target of ["/bao-tin", "/theo-doi", "/can-bo/dang-nhap"]) {
    const health = watchHealth();
    const { res, ms: took } = await timed(`${url}${target}`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin } });
    console.log(`   ${target}: ${res.status} in ${ms(took)}; ${await health()}`);
  }
  const boundary = "----replay";
  const parts = Array.from({ length: 20_000 }, () => `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n`).join("") + `--${boundary}--\r\n`;
  const health = watchHealth();
  const { res, ms: took } = await timed(`${url}/bao-tin`, { method: "POST", body: parts, headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Origin: origin } });
  console.log(`   /bao-tin multipart 20,000 parts: ${res.status} in ${ms(took)}; ${await health()}`);
}

async function hugeBodies() {
  console.log("2. 200 MB and 600 MB bodies to the staff sign-in:");
  for (const [mb, declare] of [[200, true], [200, false], [600, true]] as const) {
    const before = rssMb();
    const health = watchHealth();
    const out = await bigPost("/can-bo/dang-nhap", mb * 1024 * 1024, declare);
    const after = rssMb();
    console.log(`   ${mb} MB ${declare ? "declared" : "chunked"}: ${out.status} in ${ms(out.ms)} after ${out.sentMb.toFixed(0)} MB sent; RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB; ${await health()}`);
  }
}

async function openRedirects() {
  console.log("3. Open redirects:");
  const signIn = async (redirectTo: string) => {
    const res = await fetch(`${url}/can-bo/dang-nhap`, {
      method: "POST", redirect: "manual", headers: { Origin: origin },
      body: new URLSearchParams({ email: officerEmail, password: officerPassword, redirectTo }),
    });
    return `${res.status} → ${res.headers.get("location")}`;
  };
  for (const target of ["/\t/evil.example/x", "/\\evil.example", "//evil.example", "/%09/evil.example"]) console.log(`   sign-in redirectTo=${JSON.stringify(target)}: ${await signIn(target)}`);
  for (const target of ["/\\evil.example", "/\r\nSet-Cookie: x=1", "https://evil.example/"]) {
    const res = await fetch(`${url}/language`, { method: "POST", redirect: "manual", headers: { Origin: origin }, body: new URLSearchParams({ lng: "en", redirectTo: target }) });
    console.log(`   /language redirectTo=${JSON.stringify(target)}: ${res.status} → ${res.headers.get("location")}`);
  }
}

const tip = {
  category: "drugs",
  description: "Có người bán ma túy ở quán cà phê đầu kiệt 78 Hồ Nghinh vào buổi tối.",
  occurredAt: "2026-10-03T21:30:00+07:00",
  location: { wardCode: "20275" },
  reporter: null,
};
const submit = (key: string) =>
  timed(`${url}/api/v1/tips`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` }, body: JSON.stringify(tip) });
const lookUp = (receipt: string, key?: string) =>
  timed(`${url}/api/v1/tips/status`, { headers: { "X-Receipt": receipt, ...(key ? { Authorization: `Bearer ${key}` } : {}) } });
const tally = (answers: Map<number, number>) => [...answers].map(([s, n]) => `${n}× ${s}`).join(", ");

async function lookUpFlood(): Promise<string> {
  console.log("4. Two partner keys guess receipts flat out; then a resident opens a valid receipt:");
  const first = await submit(keyA);
  const receipt = ((await (await fetch(`${url}/api/v1/tips`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${keyA}` }, body: JSON.stringify(tip) })).json()) as { receipt: string }).receipt;
  let sent = 0;
  const answers = new Map<number, number>();
  const started = performance.now();
  await Promise.all([keyA, keyB].flatMap((key) => Array.from({ length: 16 }, async () => {
    while (sent < 1_300) {
      const { res } = await lookUp(String(4e15 + sent++), key);
      answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
    }
  })));
  const floodMs = performance.now() - started;
  const resident = await lookUp(receipt);
  console.log(`   1,300 wrong receipts from 2 keys in ${ms(floodMs)}: ${tally(answers)}; the resident's valid receipt: ${resident.res.status} in ${ms(resident.ms)} (a submission before: ${first.res.status})`);
  return receipt;
}

async function addInfoFlood(receipt: string) {
  console.log("5. Add information: 20 posts × 5 photos from one client:");
  const open = await fetch(`${url}/theo-doi`, { method: "POST", redirect: "manual", headers: { Origin: origin }, body: new URLSearchParams({ intent: "open", receipt }) });
  const cookie = open.headers.get("set-cookie")?.split(";")[0];
  if (open.status !== 303 || !cookie) return console.log(`   could not open the follow-up: ${open.status}`);
  // About 1.7 MB each: noise does not compress.
  const noise = Buffer.alloc(800 * 800 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const photo = await sharp(noise, { raw: { width: 800, height: 800, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
  const before = dirBytes(path.join(dataDir, "uploads"));
  const answers = new Map<number, number>();
  const started = performance.now();
  for (let i = 0; i < 20; i++) {
    const form = new FormData();
    form.set("intent", "add");
    form.set("body", `Bổ sung lần ${i + 1}: biển số 43A-123.45.`);
    for (let p = 0; p < 5; p++) form.append("photos", new Blob([photo], { type: "image/jpeg" }), `anh${p}.jpg`);
    const { res } = await timed(`${url}/theo-doi`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: origin } });
    answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
  }
  const written = dirBytes(path.join(dataDir, "uploads")) - before;
  console.log(`   photo ${(photo.length / 1024 / 1024).toFixed(1)} MB × 5 per post: ${tally(answers)} in ${ms(performance.now() - started)}; ${(written / 1024 / 1024).toFixed(1)} MB written to uploads`);
}

async function lookUpsVersusSubmission() {
  console.log("6. A tip submitted while 300 keyed look-ups are in flight:");
  const quiet = await submit(keyC);
  const flood = Promise.all(Array.from({ length: 300 }, (_, i) => lookUp(String(5e15 + i), keyC)));
  await new Promise((r) => setTimeout(r, 100));
  const busy = await submit(keyC);
  const answers = new Map<number, number>();
  for (const { res } of await flood) answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
  console.log(`   submission alone ${quiet.res.status} in ${ms(quiet.ms)}; during the look-ups ${busy.res.status} in ${ms(busy.ms)}; look-ups: ${tally(answers)}`);
}

console.log(`replaying issue 18 against ${url} (web RSS ${rssMb().toFixed(0)} MB)`);
await repeatedFields();
await hugeBodies();
await openRedirects();
const receipt = await lookUpFlood();
await addInfoFlood(receipt);
await lookUpsVersusSubmission();
console.log(`done (web RSS ${rssMb().toFixed(0)} MB)`);
