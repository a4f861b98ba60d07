#!/usr/bin/env bash
# Runs `npm test` with every process's clock moved to a given moment (libfaketime,
# Debian package `faketime`), to prove the suite does not depend on today's date:
#   scripts/test-moved-clock.sh "2026-12-31T16:57:00Z"   # 23:57 on New Year's Eve in Vietnam
#   scripts/test-moved-clock.sh "2027-02-28T16:58:00Z"   # the last minutes of February
# The clock is moved by an offset (FAKETIME="+Ns"), not pinned, so it keeps running and
# every process started later (web, worker, CLI) agrees on the time; the test
# setup passes LD_PRELOAD and FAKETIME* on to the processes it starts (tests/setup/app-server.ts),
# except the real servers and Chromium (tests/setup/redis.ts realClockEnv).
# Redis and PostgreSQL keep the real clock: only relative times (TTLs) are read from them.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/test-moved-clock.sh ISO-8601-moment [vitest args]}"
shift
lib="$(find /usr/lib -name libfaketime.so.1 -path '*faketime*' 2>/dev/null | head -n1)"
if [ -z "$lib" ]; then
  echo "libfaketime is not installed (apt-get install -y faketime)" >&2
  exit 1
fi
offset=$(( $(date -d "$target" +%s) - $(date +%s) ))
echo "[moved clock] every process runs at $target onwards (offset ${offset}s)"
if [ "$offset" -ge 0 ]; then fake="+${offset}"; else fake="${offset}"; fi
# File times stay real (NO_FAKE_STAT): a file's age is then "now − mtime" on one clock.
export LD_PRELOAD="$lib" FAKETIME="$fake" FAKETIME_DONT_FAKE_MONOTONIC=1 NO_FAKE_STAT=1
exec npm test -- "$@"
