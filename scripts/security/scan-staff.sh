#!/usr/bin/env bash
# A complete authenticated wapiti scan of one staff role (README "Scanning a running instance").
#
#   scripts/security/scan-staff.sh URL EMAIL PASSWORD [START_PATH] [OUT_DIR]
#
# START_PATH: /can-bo/ (an officer, the default), /giam-sat/ (a supervisor), /quan-tri/ (an
# administrator). scan-all.sh runs it for every role and prints one table.
#
# Signs in as EMAIL, passing the second factor when the account needs one: on first use it
# enrols (reads the secret the enrolment page shows, confirms it with a code) and keeps the
# secret in OUT_DIR/EMAIL.totp, which later runs read. Crawls once, then attacks with one
# module at a time (MODULES; xss and permanentxss together: permanentxss looks for what xss
# injected), each in runs of at most CHUNK seconds (wapiti --max-attack-time) that resume where
# the last stopped (wapiti skips what its session has attacked) until the module has attacked
# everything or MODULE_BUDGET seconds have passed. Before each run the session is checked and
# signed in again if it ended; if it ended DURING a run, that run's attacks are forgotten and
# re-done with the new session (a scan that signed itself out attacked nothing).
#
# RESUME=1 goes on with the last run's modules in OUT_DIR (no new crawl): each attacks only what it
# had not (e.g. MODULES=blindsql MODULE_BUDGET=1800 RESUME=1 … after a module ran out of time).
# PARALLEL=1 runs the modules at the same time (each on its own copy of the crawl, with its own
# session), not one after the other: the server, not wapiti, sets the pace, and no module waits
# behind another's budget. STOP_AT (a time `date -d` reads, e.g. 17:05) stops every module then,
# even in the middle of a target (wapiti's own limits are checked between targets only, and one
# target can take twenty minutes): that target counts as not attacked and RESUME=1 does it again.
#
# Writes OUT_DIR/NAME/wapiti-MODULE.{txt,log} (NAME from START_PATH: can-bo, giam-sat, quan-tri)
# and OUT_DIR/summary-NAME.tsv, one line per module:
#   role module injectable attacked requests vulnerabilities anomalies seconds status
# injectable: the URLs and forms kept (one per method, path and parameter names) that have a
# parameter to inject (crlf and redirect attack GET URLs only); attacked: of those, how many the
# module finished; requests: attack requests sent (the lines wapiti -v 2 prints for each);
# status: done, unfinished (budget reached) or session-lost.
#
# Every request carries the Origin header: staff POSTs without it are refused as cross-site
# (CSRF) and would test nothing. Sign-out is never requested; EXCLUDE adds wapiti -x patterns
# (scan-all.sh keeps the administrator off the scanning accounts' own pages, where a password
# or second-factor reset would end the other scans' sessions). Extra wapiti options go in
# WAPITI_ARGS (e.g. -S polite).
#
# Also prints the cookie (`--cookie-only`) for sqlmap:
#   scripts/security/scan-staff.sh --cookie-only URL EMAIL PASSWORD [START_PATH] [OUT_DIR]
set -euo pipefail

COOKIE_ONLY=0
if [[ "${1:-}" == "--cookie-only" ]]; then COOKIE_ONLY=1; shift; fi
URL="${1:?URL}"; EMAIL="${2:?EMAIL}"; PASSWORD="${3:?PASSWORD}"
START_PATH="${4:-/can-bo/}"; OUT_DIR="${5:-./test-results/security}"
MODULES="${MODULES:-crlf,sql,blindsql,xss,permanentxss,exec,file,redirect}"
CHUNK="${CHUNK:-600}"; MODULE_BUDGET="${MODULE_BUDGET:-3600}"; CRAWL_TIME="${CRAWL_TIME:-900}"; TIMEOUT="${TIMEOUT:-10}"
PARALLEL="${PARALLEL:-0}"
STOP_EPOCH=""; [[ -z "${STOP_AT:-}" ]] || STOP_EPOCH="$(date -d "$STOP_AT" +%s)" || { echo "STOP_AT: not a time: $STOP_AT" >&2; exit 1; }
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$OUT_DIR"
JAR="$(mktemp)"; PAGE="$(mktemp)"
trap 'rm -f "$JAR" "$PAGE"' EXIT
SECRET_FILE="$OUT_DIR/$EMAIL.totp"
name="$(echo "$START_PATH" | tr -dc 'a-z-')"
say() { echo "[$(date -u +%H:%M:%S) $name] $*" >&2; }

