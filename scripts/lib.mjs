/** Helpers for the npm start/test scripts: Node built-ins only (node_modules may be missing). */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const bin = (name) => path.join(root, "node_modules", ".bin", name);
export const say = (line) => process.stdout.write(`[tinbao] ${line}\n`);

export function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: "inherit", env, cwd: root });
  if (result.status !== 0) {
    say(`"${path.basename(command)} ${args.join(" ")}" failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** `npm install` against the committed lockfile when node_modules is missing (npm ci cannot run here). */
export function ensureDependencies() {
  if (existsSync(path.join(root, "node_modules", ".package-lock.json"))) return;
  say("installing dependencies (first run)…");
  run("npm", ["install", "--no-audit", "--no-fund"]);
}

export function commandExists(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

/** Sends PING over a raw socket; true when Redis answers PONG. */
export function redisAnswers(url, timeoutMs = 1500) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || "127.0.0.1", port: Number(port || 6379) });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/** True when something accepts TCP connections at host:port. */
export function tcpAnswers(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => done(true));
  });
}

export async function waitUntil(check, attempts = 50, delayMs = 100) {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  return false;
}
