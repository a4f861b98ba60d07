#!/usr/bin/python3
"""Debian's wapiti 3.0.4 with its -x (exclude URL) patterns fixed for Python 3.11.

wapitiCore.net.crawler.wildcard_translate compiles `pattern + r'\\Z(?ms)'`; Python
3.11 refuses global flags anywhere but at the start (re.error), so every -x
crashes the scan. This puts the flags first and then runs wapiti as usual:

    /usr/bin/python3 scripts/security/wapiti-x.py -u URL ... -x URL/can-bo/dang-xuat

WAPITI_BLINDSQL_ONLY=pg_sleep keeps, of the blindsql module's 218 time-based payloads,
those of one database's delay function (62 for PostgreSQL's pg_sleep, with every
quoting and bracketing context the others have): MySQL's benchmark/sleep and SQL
Server's waitfor cannot delay SQLite or PostgreSQL, and on those they only cause the
SQL error the sql module looks for. scan-staff.sh sets it (docs/security/staff-scan.md).
"""
import os
import re
import sys

import wapitiCore.net.crawler as crawler
from wapitiCore.attack.mod_blindsql import mod_blindsql
from wapitiCore.main.wapiti import wapiti_main


def wildcard_translate(pattern):
    """The same translation (only * is a wildcard), flags at the start."""
    return re.compile("(?ms)" + "".join(".*" if char == "*" else re.escape(char) for char in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

BLINDSQL_ONLY = os.environ.get("WAPITI_BLINDSQL_ONLY", "")
if BLINDSQL_ONLY:
    every_payload = mod_blindsql.payloads.fget

    def only_one_database(self):
        return [entry for entry in every_payload(self) if BLINDSQL_ONLY in str(entry[0] if isinstance(entry, tuple) else entry)]

    mod_blindsql.payloads = property(only_one_database)

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