# RFC 6238 code for a base32 secret at the current 30-second step.
totp() {
  /usr/bin/python3 - "$1" <<'PY'
import base64, hashlib, hmac, struct, sys, time
secret = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(secret, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}

post() { # path, then --data-urlencode arguments; prints the Location (empty if none)
  local path="$1"; shift
  curl -sS -o "$PAGE" -w '%{redirect_url}' -b "$JAR" -c "$JAR" -H "Origin: $URL" -X POST "$@" "$URL$path"
}

cookie=""
signed_in() { [[ -n "$cookie" && "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: tb_staff=$cookie" "$URL$START_PATH")" == 200 ]]; }

sign_in() {
  : > "$JAR"
  local location; location="$(post /can-bo/dang-nhap --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD")"
  case "$location" in
    *"/can-bo/xac-minh"*)
      curl -sS -b "$JAR" -c "$JAR" -o "$PAGE" "$location"
      local enrol_secret; enrol_secret="$(grep -o 'secret=[A-Z2-7]*' "$PAGE" | head -1 | cut -d= -f2 || true)"
      if [[ -n "$enrol_secret" ]]; then
        echo "$enrol_secret" > "$SECRET_FILE"; chmod 600 "$SECRET_FILE"
        say "enrolled $EMAIL in the second factor (secret kept in $SECRET_FILE)"
      fi
      [[ -s "$SECRET_FILE" ]] || { say "$EMAIL needs a second factor and $SECRET_FILE has no secret"; return 1; }
      local secret; secret="$(cat "$SECRET_FILE")"
      # A code is accepted once: if this step's code was used (by the last sign-in), wait for the next step's.
      local try next
      for try in 0 1 2; do
        (( try > 0 )) && sleep $(( 30 - $(date +%s) % 30 + 1 ))
        next="$(post /can-bo/xac-minh --data-urlencode "kind=totp" --data-urlencode "code=$(totp "$secret")" --data-urlencode "redirectTo=$START_PATH")"
        if [[ -n "$next" ]] || grep -q 'recovery-codes' "$PAGE"; then break; fi
      done
      ;;
    "") say "sign-in refused for $EMAIL"; return 1 ;;
  esac
  cookie="$(awk '$6 == "tb_staff" { print $7 }' "$JAR")"
  signed_in || { say "not signed in as $EMAIL after the sign-in steps"; return 1; }
}

sign_in
if [[ $COOKIE_ONLY == 1 ]]; then echo "tb_staff=$cookie"; exit 0; fi
ensure_session() { signed_in || { say "the session ended: signing in again"; sign_in; resignins=$((resignins + 1)); }; }
resignins=0

dir="$OUT_DIR/$name"; session="$dir/session"
summary="$OUT_DIR/summary-$name.tsv"
RESUME="${RESUME:-0}"
if [[ $RESUME == 1 && -d "$session/crawl" ]]; then
  # Go on with an earlier run's modules: no crawl; each module skips what it attacked then.
  [[ -f "$summary" ]] && awk -F'\t' -v groups=" ${MODULES//,/ } " '{ g = $2; sub(/,.*/, "", g) } index(groups, " " g " ") == 0' "$summary" > "$summary.new" && mv "$summary.new" "$summary"
else
  RESUME=0; rm -rf "$dir"; mkdir -p "$session/crawl"; : > "$summary"
