#!/usr/bin/env python3
"""bench/signing: logs the employers and graduates of the seed's data file in as a browser would
(login form with the anonymous CSRF cookie). An employer's CSRF token is read from its 网上签约
page (/employer/signing); a graduate's 我的邀请 (/signing) must show the invitation list, not
手机认证. Four at a time.
    prepare.py BASE_URL ANON_COOKIE ANON_TOKEN PASSWORD SEED_DATA OUT
SEED_DATA: "E index username id:token…" and "S index student_no id" lines (seed-bench-signing);
OUT: "E index cookie csrf id:token…" and "S index cookie" lines for mix.lua."""
import concurrent.futures
import http.client
import re
import sys
import threading
import time
import urllib.parse

base, anon_cookie, anon_token, password, source, target = sys.argv[1:7]
url = urllib.parse.urlsplit(base)
local = threading.local()


def call(method, path, headers, body=None):
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    conn = local.conn
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
    except (http.client.HTTPException, OSError):
        conn.close()
        conn.connect()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
    return response, response.read()


def login(identifier):
    form = urllib.parse.urlencode({"_csrf": anon_token, "identifier": identifier, "password": password})
    response, _ = call("POST", "/login", {"Origin": base, "Cookie": "jiuye_anon=" + anon_cookie,
                                         "Content-Type": "application/x-www-form-urlencoded"}, form)
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("jiuye_session="):
            cookie = value.split(";", 1)[0].split("=", 1)[1]
            if response.status == 303:
                return cookie
    raise SystemExit(f"login of {identifier} failed: {response.status}")


def prepare(line):
    fields = line.split()
    if fields[0] == "E":
        cookie = login(fields[2])
        response, page = call("GET", "/employer/signing", {"Cookie": "jiuye_session=" + cookie})
        match = re.search(rb'name="_csrf" value="([^"]+)"', page)
        if response.status != 200 or not match:
            raise SystemExit(f"网上签约 page of {fields[2]}: {response.status}")
        return " ".join(["E", fields[1], cookie, match.group(1).decode()] + fields[3:])
    cookie = login(fields[2])
    response, page = call("GET", "/signing", {"Cookie": "jiuye_session=" + cookie})
    text = page.decode("utf-8", "replace")
    if response.status != 200 or "签约邀请" not in text:
        raise SystemExit(f"我的邀请 of {fields[2]}: {response.status} (手机认证 page: {'手机认证' in text})")
    return f"S {fields[1]} {cookie}"


started = time.time()
with open(source) as f:
    lines = [line for line in f if line.strip()]
with concurrent.futures.ThreadPoolExecutor(4) as pool:
    results = list(pool.map(prepare, lines))
with open(target, "w") as f:
    f.write("\n".join(results) + "\n")
employers = sum(1 for r in results if r.startswith("E "))
print(f"{employers} employers and {len(results) - employers} graduates logged in in {time.time() - started:.1f} s")
