#!/usr/bin/env python
"""A small bounded HTTP load generator, used when wrk is not installed.

    python bench/loadgen.py http://127.0.0.1:8123/nl/ --connections 4 --duration 5 \\
        --header "Cookie: sessionid=..."

Each connection is a thread that sends GET requests one after another for
``--duration`` seconds (and at most ``--max-requests`` in all), so the run always
stops by itself. Only loopback addresses are accepted. Prints one JSON line in the
same shape as ``wrk_report.lua``.
"""

import argparse
import http.client
import ipaddress
import json
import socket
import threading
import time
from urllib.parse import urlsplit


def _loopback(host):
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run(url, *, connections=4, duration=5.0, headers=None, max_requests=200_000, timeout=30):
    parts = urlsplit(url)
    if parts.scheme != "http" or not _loopback(parts.hostname):
        raise SystemExit("loadgen only talks to http:// on a loopback address")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = dict(headers or {})
    latencies, lock = [], threading.Lock()
    counters = {"requests": 0, "bytes": 0, "socket_errors": 0, "status_errors": 0}
    deadline = time.monotonic() + duration

    def worker():
        conn = None
        while time.monotonic() < deadline:
            with lock:
                if counters["requests"] >= max_requests:
                    return
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
                started = time.perf_counter()
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                body = response.read()
                elapsed = (time.perf_counter() - started) * 1000
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                with lock:
                    counters["socket_errors"] += 1
                if conn is not None:
                    conn.close()
                conn = None
                continue
            with lock:
                counters["requests"] += 1
                counters["bytes"] += len(body)
                if response.status >= 400:
                    counters["status_errors"] += 1
                latencies.append(elapsed)
        if conn is not None:
            conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        **counters,
        "duration_s": elapsed,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--header", action="append", default=[], help="'Name: value'")
    args = parser.parse_args(argv)
    headers = dict(h.split(":", 1) for h in args.header)
    headers = {k.strip(): v.strip() for k, v in headers.items()}
    result = run(
        args.url,
        connections=args.connections,
        duration=args.duration,
        headers=headers,
        max_requests=args.max_requests,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