fi
excludes=(-x "$URL/can-bo/dang-xuat" -x "$URL/can-bo/dang-xuat*")
for pattern in ${EXCLUDE:-}; do excludes+=(-x "$pattern"); done
# Seconds left before STOP_AT (a large number without it).
until_stop() { if [[ -n "$STOP_EPOCH" ]]; then echo $(( STOP_EPOCH - $(date +%s) )); else echo 999999999; fi; }
# timeout's duration: at least 1 s (timeout 0 would mean none).
stop_in() { local left; left=$(until_stop); (( left > 0 )) && echo "$left" || echo 1; }
wapiti() { # the session directory, then wapiti's options; killed at STOP_AT (exit status 124)
  local store="$1"; shift
  WAPITI_BLINDSQL_ONLY="${BLINDSQL_ONLY-pg_sleep}" timeout -s TERM "$(stop_in)" nice -n 10 /usr/bin/python3 "$HERE/wapiti-x.py" -u "$URL$START_PATH" --scope folder --no-bugreport -t "$TIMEOUT" \
    -H "Accept-Encoding: gzip" -H "Cookie: tb_staff=$cookie" -H "Origin: $URL" "${excludes[@]}" \
    --store-session "$store" ${WAPITI_ARGS:-} -f txt "$@"
}
db() { sqlite3 "$1"/*.db "$2"; }

# The crawl alone (--module=-all: no module), then every module on its own copy of what it found.
started=$(date +%s)
if [[ $RESUME == 0 ]]; then
wapiti "$session/crawl" --module=-all --flush-session --max-scan-time "$CRAWL_TIME" -v 1 \
  -o "$dir/crawl.txt" > "$dir/crawl.log" 2>&1
signed_in || { say "the session ended during the crawl: its pages are the sign-in page's, not the staff site's"; exit 1; }
crawled=$(db "$session/crawl" 'select count(*) from paths where evil = 0')
# The crawl keeps every query-string variant of a page (the dashboard's sort × direction × map ×
# period) and every record's page (/can-bo/tin/185, /can-bo/tin/287…), and wapiti attacks every
# parameter of each: the same code many times over. Kept: per method, route (numbers in the path
# count as one) and form intent, the URL or form with the most parameters, then any other that
# has a parameter those kept lack.
/usr/bin/python3 - "$session"/crawl/*.db <<'PY'
import re, sqlite3, sys
from collections import defaultdict
db = sqlite3.connect(sys.argv[1])
db.executescript("""
  delete from params where path_id in (select path_id from paths where evil = 1);
  delete from paths where evil = 1;
  delete from payloads; delete from attack_log;
  -- What the crawl found but had no time to visit is attacked too (wapiti attacks only what it visited).
  update paths set headers = '{}' where headers is null;""")
groups = defaultdict(list)
for path_id, method, path in db.execute("select path_id, method, path from paths"):
    params = db.execute("select type, name, value1 from params where path_id = ?", (path_id,)).fetchall()
    intent = next((value for kind, name, value in params if name == "intent"), None)
    groups[(method, re.sub(r"/[0-9]+(?=/|$)", "/N", path), intent)].append((path_id, {(kind, name) for kind, name, _ in params}))
drop = []
for targets in groups.values():
    covered = None
    for path_id, names in sorted(targets, key=lambda t: (-len(t[1]), t[0])):
        if covered is not None and names <= covered: drop.append((path_id,))
        else: covered = (covered or set()) | names
db.executemany("delete from params where path_id = ?", drop)
db.executemany("delete from paths where path_id = ?", drop)
db.commit()
PY
targets=$(db "$session/crawl" 'select count(*) from paths')
say "crawled $crawled URLs and forms in $(( $(date +%s) - started )) s; attacking $targets ($(db "$session/crawl" "select count(*) from params") parameters)"
echo "$crawled" > "$dir/crawled"
fi

groups=()
for module in ${MODULES//,/ }; do
  case "$module" in
    permanentxss) [[ ",$MODULES," == *",xss,"* ]] || groups+=(permanentxss) ;;
    xss) groups+=("xss$([[ ",$MODULES," == *",permanentxss,"* ]] && echo ,permanentxss)") ;;
    *) groups+=("$module") ;;
  esac
done
attack() { # one module group until it has attacked everything, its budget is spent or STOP_AT
  local group="$1" store="$session/$1" log="$dir/wapiti-$1.log"
  [[ $RESUME == 1 && -d "$store" ]] || { rm -rf "$store"; cp -r "$session/crawl" "$store"; : > "$log"; }
  local first_module="${group%%,*}" begun status=unfinished lost=0 mark left rc seconds attacked only_get injectable requests vulns anomalies retries
  local resignins_before=$resignins stalled=0 before after
  # What the module can attack: pages and forms with a parameter (crlf and redirect: GET only), not
  # the attack requests wapiti adds to the paths table (evil = 1).
  only_get=""; [[ $first_module == crlf || $first_module == redirect ]] && only_get="and method = 'GET'"
  local targets="from paths p where evil = 0 $only_get and exists (select 1 from params q where q.path_id = p.path_id)"
  local done_sql="path_id in (select path_id from attack_log where module_name = '$first_module')"
  begun=$(date +%s)
  while (( $(date +%s) - begun < MODULE_BUDGET )); do
    (( $(until_stop) > 0 )) || { status="stopped (STOP_AT)"; break; }
    ensure_session
    mark=$(db "$store" "select coalesce(max(rowid), 0) from attack_log")
    left=$(( MODULE_BUDGET - ($(date +%s) - begun) )); (( left < CHUNK )) || left=$CHUNK
    rc=0; before=$(db "$store" "select count(*) $targets and $done_sql")
    wapiti "$store" -m "$group" --skip-crawl --max-attack-time "$left" -v 2 -o "$dir/wapiti-$group.txt" > "$log.run" 2>&1 || rc=$?
    cat "$log.run" >> "$log"
    if ! signed_in; then
      lost=$((lost + 1))
      say "$group: the session ended during this run; its attacks are re-done after signing in again"
      db "$store" "delete from attack_log where rowid > $mark"
      (( lost < 3 )) && continue
      status=session-lost; break
    fi
    # A run killed at STOP_AT (or by anyone) did not finish, whatever its log says.
    if (( rc == 124 )); then status="stopped (STOP_AT)"; break; fi
    if (( rc != 0 )); then status="stopped (wapiti exit $rc)"; break; fi
    grep -q "Max attack time was reached" "$log.run" && continue
    # The run ended by itself: done only if every target was attacked (a network error used to end a
    # module early, e.g. "1 requests were skipped due to network issues"); otherwise go on, unless three
    # runs in a row attacked nothing more.
    after=$(db "$store" "select count(*) $targets and $done_sql")
    if (( after == $(db "$store" "select count(*) $targets") )); then status=done; break; fi
    (( after > before )) && stalled=0 || stalled=$((stalled + 1))
    say "$group: the run ended with $after targets attacked of $(db "$store" "select count(*) $targets"): again"
    (( stalled < 3 )) || { status="incomplete (3 runs without progress)"; break; }
  done
  rm -f "$log.run"; seconds=$(( $(date +%s) - begun + $(cat "$store.seconds" 2> /dev/null || echo 0) )); echo "$seconds" > "$store.seconds"
  attacked=$(db "$store" "select count(*) $targets and $done_sql")
  injectable=$(db "$store" "select count(*) $targets")
  requests=$(grep -cE '^(\[¨\] |\+ http)' "$log" || true)
  vulns=$(db "$store" "select count(*) from payloads where type = 'vulnerability'")
  anomalies=$(db "$store" "select count(*) from payloads where type = 'anomaly'")
  retries=$(grep -c '^\[wapiti-x\] retry' "$log" || true)
  (( retries == 0 )) || status="$status, $retries network retries"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$group" "$injectable" "$attacked" "$requests" "$vulns" "$anomalies" "$seconds" "$status" >> "$summary"
  say "$group: $status — $attacked of $injectable attacked, $requests requests, $vulns vulnerabilities, $anomalies anomalies, $seconds s"
  echo $(( resignins - resignins_before )) > "$store.resignins"
}
rm -f "$session"/*.resignins
if [[ $PARALLEL == 1 ]]; then
  # Each module in its own process with its own cookie jar (a sign-in again must not clobber another's).
  pids=()
  for group in "${groups[@]}"; do (JAR="$(mktemp)"; trap 'rm -f "$JAR"' EXIT; resignins=0; attack "$group") & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
else
  for group in "${groups[@]}"; do attack "$group"; done
fi
resignins=$(cat "$session"/*.resignins 2> /dev/null | awk '{ n += $1 } END { print n + 0 }')
echo "$resignins" > "$dir/resignins"
say "done in $(( $(date +%s) - started )) s ($resignins sign-ins again)"
