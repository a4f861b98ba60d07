#!/usr/bin/env bash
# The whole authenticated staff scan in one command (README "Scanning a running instance"):
# wapiti as an officer, a supervisor and an administrator (scan-staff.sh, the three roles at
# once, one module at a time each) and sqlmap on the staff forms (sqlmap-staff.sh), then one
# table of findings per module per role.
#
#   scripts/security/scan-all.sh URL LOGINS [OUT_DIR]
#   scripts/security/scan-all.sh --summary-only URL LOGINS [OUT_DIR]   (the table of a scan run before)
#
# LOGINS: lines "ROLE EMAIL PASSWORD" (ROLE officer, supervisor or admin), as `npm start`
# writes data/demo-logins.txt; the first officer, supervisor and admin are used, the officer
# for sqlmap too. ROLES (default "officer supervisor admin") picks roles; SQLMAP=0 skips sqlmap.
# The options of scan-staff.sh (MODULES, CHUNK, MODULE_BUDGET, CRAWL_TIME, TIMEOUT, WAPITI_ARGS)
# and sqlmap-staff.sh (ONLY, DBMS, LEVEL, RISK) pass through; MODULES_officer, MODULE_BUDGET_admin,
# WAPITI_ARGS_supervisor etc. set one role's.
# The table goes to stdout and OUT_DIR/summary.md.
set -euo pipefail
SUMMARY_ONLY=0
if [[ "${1:-}" == "--summary-only" ]]; then SUMMARY_ONLY=1; shift; fi
URL="${1:?URL}"; LOGINS="${2:?logins file}"; OUT_DIR="${3:-./test-results/security}"
ROLES="${ROLES:-officer supervisor admin}"
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$OUT_DIR"
login() { awk -v role="$1" '$1 == role { print $2 "\t" $3; exit }' "$LOGINS"; }
start_path() { case "$1" in officer) echo /can-bo/ ;; supervisor) echo /giam-sat/ ;; admin) echo /quan-tri/ ;; esac; }
began=$(date +%s)

# The administrator may reset any account's password or second factor, or disable it, which ends
# that account's sessions: its scan stays off the pages of every account in LOGINS (the other
# scans and sqlmap sign in with them; an account not listed, such as the demo's disabled
# du-lieu-mau, has its pages attacked). Wapiti's crawl submits forms with default values.
admin_excludes() {
  local email password cookie page id role
  IFS=$'\t' read -r email password < <(login admin)
  cookie="$("$HERE/scan-staff.sh" --cookie-only "$URL" "$email" "$password" /quan-tri/ "$OUT_DIR")" || return 1
  page="$(curl -s -H "Cookie: $cookie" "$URL/quan-tri/nguoi-dung")"
  while read -r role email password; do
    [[ -n "$email" ]] || continue
    id="$(grep -o "\"id\":[0-9]*,\"email\":\"$email\"" <<< "$page" | head -1 | grep -o '[0-9][0-9]*' | head -1 || true)"
    [[ -n "$id" ]] && echo "$URL/quan-tri/nguoi-dung/$id $URL/quan-tri/nguoi-dung/$id/*"
  done < "$LOGINS" | tr '\n' ' '
}
# blindsql's time-based payloads call MySQL's, SQL Server's or PostgreSQL's delay functions (wapiti-x.py
# keeps pg_sleep's): none exists in SQLite, where a payload that reached a query could only cause the SQL
# error the sql module looks for. Against SQLite (DBMS unset or SQLite) it is left out unless MODULES names it.
if (( ! SUMMARY_ONLY )) && [[ -z "${MODULES:-}" && "${DBMS:-SQLite}" == SQLite ]]; then
  export MODULES="crlf,sql,xss,permanentxss,exec,file,redirect"
  echo "blindsql left out: DBMS=${DBMS:-SQLite} has no delay function for its payloads (DBMS=PostgreSQL, or MODULES=…blindsql… to run it)" >&2
fi
# The supervisor sees a page per unit (a hundred for a province): the crawl takes 30 of a directory.
WAPITI_ARGS_supervisor="${WAPITI_ARGS_supervisor:---max-files-per-dir 30}"

pids=()
(( SUMMARY_ONLY )) && ROLES_TO_SCAN="" || ROLES_TO_SCAN="$ROLES"
for role in $ROLES_TO_SCAN; do
  IFS=$'\t' read -r email password < <(login "$role") || { echo "no $role in $LOGINS" >&2; exit 1; }
  modules_var="MODULES_$role"; budget_var="MODULE_BUDGET_$role"; args_var="WAPITI_ARGS_$role"
  exclude=""
  if [[ $role == admin ]] && ! exclude="$(admin_excludes)"; then echo "admin: cannot sign in, not scanned" >&2; continue; fi
  MODULES="${!modules_var:-${MODULES:-}}" MODULE_BUDGET="${!budget_var:-${MODULE_BUDGET:-}}" \
    WAPITI_ARGS="${WAPITI_ARGS:-} ${!args_var:-}" EXCLUDE="$exclude" \
    "$HERE/scan-staff.sh" "$URL" "$email" "$password" "$(start_path "$role")" "$OUT_DIR" &
  pids+=($!)
done
if [[ "${SQLMAP:-1}" != 0 ]] && (( ! SUMMARY_ONLY )); then
  "$HERE/sqlmap-staff.sh" "$URL" "$LOGINS" "$OUT_DIR" &
  pids+=($!)
fi
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done

{
  echo "Staff scan of $URL, $(date -u +%Y-%m-%d), $(( ($(date +%s) - began) / 60 )) min, load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| role | wapiti module | URLs and forms: crawled / attacked of those with parameters | requests | vulnerabilities | anomalies | seconds | status |"
  echo "|---|---|---|---|---|---|---|---|"
  for role in $ROLES; do
    name="$(start_path "$role" | tr -dc 'a-z-')"
    [[ -f "$OUT_DIR/summary-$name.tsv" ]] || { echo "| $role | — | — | — | — | — | — | did not run |"; continue; }
    crawled="$(cat "$OUT_DIR/$name/crawled" 2>/dev/null || echo "?")"
    while IFS=$'\t' read -r _ module injectable attacked requests vulns anomalies seconds status; do
      echo "| $role | $module | $crawled / $attacked of $injectable | $requests | $vulns | $anomalies | $seconds | $status |"
    done < "$OUT_DIR/summary-$name.tsv"
  done
  if [[ -f "$OUT_DIR/summary-sqlmap.tsv" ]]; then
    echo
    echo "| sqlmap target | parameters | level / risk | requests | answers (status × count) | verdict | seconds |"
    echo "|---|---|---|---|---|---|---|"
    while IFS=$'\t' read -r target params levels requests statuses verdict seconds; do
      echo "| $target | $params | $levels | $requests | $statuses | $verdict | $seconds |"
    done < "$OUT_DIR/summary-sqlmap.tsv"
  fi
} | tee "$OUT_DIR/summary.md"
exit $failed
