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

A request that fails with a network error other than a read time-out (a keep-alive connection the
server closed, a reset, a connect time-out under load) is sent again, up to 4 more times 2 s apart,
each retry printed ("[wapiti-x] retry"); if it still fails it becomes a read time-out. Without this
the error escapes the attack module's generator, which ends the module there: the run looks
complete ("N requests were skipped due to network issues") with the other targets never attacked.
"""
import os
import re
import sys

import time
from urllib.parse import urlparse

from requests.exceptions import ChunkedEncodingError, ConnectionError, ContentDecodingError, ReadTimeout, Timeout

import wapitiCore.net.crawler as crawler
from wapitiCore.attack.mod_blindsql import mod_blindsql
from wapitiCore.main.wapiti import wapiti_main


def wildcard_translate(pattern):
    """The same translation (only * is a wildcard), flags at the start."""
    return re.compile("(?ms)" + "".join(".*" if char == "*" else re.escape(char) for char in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

every_send = crawler.Crawler.send


def send_again_on_network_errors(self, resource, *args, **kwargs):
    """Crawler.send, retried on network errors; a read time-out goes through (the modules report it).
    Only for the scanned host: the start-up download of wapiti's technology list fails offline at once."""
    if urlparse(resource.url).netloc != urlparse(self._base.url).netloc:
        return every_send(self, resource, *args, **kwargs)
    for attempt in range(5):
        try:
            return every_send(self, resource, *args, **kwargs)
        except ReadTimeout:
            raise
        except (ConnectionError, Timeout, ChunkedEncodingError, ContentDecodingError) as error:
            print("[wapiti-x] retry {0} of {1} {2}: {3}: {4}".format(
                attempt + 1, resource.method, resource.path, error.__class__.__name__, str(error)[:200]), flush=True)
            time.sleep(2)
    raise ReadTimeout("network errors on five attempts: {0} {1}".format(resource.method, resource.path))


crawler.Crawler.send = send_again_on_network_errors

BLINDSQL_ONLY = os.environ.get("WAPITI_BLINDSQL_ONLY", "")
if BLINDSQL_ONLY:
    every_payload = mod_blindsql.payloads.fget

    def only_one_database(self):
        return [entry for entry in every_payload(self) if BLINDSQL_ONLY in str(entry[0] if isinstance(entry, tuple) else entry)]

    mod_blindsql.payloads = property(only_one_database)

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
