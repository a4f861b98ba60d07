#!/usr/bin/env bash
# sqlmap against every staff form and search that takes input (README "Scanning a running instance").
#
#   scripts/security/sqlmap-staff.sh URL LOGINS [OUT_DIR]
#
# LOGINS: lines "ROLE EMAIL PASSWORD", as data/demo-logins.txt. Signs in with
# scan-staff.sh --cookie-only (second factor included) and finds its targets by itself:
# - the first officer with a tip in progress (claimed by them): the tip's forms (note to the
#   tipster, case link, merge, value and its reason, split, identity request, deadline
#   extension, reroute — last: it moves the tip away), the queue search, the identifier
#   search, a case of the officer (tip link), the notification list and preferences, and a
#   hotspot alert if the officer sees one (alert handling);
# - the first officer whose duty desk (/can-bo/truc-ban) has a tip waiting: desk routing;
# - the supervisor: the decision on the extension the officer's target filed.
# A target whose page or id is not found is reported "no target" (e.g. no alert, no desk).
#
# Staff forms carry no CSRF token: the defence is the Origin check (app/utils/auth.server.ts
# assertSameOrigin), so every request sends this site's Origin — without it each POST is
# refused 403 before any query runs. DBMS (default SQLite; PostgreSQL for a deployment on it)
# keeps sqlmap to that database's payloads. LEVEL (default 2) and RISK (default 1: no
# OR-based or heavy time-based payloads, which on an UPDATE could touch every row) are
# sqlmap's. ONLY="name …" runs just those targets.
# Writes OUT_DIR/sqlmap-NAME.log (the verdict is in its last lines), the requests in
# OUT_DIR/sqlmap-NAME.traffic, and OUT_DIR/summary-sqlmap.tsv:
#   target parameters level/risk requests statuses-answered verdict seconds
set -uo pipefail
URL="${1:?URL}"; LOGINS="${2:?logins file}"; OUT_DIR="${3:-./test-results/security}"
LEVEL="${LEVEL:-2}"; RISK="${RISK:-1}"; DBMS="${DBMS:-SQLite}"
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$OUT_DIR"
summary="$OUT_DIR/summary-sqlmap.tsv"
# With ONLY, the other targets' lines of the last run stay.
if [[ -n "${ONLY:-}" && -f "$summary" ]]; then
  awk -F'\t' -v only=" $ONLY " 'index(only, " " $1 " ") == 0' "$summary" > "$summary.new"; mv "$summary.new" "$summary"
else : > "$summary"; fi
say() { echo "[$(date -u +%H:%M:%S) sqlmap] $*" >&2; }
cookie_of() { "$HERE/scan-staff.sh" --cookie-only "$URL" "$1" "$2" "${3:-/can-bo/}" "$OUT_DIR" 2> /dev/null; }
get() { curl -s -H "Cookie: $1" "$URL$2"; }
first_id() { grep -o "$1" | head -1 | grep -o '[0-9][0-9]*$'; }

run() { # name, cookie, parameters, then sqlmap's target arguments
  local name="$1" cookie="$2" params="$3"; shift 3
  [[ -z "${ONLY:-}" || " $ONLY " == *" $name "* ]] || return 0
  local begun; begun=$(date +%s)
  say "$name ($params)"
  rm -f "$OUT_DIR/sqlmap-$name.traffic"
  nice -n 10 sqlmap "$@" -p "$params" --cookie "$cookie" --headers "Origin: $URL" --dbms "$DBMS" --batch --level "$LEVEL" --risk "$RISK" \
    --flush-session --timeout 30 -t "$OUT_DIR/sqlmap-$name.traffic" --output-dir "$OUT_DIR/sqlmap" > "$OUT_DIR/sqlmap-$name.log" 2>&1
  local verdict requests
  if grep -qE "identified the following injection point|is vulnerable" "$OUT_DIR/sqlmap-$name.log"; then verdict="INJECTABLE"
  elif grep -q "all tested parameters do not appear to be injectable" "$OUT_DIR/sqlmap-$name.log"; then verdict="not injectable"
  else verdict="unfinished: $(grep -E "CRITICAL|ERROR" "$OUT_DIR/sqlmap-$name.log" | tail -n 1 | cut -c1-120)"; fi
  requests=$(grep -c '^HTTP request \[#' "$OUT_DIR/sqlmap-$name.traffic" 2> /dev/null || echo 0)
  # The answers' statuses: a target that answered only 403 or 404 was not tested.
  statuses="$(grep '^HTTP response' "$OUT_DIR/sqlmap-$name.traffic" 2> /dev/null | sed -E 's/.*\(([0-9]+).*/\1/' | sort | uniq -c | awk '{ printf "%s%s×%s", (NR > 1 ? ", " : ""), $2, $1 }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$params" "$LEVEL / $RISK" "$requests" "$statuses" "$verdict" "$(( $(date +%s) - begun ))" >> "$summary"
  say "$name: $verdict ($requests requests)"
}
none() { [[ -z "${ONLY:-}" || " $ONLY " == *" $1 "* ]] || return 0; printf '%s\t%s\t—\t0\t—\tno target: %s\t0\n' "$1" "$2" "$3" >> "$summary"; say "$1: no target ($3)"; }

