#!/usr/bin/python3
"""Replays every wapiti finding of a staff scan next to its original request (docs/security/staff-scan.md).

    /usr/bin/python3 scripts/security/recheck-findings.py URL OUT_DIR NAME=COOKIE [NAME=COOKIE ...]

NAME is a role's directory in OUT_DIR (can-bo, giam-sat, quan-tri) and COOKIE its session cookie
(`scripts/security/scan-staff.sh --cookie-only URL EMAIL PASSWORD START_PATH OUT_DIR` prints one).
For each vulnerability and anomaly that a module stored (OUT_DIR/NAME/session/MODULE/*.db), sends
the attack request wapiti recorded and the request it was derived from, alternately, ROUNDS times
(default 3) one at a time, with the Origin header the staff forms need, and prints one table row:
the statuses and median seconds of each, and a verdict.

A time-based finding (blindsql, "Resource consumption") is reproduced only if the attack request is
still slower than wapiti's time-out (TIMEOUT, default 20 s) when the original is not; under a loaded
machine wapiti's own requests time out at random and it reports them. blindsql's payloads call
pg_sleep, which SQLite does not have: on SQLite a payload that reached a query would answer 500.
"""
import os
import sqlite3
import statistics
import sys
import time
from glob import glob

import requests

ROUNDS = int(os.environ.get("ROUNDS", "3"))
TIMEOUT = float(os.environ.get("TIMEOUT", "20"))


def load_request(db, path_id):
    method, url, enctype = db.execute("select method, path, enctype from paths where path_id = ?", (path_id,)).fetchone()
    params = db.execute("select type, name, value1, value2 from params where path_id = ? order by param_order", (path_id,)).fetchall()
    return {
        "method": method,
        "url": url,
        "multipart": "multipart" in (enctype or ""),
        "get": [(name, value or "") for kind, name, value, _ in params if kind == "GET"],
        "post": [(name, value or "") for kind, name, value, _ in params if kind == "POST"],
        "files": [(name, (value or "", value2 or "")) for kind, name, value, value2 in params if kind == "FILE"],
    }


def send(session, base, cookie, req):
    headers = {"Cookie": cookie, "Origin": base, "Accept-Encoding": "gzip"}
    began = time.monotonic()
    try:
        if req["method"] == "GET":
            answer = session.get(req["url"], params=req["get"], headers=headers, allow_redirects=False, timeout=120)
        elif req["multipart"] or req["files"]:
            answer = session.post(req["url"], params=req["get"], data=req["post"], files=req["files"] or None,
                                  headers=headers, allow_redirects=False, timeout=120)
        else:
            answer = session.post(req["url"], params=req["get"], data=req["post"], headers=headers,
                                  allow_redirects=False, timeout=120)
        status = str(answer.status_code)
    except requests.RequestException as error:
        status = error.__class__.__name__
    return status, time.monotonic() - began


def summary(results):
    statuses = sorted({status for status, _ in results})
    return "/".join(statuses), statistics.median(seconds for _, seconds in results)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    base, out_dir = sys.argv[1].rstrip("/"), sys.argv[2]
    cookies = dict(arg.split("=", 1) for arg in sys.argv[3:])
    session = requests.Session()
    print("| role | module | finding | parameter | attack: status, median s | original: status, median s | verdict |")
    print("|---|---|---|---|---|---|---|")
    reproduced = 0
    for name, cookie in cookies.items():
        for store in sorted(glob(os.path.join(out_dir, name, "session", "*"))):
            module = os.path.basename(store)
            if module == "crawl" or not os.path.isdir(store):
                continue
            for db_file in glob(os.path.join(store, "*.db")):
                db = sqlite3.connect(db_file)
                findings = db.execute("select evil_path, original_path, category, parameter, type from payloads").fetchall()
                for evil_path, original_path, category, parameter, kind in findings:
                    evil, original = load_request(db, evil_path), load_request(db, original_path)
                    attack_results, original_results = [], []
                    for _ in range(ROUNDS):
                        attack_results.append(send(session, base, cookie, evil))
                        original_results.append(send(session, base, cookie, original))
                    attack_status, attack_s = summary(attack_results)
                    original_status, original_s = summary(original_results)
                    failed = any(not s.isdigit() or s.startswith("5") for s, _ in attack_results)
                    slow = attack_s > TIMEOUT and original_s <= TIMEOUT
                    if failed or slow:
                        reproduced += 1
                        verdict = "REPRODUCED"
                    else:
                        verdict = "not reproduced"
                    print(f"| {name} | {module} | {kind}: {category} | {parameter} | {attack_status}, {attack_s:.1f} "
                          f"| {original_status}, {original_s:.1f} | {verdict} |", flush=True)
    sys.exit(1 if reproduced else 0)


if __name__ == "__main__":
    main()
