#!/usr/bin/env bash
# A complete authenticated wapiti scan of the staff site (README "Scanning a running instance").
#
#   scripts/security/scan-staff.sh URL EMAIL PASSWORD [START_PATH] [OUT_DIR]
#
# Signs in as EMAIL (an officer: START_PATH /can-bo/, the default; a supervisor: /giam-sat/),
# passing the second factor when the account needs one: on first use it enrols (reads the
# secret the enrolment page shows, confirms it with a code) and keeps the secret in
# OUT_DIR/EMAIL.totp, which later runs read. Then runs wapiti — through wapiti-x.py, so
# the sign-out exclusion works on Python 3.11 — with every module listed in the README
# (MODULES), one report per module in OUT_DIR/wapiti-NAME-MODULE.txt, and checks the
# session still holds at the end (a scan that signed itself out attacked nothing). The Origin header is sent with every request: staff POSTs without it are
# refused as cross-site (CSRF) and would test nothing.
#
# Extra wapiti options go in WAPITI_ARGS, e.g. exclusions that keep one page of each
# route among hundreds alike (-x "$URL/giam-sat/don-vi/2*" leaves the province's own units)
# and -S polite (fewer query-string variants of one page): the whole site is attacked by
# every module in an hour rather than a day.
#
# Also prints the cookie (`--cookie-only`) for sqlmap:
#   scripts/security/scan-staff.sh --cookie-only URL EMAIL PASSWORD
set -euo pipefail

COOKIE_ONLY=0
if [[ "${1:-}" == "--cookie-only" ]]; then COOKIE_ONLY=1; shift; fi
URL="${1:?URL}"; EMAIL="${2:?EMAIL}"; PASSWORD="${3:?PASSWORD}"
START_PATH="${4:-/can-bo/}"; OUT_DIR="${5:-./test-results/security}"
MODULES="${MODULES:-sql,blindsql,xss,permanentxss,exec,file,redirect,crlf}"
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$OUT_DIR"
JAR="$(mktemp)"; PAGE="$(mktemp)"
trap 'rm -f "$JAR" "$PAGE"' EXIT
SECRET_FILE="$OUT_DIR/$EMAIL.totp"

# RFC 6238 code for a base32 secret at the current 30-second step (+ an offset in steps).
totp() {
  /usr/bin/python3 - "$1" "${2:-0}" <<'PY'
import base64, hashlib, hmac, struct, sys, time
secret = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(secret, struct.pack(">Q", int(time.time()) // 30 + int(sys.argv[2])), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}

post() { # path, then --data-urlencode arguments; prints the Location (empty if none)
  local path="$1"; shift
  curl -sS -o "$PAGE" -w '%{redirect_url}' -b "$JAR" -c "$JAR" -H "Origin: $URL" -X POST "$@" "$URL$path"
}

location="$(post /can-bo/dang-nhap --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD")"
case "$location" in
  *"/can-bo/xac-minh"*)
    curl -sS -b "$JAR" -c "$JAR" -o "$PAGE" "$location"
    enrol_secret="$(grep -o 'secret=[A-Z2-7]*' "$PAGE" | head -1 | cut -d= -f2 || true)"
    if [[ -n "$enrol_secret" ]]; then
      echo "$enrol_secret" > "$SECRET_FILE"; chmod 600 "$SECRET_FILE"
      echo "enrolled $EMAIL in the second factor (secret kept in $SECRET_FILE)" >&2
    fi
    [[ -s "$SECRET_FILE" ]] || { echo "$EMAIL needs a second factor and $SECRET_FILE has no secret" >&2; exit 1; }
    secret="$(cat "$SECRET_FILE")"
    # A code is accepted once: if the last run used this step's code, the next step's is taken.
    for offset in 0 1; do
      [[ $offset == 1 ]] && sleep $(( 30 - $(date +%s) % 30 + 1 ))
      next="$(post /can-bo/xac-minh --data-urlencode "kind=totp" --data-urlencode "code=$(totp "$secret")" --data-urlencode "redirectTo=$START_PATH")"
      if [[ -n "$next" ]] || grep -q 'recovery-codes' "$PAGE"; then break; fi
    done
    ;;
  "") echo "sign-in refused for $EMAIL" >&2; exit 1 ;;