# The officer with a tip in progress, and the desk officer.
officer=""; desk=""
while read -r role email password; do
  [[ $role == officer ]] || continue
  c="$(cookie_of "$email" "$password")" || continue
  if [[ -z "$officer" ]]; then
    tip="$(get "$c" "/can-bo/?tab=in_progress" | first_id 'href="/can-bo/tin/[0-9][0-9]*')"
    if [[ -n "$tip" ]]; then officer="$email"; officer_password="$password"; fi
  fi
  if [[ -z "$desk" ]]; then
    page="$(get "$c" /can-bo/truc-ban)"
    desk_tip="$(first_id 'name="tipId" value="[0-9]*' <<< "$page")"
    if [[ -n "$desk_tip" ]]; then
      desk="$email"; desk_cookie="$c"
      desk_province="$(first_id 'name="tinh" value="[0-9]*' <<< "$page")"
      desk_unit="$(grep -o '<option value="[^"]*"' <<< "$page" | sed -n 2p | cut -d'"' -f2)"
    fi
  fi
done < "$LOGINS"

if [[ -z "$officer" ]]; then
  say "no officer in $LOGINS has a tip in progress: claim one, then run again"
  for name in search-home search-ids note link-case case-link-tip merge valuable split request-identity extend decide-extension notify-read notify-prefs alert reroute; do
    none "$name" "—" "no officer with a tip in progress"
  done
else
  oc() { cookie_of "$officer" "$officer_password"; } # a fresh session for each target
  c="$(oc)"; tip_page="$(get "$c" "/can-bo/tin/$tip")"
  other="$(get "$c" "/can-bo/?tab=in_progress" | grep -o 'href="/can-bo/tin/[0-9][0-9]*' | grep -v "/$tip\$" | head -1 | grep -o '[0-9]*$')"
  case="$(get "$c" /can-bo/vu-viec | first_id 'href="/can-bo/vu-viec/[0-9][0-9]*')"
  to_unit="${TO_UNIT:-$(sed -n '/value="reroute"/,/<\/form>/p' <<< "$tip_page" | grep -o '<option value="[^"]*"' | cut -d'"' -f2 | grep . | head -1)}"
  alert="$(get "$c" /can-bo/diem-nong | first_id 'href="/can-bo/diem-nong/[0-9][0-9]*')"
  alert="${alert:-${ALERT:-}}"
  notification="$(get "$c" /can-bo/thong-bao | first_id 'name="id" value="[0-9][0-9]*')"
  say "officer $officer: tip $tip, other tip ${other:-none}, case ${case:-none}, reroute to ${to_unit:-none}, alert ${alert:-none}, notification ${notification:-none}"
  T="$URL/can-bo/tin/$tip"

  run search-home "$(oc)" q,tab -u "$URL/can-bo/?q=ma+tuy&tab=new"
  run search-ids "$(oc)" loai,gia-tri -u "$URL/can-bo/tim-kiem?loai=phone&gia-tri=0905123456"
  run note "$(oc)" body -u "$T" --data "intent=message&body=kiem+tra+lai"
  if [[ -n "$case" ]]; then
    run link-case "$(oc)" caseId -u "$T" --data "intent=linkCase&caseId=$case"
    run case-link-tip "$(oc)" tipId -u "$URL/can-bo/vu-viec/$case" --data "intent=link&tipId=$tip"
  else none link-case caseId "the officer sees no case"; none case-link-tip tipId "the officer sees no case"; fi
  run merge "$(oc)" targetTipId -u "$T" --data "intent=merge&targetTipId=${other:-$tip}"
  run valuable "$(oc)" valuable,reason -u "$T" --data "intent=valuable&valuable=1&reason=co+gia+tri"
  run split "$(oc)" reason -u "$T" --data "intent=split&reason=khac+vu"
  run request-identity "$(oc)" reason -u "$T" --data "intent=requestIdentity&reason=can+xac+minh+nhan+chung"
  # A week past the tip's deadline (the form's min): within the four months the law allows in all.
  deadline="$(grep -o '<input[^>]*name="newDate"[^>]*>' <<< "$tip_page" | grep -o 'min="[0-9-]*"' | cut -d'"' -f2)"
  run extend "$(oc)" newDate,reason -u "$T" --data "intent=extend&newDate=$(date -u -d "${deadline:-today} +7 days" +%Y-%m-%d)&reason=can+them+thoi+gian"
  # The supervisor decides the extension the officer filed (the request's id is on the tip page).
  supervisor_line="$(awk '$1 == "supervisor" { print $2 "\t" $3; exit }' "$LOGINS")"
  if [[ -n "$supervisor_line" ]]; then
    sc="$(cookie_of "${supervisor_line%%$'\t'*}" "${supervisor_line#*$'\t'}" /giam-sat/)"
    request="$(get "$sc" "/can-bo/tin/$tip" | first_id 'name="requestId" value="[0-9][0-9]*')"
    if [[ -n "$request" ]]; then
      run decide-extension "$sc" requestId,decision,note -u "$T" --data "intent=decideExtension&requestId=$request&decision=refuse&note=chua+du+ly+do"
    else none decide-extension requestId,decision,note "no extension request waiting on tip $tip"; fi
  else none decide-extension requestId,decision,note "no supervisor in $LOGINS"; fi
  if [[ -n "$notification" ]]; then
    run notify-read "$(oc)" id -u "$URL/can-bo/thong-bao" --data "intent=read&id=$notification"
  else none notify-read id "the officer has no notification"; fi
  # Without SMTP_URL the page has no form and the action answers 400 before reading it.
  kind="$(get "$c" /can-bo/thong-bao/email | grep -o 'name="kinds" value="[^"]*"' | head -1 | cut -d'"' -f4)"
  if [[ -n "$kind" ]]; then
    run notify-prefs "$(oc)" kinds,delivery,digestHour,quietFrom,quietTo,language -u "$URL/can-bo/thong-bao/email" \
      --data "kinds=$kind&delivery=digest&digestHour=7&quietFrom=22&quietTo=6&language=vi"
  else none notify-prefs kinds,delivery,digestHour,quietFrom,quietTo,language "email is off here (SMTP_URL unset): the form is not shown"; fi
  if [[ -n "$alert" ]]; then
    run alert "$(oc)" note -u "$URL/can-bo/diem-nong/$alert" --data "intent=handle&note=da+kiem+tra"
  else none alert note "the officer sees no hotspot alert"; fi
  # Last: the first try that passes moves the tip to the other unit.
  if [[ -n "$to_unit" ]]; then
    run reroute "$(oc)" toUnit,reason -u "$T" --data "intent=reroute&toUnit=$to_unit&reason=sai+dia+ban"
  else none reroute toUnit,reason "no unit to reroute to"; fi
fi

if [[ -n "$desk" ]]; then
  say "desk officer $desk: tip $desk_tip of province $desk_province, to ${desk_unit:-none}"
  run desk-route "$desk_cookie" tipId,toUnit,reason -u "$URL/can-bo/truc-ban?tinh=$desk_province" \
    --data "tipId=$desk_tip&toUnit=${desk_unit:-20242}&reason=dung+dia+ban"
else none desk-route tipId,toUnit,reason "no officer's duty desk has a tip waiting"; fi
! grep -q INJECTABLE "$summary"
