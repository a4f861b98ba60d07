#!/usr/bin/python3
"""Debian's wapiti 3.0.4 with its -x (exclude URL) patterns fixed for Python 3.11.

wapitiCore.net.crawler.wildcard_translate compiles `pattern + r'\\Z(?ms)'`; Python
3.11 refuses global flags anywhere but at the start (re.error), so every -x
crashes the scan. This puts the flags first and then runs wapiti as usual:

    /usr/bin/python3 scripts/security/wapiti-x.py -u URL ... -x URL/can-bo/dang-xuat
"""
import re
import sys

import wapitiCore.net.crawler as crawler
from wapitiCore.main.wapiti import wapiti_main


def wildcard_translate(pattern):
    """The same translation (only * is a wildcard), flags at the start."""
    return re.compile("(?ms)" + "".join(".*" if char == "*" else re.escape(char) for char in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
