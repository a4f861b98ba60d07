/**
 * The worker's share of the CPU (docs/decisions/0086): on a machine it shares with the web
 * process, a burst of tips is limited by argon2id hashing in the web process, and every
 * millisecond the worker's pipeline takes from it is a tip not accepted. The worker
 * therefore lowers its own scheduling priority at start; the scheduler still gives it
 * every cycle the web process leaves, and never all of them to the web process (CFS
 * weights: nice 10 is ~1/9 of nice 0), so it catches up after the burst and keeps
 * routing, more slowly, through a long one.
 *
 * Linux keeps a nice value per thread, so every thread the process has is lowered (the
 * threads started later inherit it from the main thread). With the kernel's autogroups
 * (`kernel.sched_autogroup_enabled`, most desktop and server distributions), nice only
 * weighs between processes of one session: when the worker runs in a session of its own
 * (`setsid`, a detached child, as the benchmarks start it), its autogroup is lowered
 * too — only then, since an autogroup shared with the web process would lower both.
 * Under systemd each service is a cgroup of its own and `CPUWeight=` is the knob.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/** Linux's lowest priority. */
const MAX_NICE = 19;

export interface ProcessStat {
  pid: number;
  ppid: number;
  /** Process group. */
  pgrp: number;
  session: number;
  nice: number;
  /** CPU used so far, user + system, in clock ticks (1/100 s on Linux). */
  cpuTicks: number;
}

/** Parses /proc/PID/stat (or /proc/PID/task/TID/stat); the command name may hold spaces and parentheses. */
export function parseStat(text: string): ProcessStat {
  const pid = Number(text.slice(0, text.indexOf(" ")));
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" "); // from field 3 (state) on
  return {
    pid, ppid: Number(fields[1]), pgrp: Number(fields[2]), session: Number(fields[3]), nice: Number(fields[16]),
    cpuTicks: Number(fields[11]) + Number(fields[12]), // utime + stime
  };
}

function readStat(path: string): ProcessStat | null {
  try {
    return parseStat(readFileSync(path, "utf8"));
  } catch {
    return null; // gone while we looked
  }
}

/** Every process /proc lists now (those that end while it is read are left out). */
export function listProcesses(): ProcessStat[] {
  return readdirSync("/proc").filter((e) => /^\d+$/.test(e)).map((e) => readStat(`/proc/${e}/stat`)).filter((p): p is ProcessStat => p !== null);
}

/**
 * Whether `self`'s session holds only `self`, the processes that started it (npm, a shell,
 * tsx) and its own children (esbuild's service): then its autogroup is the worker's own and
 * lowering it lowers nothing else.
 */
export function sessionIsOwn(self: number, members: Pick<ProcessStat, "pid">[], all: Pick<ProcessStat, "pid" | "ppid">[]): boolean {
  const parentOf = new Map(all.map((p) => [p.pid, p.ppid]));
  const lineage = (start: number) => {
    const seen: number[] = [];
    for (let pid: number | undefined = start; pid !== undefined && pid > 0 && !seen.includes(pid); pid = parentOf.get(pid)) seen.push(pid);
    return seen;
  };
  const ancestors = new Set(lineage(self));
  return members.every((p) => ancestors.has(p.pid) || lineage(p.pid).includes(self));
}

/**
 * "/autogroup-107 nice 0" → 0; null without autogroups, and for a process in the kernel's default
 * autogroup (a session that never began with setsid), whose file is empty.
 */
export function autogroupNice(text: string): number | null {
  const match = /nice (-?\d+)/.exec(text);
  return match ? Number(match[1]) : null;
}

export interface LoweredPriority {
  /** The process's nice value now. */
  nice: number;
  /** Threads lowered. */
  threads: number;
  /**
   * `lowered`: the worker's own autogroup was lowered too; `shared`: its session holds other processes (nice
   * weighs within it); `off`: no autogroups here; `untouched`: nothing asked (steps 0).
   */
  autogroup: "lowered" | "shared" | "off" | "untouched";
  autogroupNice: number | null;
}

/** Lowers this process's priority by `steps` nice levels (0: leaves it as it is). See the module comment. */
export function lowerOwnPriority(steps: number): LoweredPriority {
  const current = getPriority(0);
  if (steps <= 0) return { nice: current, threads: 0, autogroup: "untouched", autogroupNice: null };
  const target = Math.min(MAX_NICE, current + steps);
  let threads = 0;
  if (target > current) {
    for (const tid of readdirSync("/proc/self/task").map(Number)) {
      try {
        if (getPriority(tid) < target) {
          setPriority(tid, target);
          threads++;
        }
      } catch {
        // the thread ended while we looked
      }
    }
  }
  const autogroup = lowerOwnAutogroup(steps);
  return { nice: getPriority(0), threads, ...autogroup };
}

function lowerOwnAutogroup(steps: number): Pick<LoweredPriority, "autogroup" | "autogroupNice"> {
  let text: string;
  try {
    if (readFileSync("/proc/sys/kernel/sched_autogroup_enabled", "utf8").trim() !== "1") return { autogroup: "off", autogroupNice: null };
    text = readFileSync("/proc/self/autogroup", "utf8");
  } catch {
    return { autogroup: "off", autogroupNice: null };
  }
  const nice = autogroupNice(text);
  if (nice === null) return { autogroup: "off", autogroupNice: null };
  const all = listProcesses();
  const self = readStat("/proc/self/stat")!;
  const members = all.filter((p) => p.session === self.session);
  if (!sessionIsOwn(self.pid, members, all)) return { autogroup: "shared", autogroupNice: nice };
  const target = Math.min(MAX_NICE, nice + steps);
  try {
    if (target > nice) writeFileSync("/proc/self/autogroup", String(target));
  } catch {
    return { autogroup: "off", autogroupNice: nice }; // a read-only /proc (some containers): the threads' nice is what there is
  }
  return { autogroup: "lowered", autogroupNice: autogroupNice(readFileSync("/proc/self/autogroup", "utf8")) };
}
