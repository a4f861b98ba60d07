/**
 * A CPU profiler switched on and off from outside (`--cpu-prof` itself is refused in NODE_OPTIONS):
 * `NODE_OPTIONS="--import ./scripts/bench/cpu-profile-preload.mjs" CPU_PROFILE_DIR=/tmp/x …`, then
 * SIGUSR2 starts sampling in that process and a second SIGUSR2 writes CPU_PROFILE_DIR/<pid>.cpuprofile.
 * Only processes started with the variable set listen; the profile covers the window between the signals.
 */
import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  let session = null;
  process.on("SIGUSR2", () => {
    if (!session) {
      session = new Session();
      session.connect();
      session.post("Profiler.enable");
      session.post("Profiler.setSamplingInterval", { interval: Number(process.env.CPU_PROFILE_INTERVAL_US ?? 500) });
      session.post("Profiler.start");
      return;
    }
    const done = session;
    session = null;
    done.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      done.disconnect();
    });
  });
}