esac
cookie="$(awk '$6 == "tb_staff" { print $7 }' "$JAR")"
signed_in() { [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: tb_staff=$cookie" "$URL$START_PATH")" == 200 ]]; }
signed_in || { echo "not signed in as $EMAIL after the sign-in steps" >&2; exit 1; }
if [[ $COOKIE_ONLY == 1 ]]; then echo "tb_staff=$cookie"; exit 0; fi

# One crawl (with the quick crlf module), then every other module on its own copy of the
# crawled session, all at once: wapiti sends one request at a time, so on a busy machine
# eight modules in a row take hours. xss and permanentxss share a process (permanentxss
# looks for what xss injected).
name="$(echo "$START_PATH" | tr -dc 'a-z-')"
session="$OUT_DIR/session-$name"
rm -rf "$session"; mkdir -p "$session/crawl"
wapiti() {
  nice -n 10 /usr/bin/python3 "$HERE/wapiti-x.py" -u "$URL$START_PATH" --scope folder \
    -H "Accept-Encoding: gzip" -H "Cookie: tb_staff=$cookie" -H "Origin: $URL" \
    -x "$URL/can-bo/dang-xuat" -x "$URL/can-bo/dang-xuat*" ${WAPITI_ARGS:-} -v 1 -f txt "$@"
}
first="crlf"; [[ ",$MODULES," == *",crlf,"* ]] || first="${MODULES%%,*}"
wapiti -m "$first" --store-session "$session/crawl" --flush-session -o "$OUT_DIR/wapiti-$name-$first.txt" > "$OUT_DIR/wapiti-$name-$first.log" 2>&1
# The crawl keeps every query-string variant of a page (the dashboard's sort × direction ×
# map × period); each is attacked alike, so only one per method, path and parameter names
# is kept (sqlite3: apt-get install -y sqlite3).
sqlite3 "$session"/crawl/*.db <<'SQL'
create temp table keep as
  select min(path_id) as path_id from (
    select p.path_id, p.method || ' ' || p.path || ' ' || coalesce((select group_concat(type || ':' || name, ',') from (
      select type, name from params q where q.path_id = p.path_id order by type, name)), '') as key
    from paths p where evil = 0)
  group by key;
delete from params where path_id in (select path_id from paths where evil = 0 and path_id not in (select path_id from keep));
delete from paths where evil = 0 and path_id not in (select path_id from keep);
SQL
echo "attacking $(sqlite3 "$session"/crawl/*.db 'select count(*) from paths where evil = 0') URLs and forms (one per page and parameter names)" >&2
groups=()
for module in ${MODULES//,/ }; do
  case "$module" in
    "$first"|permanentxss) ;;
    xss) groups+=("xss$([[ ",$MODULES," == *",permanentxss,"* ]] && echo ,permanentxss)") ;;
    *) groups+=("$module") ;;
  esac
done
[[ ",$MODULES," == *",permanentxss,"* && ",$MODULES," != *",xss,"* ]] && groups+=(permanentxss)
for group in "${groups[@]}"; do
  cp -r "$session/crawl" "$session/$group"
  wapiti -m "$group" --store-session "$session/$group" --skip-crawl -o "$OUT_DIR/wapiti-$name-$group.txt" > "$OUT_DIR/wapiti-$name-$group.log" 2>&1 &
done
wait
signed_in || { echo "the session ended during the scan: its results are not a complete authenticated scan" >&2; exit 1; }
grep -h "Wapiti found" "$OUT_DIR/wapiti-$name-$first.log"
for report in "$OUT_DIR"/wapiti-"$name"-*.txt; do
  echo "$(basename "$report"): $(awk -F: '/ :  *[0-9]+$/ { n += $NF } END { print n + 0 }' "$report") vulnerabilities and anomalies"
done
