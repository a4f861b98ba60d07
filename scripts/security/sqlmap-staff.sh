#!/usr/bin/env bash
# sqlmap against the staff forms that take text (README "Scanning a running instance").
#
#   scripts/security/sqlmap-staff.sh URL "tb_staff=…" TIP_ID CASE_ID [OUT_DIR]
#
# The cookie comes from `scan-staff.sh --cookie-only URL EMAIL PASSWORD`; TIP_ID and CASE_ID
# are an open tip and a case of the officer's unit. Staff forms carry no CSRF token: the
# defence is the Origin check (app/utils/auth.server.ts assertSameOrigin), so every request
# sends this site's Origin — without it each POST is refused 403 before any query runs.
# DBMS (default SQLite, what the demo runs on; PostgreSQL for a deployment on it) keeps sqlmap
# to that database's payloads: an hour instead of several.
# Each target's verdict is the last lines of OUT_DIR/sqlmap-NAME.log.
set -uo pipefail
URL="${1:?URL}"; COOKIE="${2:?cookie}"; TIP="${3:?tip id}"; CASE="${4:?case id}"; OUT_DIR="${5:-./test-results/security}"
mkdir -p "$OUT_DIR"

run() { # name, then sqlmap's target arguments; ONLY="name …" runs just those targets
  local name="$1"; shift
  [[ -z "${ONLY:-}" || " $ONLY " == *" $name "* ]] || return 0
  echo "== $name" >&2
  nice -n 10 sqlmap "$@" --cookie "$COOKIE" --headers "Origin: $URL" --dbms "${DBMS:-SQLite}" --batch --level 2 --flush-session \
    --output-dir "$OUT_DIR/sqlmap" > "$OUT_DIR/sqlmap-$name.log" 2>&1
  grep -E "all tested parameters|is vulnerable|injectable|CRITICAL|ERROR" "$OUT_DIR/sqlmap-$name.log" | tail -n 3 >&2
}

run search-home   -u "$URL/can-bo?q=ma+tuy&tab=new" -p q,tab
run search-ids    -u "$URL/can-bo/tim-kiem?loai=phone&gia-tri=0905123456" -p loai,gia-tri
run note          -u "$URL/can-bo/tin/$TIP" --data "intent=message&body=kiem+tra+lai" -p body
run link-case     -u "$URL/can-bo/tin/$TIP" --data "intent=linkCase&caseId=$CASE" -p caseId
run case-link-tip -u "$URL/can-bo/vu-viec/$CASE" --data "intent=link&tipId=$TIP" -p tipId
# Last: the first try that passes moves the tip to TO_UNIT, which should be another unit of the same officer.
run reroute       -u "$URL/can-bo/tin/$TIP" --data "intent=reroute&toUnit=${TO_UNIT:-20242}&reason=sai+dia+ban" -p toUnit,reason
