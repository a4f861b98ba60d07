/**
 * A local multi-process layout (issue 19 item 4; docs/decisions/0078-national-scope-and-operations.md):
 *
 *   npm run start:cluster -- --web 2 --workers 2
 *
 * starts N web processes (server/index.ts, each on its own port), M workers
 * (workers/index.ts) and, in this process, a small reverse proxy on PORT (node's
 * http, round robin) in front of the web processes. It runs on PostgreSQL: several
 * processes writing one SQLite file is not a supported deployment.
 *
 * No sticky sessions: staff sessions, receipts' sessions and idempotency keys live
 * in the database, so any web process answers any request. A request whose web
 * process does not answer (refused or reset before a response) is sent to the next
 * one — the body is buffered first, up to the largest body the app accepts — and
 * that process is left out for a few seconds. Processes that die are not restarted
 * (that is the service manager's job in production: systemd, Kubernetes, …).
 *
 * Prints one line per process (`web 1 pid 123 http://127.0.0.1:40001`, `worker 1 pid 124`)
 * and `ready http://127.0.0.1:PORT` once every web process answers /healthz.
 * SIGTERM/SIGINT stop the children (SIGTERM, so they finish their work) and the proxy.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.resolve(import.meta.dirname, "..");
/** The most a buffered request body may hold: above the intake form's photos (server/app.ts limits). */
const MAX_BODY_BYTES = 40 * 1024 * 1024;
/** How long a web process that did not answer is left out. */
const DOWN_FOR_MS = 3_000;

const { values } = parseArgs({
  options: { web: { type: "string", default: "2" }, workers: { type: "string", default: "1" }, help: { type: "boolean", default: false } },
});
if (values.help) {
  process.stdout.write("usage: npm run start:cluster -- [--web N] [--workers M]   (PORT: the proxy's port; DATABASE_URL: postgres://…)\n");
  process.exit(0);
}
const webCount = Number(values.web);
const workerCount = Number(values.workers);
if (!Number.isInteger(webCount) || webCount < 1 || webCount > 16) fail("--web must be a whole number from 1 to 16");
if (!Number.isInteger(workerCount) || workerCount < 0 || workerCount > 16) fail("--workers must be a whole number from 0 to 16");
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) fail("DATABASE_URL must be postgres://…: several processes need PostgreSQL");
const proxyPort = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

function fail(message: string): never {
  process.stderr.write(`start:cluster: ${message}\n`);
  process.exit(2);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const children: ChildProcess[] = [];
let proxy: http.Server | undefined;

// Registered before anything starts: a stop while starting up still stops the children.
let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  proxy?.close();
  await Promise.all(children.map((child) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(null);
    child.once("exit", resolve);
    child.kill(signal === "SIGINT" ? "SIGTERM" : signal);
  })));
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

function start(label: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  // node with tsx's loader (not the tsx CLI, which would add a wrapper process between us and the app).
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code, signal) => process.stdout.write(`${label} pid ${child.pid} exited (${signal ?? code})\n`));
  children.push(child);
  return child;
}

interface Upstream { url: URL; downUntil: number }
const upstreams: Upstream[] = [];
for (let i = 1; i <= webCount; i++) {
  const port = await freePort();
  // Behind one proxy: the client's address comes from X-Forwarded-For (TRUST_PROXY=1).
  const child = start(`web ${i}`, "server/index.ts", { ...process.env, PORT: String(port), HOST: "127.0.0.1", TRUST_PROXY: "1" });
  upstreams.push({ url: new URL(`http://127.0.0.1:${port}`), downUntil: 0 });
  process.stdout.write(`web ${i} pid ${child.pid} http://127.0.0.1:${port}\n`);
}
for (let i = 1; i <= workerCount; i++) {
  const child = start(`worker ${i}`, "workers/index.ts", { ...process.env });
  process.stdout.write(`worker ${i} pid ${child.pid}\n`);
}

let next = 0;
/** The web processes to try, in round-robin order, those recently down last. */
function order(): Upstream[] {
  const now = Date.now();
  const turn = upstreams.map((_, i) => upstreams[(next + i) % upstreams.length]);
  next = (next + 1) % upstreams.length;
  return [...turn.filter((u) => u.downUntil <= now), ...turn.filter((u) => u.downUntil > now)];
}

function forward(upstream: Upstream, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: req.headers.host ?? upstream.url.host };
    const forwardedFor = req.headers["x-forwarded-for"];
    headers["x-forwarded-for"] = [forwardedFor, req.socket.remoteAddress].filter(Boolean).join(", ");
    headers["x-forwarded-proto"] = "http";
    const out = http.request({ host: upstream.url.hostname, port: upstream.url.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on("end", () => resolve(true));
      answer.on("error", () => resolve(true));
    });
    // Refused or reset before any answer: nothing reached the app, so the next process may take it.
    out.on("error", () => {
      upstream.downUntil = Date.now() + DOWN_FOR_MS;
      resolve(res.headersSent);
    });
    out.end(body);
  });
}

proxy = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8" }).end("Request body too large\n");
      return;
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  for (const upstream of order()) {
    if (await forward(upstream, req, body, res)) return;
  }
  res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" }).end("No web process answered\n");
});
// Live streams (the officers' queue) stay open: no proxy-side timeout.
proxy.requestTimeout = 0;
proxy.listen(proxyPort, host);
await new Promise((resolve) => proxy!.once("listening", resolve));

const healthy = async (u: Upstream) => (await fetch(new URL("/healthz", u.url)).catch(() => null))?.status === 200;
for (let tries = 0; ; tries++) {
  if ((await Promise.all(upstreams.map(healthy))).every(Boolean)) break;
  if (tries > 600) fail("the web processes did not become healthy within 2 minutes");
  await new Promise((r) => setTimeout(r, 200));
}
process.stdout.write(`ready http://${host}:${(proxy.address() as net.AddressInfo).port}\n`);

