#!/usr/bin/env python3
"""2,000 students press 一键预约 on one event within 10 seconds (an open loop: request i is due
at i × window / n, whatever happened before), beside the same open loop on /healthz as the
baseline of the same run. Latency is counted from the moment a request was due, so a slow
server cannot hide its queue. Prints p50/p95/p99/max for both, their ratio, and how the presses
were answered. Usage: book.py BASE SESSIONS_FILE [window-seconds (10)] [workers (64)]"""
import http.client
import queue
import re
import sys
import threading
import time
import urllib.parse

base, sessions_file = sys.argv[1], sys.argv[2]
window = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
workers = int(sys.argv[4]) if len(sys.argv) > 4 else 64
url = urllib.parse.urlparse(base)
lines = open(sessions_file).read().split()
event = lines[1] if lines[0] == "EVENT" else sys.exit("no EVENT line")
cookies = lines[2:]


def connection():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=60)


def tokens():
    """Each student's page first (as a browser would have it), for its CSRF token."""
    found = [None] * len(cookies)
    jobs = queue.Queue()
    for i in range(len(cookies)):
        jobs.put(i)

    def work():
        conn = connection()
        while True:
            try:
                i = jobs.get_nowait()
            except queue.Empty:
                return
            conn.request("GET", f"/events/{event}", headers={"Cookie": f"jiuye_session={cookies[i]}"})
            body = conn.getresponse().read().decode()
            m = re.search(r'name="_csrf" value="([^"]+)"', body)
            found[i] = m.group(1) if m else ""
    threads = [threading.Thread(target=work) for _ in range(16)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return found


def open_loop(make):
    """Runs len(cookies) requests due evenly over the window; returns (latencies, outcomes)."""
    n = len(cookies)
    due = queue.Queue()
    start = time.monotonic() + 0.5
    for i in range(n):
        due.put((start + i * window / n, i))
    latencies, outcomes, lock = [0.0] * n, {}, threading.Lock()

    def work():
        conn = connection()
        while True:
            try:
                at, i = due.get_nowait()
            except queue.Empty:
                return
            pause = at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            method, path, body, headers = make(i)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                outcome = f"{response.status} {response.getheader('Location') or ''}"
            except Exception as error:  # noqa: BLE001 - counted, then a fresh connection
                outcome = f"error {type(error).__name__}"
                conn = connection()
            latencies[i] = time.monotonic() - at
            key = re.sub(r"/\d+$", "/…", outcome)
            with lock:
                outcomes[key] = outcomes.get(key, 0) + 1
    threads = [threading.Thread(target=work) for _ in range(workers)]
    began = time.monotonic()
    [t.start() for t in threads]
    [t.join() for t in threads]
    return sorted(latencies), outcomes, time.monotonic() - began


def pct(values, p):
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


csrf = tokens()
missing = sum(1 for t in csrf if not t)
if missing:
    sys.exit(f"{missing} students got no booking page token")
base_lat, base_out, base_secs = open_loop(lambda i: ("GET", "/healthz", None, {}))
book_lat, book_out, book_secs = open_loop(lambda i: (
    "POST", f"/events/{event}/book", urllib.parse.urlencode({"_csrf": csrf[i]}),
    {"Cookie": f"jiuye_session={cookies[i]}", "Origin": base, "Content-Type": "application/x-www-form-urlencoded"}))
print(f"{len(cookies)} requests each, due over {window:.0f} s, {workers} connections")
print(f"{'':28}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}{'took s':>9}")
for name, lat, secs in (("/healthz (baseline)", base_lat, base_secs), ("一键预约 POST /events/…/book", book_lat, book_secs)):
    print(f"{name:28}{pct(lat, 50):10.1f}{pct(lat, 95):10.1f}{pct(lat, 99):10.1f}{lat[-1] * 1000:10.1f}{secs:9.1f}")
print(f"p95 ratio booking / baseline: {pct(book_lat, 95) / max(pct(base_lat, 95), 0.001):.1f}")
print("answers:", ", ".join(f"{k.strip()} × {v}" for k, v in sorted(book_out.items())))
