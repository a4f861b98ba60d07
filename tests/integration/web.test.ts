/** The web process as a real process: health, headers, shutdown. */
import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { startApp, stopProcess, type RunningApp } from "../setup/app-server";
import { freePort } from "../setup/redis";

describe("web process", () => {
  let app: RunningApp;
  beforeAll(async () => {
    // Every other test starts on a copy of the migrated template; this one on an empty database.
    app = await startApp({ database: "empty" });
  });
  afterAll(async () => app?.stop());

  it("migrates an empty database on start", async () => {
    const migrations = readdirSync(path.resolve(import.meta.dirname, "../../db/migrations")).map((f) => f.replace(/\.ts$/, "")).sort();
    const handle = openDatabase(app.databaseUrl);
    try {
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
      expect(applied.rows.map((r) => r.name)).toEqual(migrations);
    } finally {
      await handle.close();
    }
  });

  it("answers /healthz with db and redis ok", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ db: "ok", redis: "ok" });
  });

  it("sends a strict, self-only Content-Security-Policy and a same-origin referrer policy on pages", async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/https?:/); // no third-party origin anywhere
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses state-changing requests from another origin before any action runs", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${app.url}/language`, {
        method: "POST", redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: "lng=en&redirectTo=/",
      });
    for (const origin of ["https://evil.example", "null", "not a url"]) {
      const res = await post({ Origin: origin });
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect((await post({ Origin: app.url })).status).toBe(302);
    expect((await post({})).status).toBe(302); // no Origin: not a browser form; nothing to forge
  });

  it("sends /language back to a same-site page whatever redirectTo holds: never another host, never a 500", async () => {
    const cases: Array<[string, string]> = [
      ["/\\evil.example/x", "/"],
      ["/\\/evil.example", "/"],
      ["/\t/evil.example/x", "/"],
      ["/ok\r\nSet-Cookie: pwned=1", "/"],
      ["/ok\rLocation: https://evil.example", "/"],
      ["/bao-tin?tinh=48", "/bao-tin?tinh=48"],
    ];
    for (const [redirectTo, location] of cases) {
      const res = await fetch(`${app.url}/language`, {
        method: "POST", redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
        body: new URLSearchParams({ lng: "en", redirectTo }),
      });
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      expect(res.headers.get("location"), JSON.stringify(redirectTo)).toBe(location);
      expect(res.headers.get("set-cookie")).not.toContain("pwned");
    }
  });

  it("sends the security headers on every kind of response", async () => {
    const html = await (await fetch(`${app.url}/`)).text();
    const asset = html.match(/href="(\/build\/_assets\/app-[^"]+\.css)"/)![1];
    const responses = await Promise.all([
      fetch(`${app.url}/`), fetch(`${app.url}/bao-tin`), fetch(`${app.url}/theo-doi`), fetch(`${app.url}/can-bo/dang-nhap`),
      fetch(`${app.url}/khong-co`), fetch(`${app.url}/healthz`), fetch(`${app.url}${asset}`),
      fetch(`${app.url}/api/v1/tips`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }),
      fetch(`${app.url}/api/v1/tips/status`),
      fetch(`${app.url}/language`, { method: "POST", headers: { Origin: "https://evil.example" } }),
      fetch(`${app.url}/?q=%00`),
      fetch(`${app.url}/api/v1/tips/status?q=%00`),
    ]);
    for (const res of responses) {
      const where = `${res.url} (${res.status})`;
      expect(res.headers.get("content-security-policy"), where).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), where).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), where).toBe("same-origin");
      expect(res.headers.get("cross-origin-opener-policy"), where).toBe("same-origin");
      expect(res.headers.get("x-powered-by"), where).toBeNull();
    }
  });

  it("answers a NUL in the URL with a plain 400", async () => {
    for (const path of ["/?q=%00", "/theo-doi?x=a%00b", "/can-bo?q=%00"]) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).toBe(400);
    }
    const api = await fetch(`${app.url}/api/v1/tips/status?x=%00`, { headers: { "X-Receipt": "1234-5678-9012-3456" } });
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: "NUL in the URL" });
  });

  it("serves fingerprinted assets with a year-long immutable cache", async () => {
    const html = await (await fetch(`${app.url}/`)).text();
    const asset = html.match(/href="(\/build\/_assets\/app-[^"]+\.css)"/)?.[1];
    expect(asset).toBeTruthy();
    const res = await fetch(`${app.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/max-age=31536000.*immutable/);
  });

  it("answers an unknown page with a 404 page that shows no internals", async () => {
    const res = await fetch(`${app.url}/khong-co-trang-nay`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Không tìm thấy trang");
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
    // It has a title, and its scripts carry the page's CSP nonce (without it the browser blocks them).
    expect(html).toContain("<title>Không tìm thấy trang — Tin Báo</title>");
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect([...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].every(([tag]) => tag.includes(`nonce="${nonce}"`))).toBe(true);
    // So is a form sent to a page that does not exist.
    const posted = await fetch(`${app.url}/khong-co-trang-nay`, { method: "POST", body: new URLSearchParams({ a: "1" }) });
    expect(posted.status).toBe(404);
  });

  it("never writes IP addresses, user agents or query strings of public requests to its log", async () => {
    await fetch(`${app.url}/?secret-query=1`, { headers: { "User-Agent": "UniqueAgent/9.9" } });
    await fetch(`${app.url}/khong-co-trang-nay?other-secret=2`);
    const log = app.output().split("\n").filter((line) => !line.includes("web server listening")).join("\n");
    expect(log).not.toContain("127.0.0.1"); // remote address
    expect(log).not.toContain("khong-co-trang-nay");
    expect(log).not.toContain("other-secret");
    expect(log).not.toContain("UniqueAgent");
    expect(log).not.toContain("secret-query");
  });
});

describe("web process without Redis", () => {
  it("answers /healthz 503 naming Redis", async () => {
    const deadPort = await freePort();
    const app = await startApp({ env: { REDIS_URL: `redis://127.0.0.1:${deadPort}` } });
    try {
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ db: "ok", redis: "down" });
    } finally {
      await app.stop();
    }
  });
});

describe("graceful shutdown", () => {
  it("exits 0 on SIGTERM", async () => {
    const app = await startApp();
    const exit = new Promise<number | null>((resolve) => app.web.once("exit", (code) => resolve(code)));
    await stopProcess(app.web, "SIGTERM");
    expect(await exit).toBe(0);
    await app.stop();
  });
});
