#!/usr/bin/env python3
"""bench/mixed: logs graduates in as a browser would (login form with the anonymous CSRF
cookie), reads each session's CSRF token from 毕业去向登记 and saves a first draft (暂存), which
creates the case the timed mix then edits, uploads to and submits. Four at a time.
    prepare.py BASE_URL ANON_COOKIE ANON_TOKEN PASSWORD IN OUT
IN: lines "index student_no"; OUT: lines "index session_cookie csrf_token student_no"."""
import concurrent.futures
import http.client
import re
import sys
import threading
import urllib.parse

base, anon_cookie, anon_token, password, source, target = sys.argv[1:7]
url = urllib.parse.urlsplit(base)
local = threading.local()


def connection():
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    return local.conn


def call(method, path, headers, body=None):
    conn = connection()
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
    except (http.client.HTTPException, OSError):
        conn.close()
        conn.connect()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
    return response, response.read()


def prepare(line):
    index, number = line.split()
    form = urllib.parse.urlencode({"_csrf": anon_token, "identifier": number, "password": password})
    response, _ = call("POST", "/login", {"Origin": base, "Cookie": "jiuye_anon=" + anon_cookie,
                                         "Content-Type": "application/x-www-form-urlencoded"}, form)
    cookie = None
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("jiuye_session="):
            cookie = value.split(";", 1)[0].split("=", 1)[1]
    if response.status != 303 or not cookie:
        raise SystemExit(f"login of {number} failed: {response.status}")
    response, page = call("GET", "/destination", {"Cookie": "jiuye_session=" + cookie})
    match = re.search(rb'name="_csrf" value="([^"]+)"', page)
    if response.status != 200 or not match:
        raise SystemExit(f"毕业去向登记 page of {number}: {response.status}")
    token = match.group(1).decode()
    form = urllib.parse.urlencode({"_csrf": token, "lock": "-1", "action": "save", "category": "11", "position": "13",
                                   "unit_location": "重庆市沙坪坝区", "unit_name": "重庆示范科技有限公司", "remark": ""})
    response, _ = call("POST", "/destination", {"Origin": base, "Cookie": "jiuye_session=" + cookie,
                                               "Content-Type": "application/x-www-form-urlencoded"}, form)
    if response.status != 303:
        raise SystemExit(f"first 暂存 of {number}: {response.status}")
    return f"{index} {cookie} {token} {number}"


with open(source) as f:
    lines = [line for line in f if line.strip()]
with concurrent.futures.ThreadPoolExecutor(4) as pool:
    results = list(pool.map(prepare, lines))
with open(target, "w") as f:
    f.write("\n".join(results) + "\n")
print(f"{len(results)} graduates logged in, each with a saved draft")
