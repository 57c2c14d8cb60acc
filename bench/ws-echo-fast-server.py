#!/usr/bin/env python3
"""ws-echo and ws-echo-match against a server that is not the limit.

The harness's WebSocket rows (../shared/bench) use node `ws` as the echo server, pinned to one
core; it saturates at ~95k messages/s, which Cicada reaches with a quarter of its core to spare.
A generator that waits for its server sleeps and wakes thousands of times a second and pays the
scheduler for each, so "messages per CPU-second" then measures the server as much as the
generator. This script runs the same closed loops (50 connections, one message in flight each)
against `wsholdserver` (tests/core/ws/wsholdserver.cpp: single-threaded C++ epoll, echoes data
frames, checks the cookie), which keeps up with both generators, so each one runs at 100 % of its
core and the ratio compares the generators alone.

Rows, in rounds (the node anchor, Cicada ws-echo, Cicada ws-echo-match), each generator pinned to
CPU 0 and the server to CPU 1 as in the harness:

    CICADA_CLI=build/app/cicada-cli BENCH_DIR=/tmp/bench ROUNDS=3 SECONDS=15 \
        timeout 900 bench/ws-echo-fast-server.py

BENCH_DIR is a copy of ../shared/bench with node's `ws` installed (its README): the anchor is its
gens/ws_closed_loop.js. WSHOLDSERVER defaults to build/tests/core/ws/wsholdserver. Prints a
Markdown table: messages, generator CPU-s (user + system, from wait4), messages per CPU-second,
voluntary context switches per 1,000 messages, the server's CPU % over the row, and the ratio to
the anchor of the same round.
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLI = os.path.abspath(os.environ.get("CICADA_CLI", os.path.join(ROOT, "build/app/cicada-cli")))
SERVER = os.path.abspath(os.environ.get(
    "WSHOLDSERVER", os.path.join(ROOT, "build/tests/core/ws/wsholdserver")))
BENCH_DIR = os.environ.get("BENCH_DIR", "/tmp/bench")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
SECONDS = int(os.environ.get("SECONDS", "15"))
USERS = 50
COOKIE = "sessionid=bench-session-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_cpu_s(pid):
    """utime + stime of a running process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_pinned(cmd, timeout_s):
    """Runs cmd on CPU 0; returns (stdout, cpu seconds, voluntary context switches)."""
    p = subprocess.Popen(["taskset", "-c", "0"] + cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    killer = threading.Timer(timeout_s, p.kill)
    killer.start()
    _, status, usage = os.wait4(p.pid, 0)  # reaped here (not by Popen) to get its rusage
    killer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    out = p.stdout.read()
    return out, usage.ru_utime + usage.ru_stime, usage.ru_nvcsw


def profile_for(name, port, tmp):
    with open(os.path.join(HERE, name + ".json")) as f:
        text = f.read()
    text = re.sub(r"ws://127\.0\.0\.1:\d+/", f"ws://127.0.0.1:{port}/", text)
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        f.write(text)
    return path


def cicada_row(profile, tmp):
    csv = os.path.join(tmp, "c")
    if os.path.exists(csv + "_stats.csv"):
        os.remove(csv + "_stats.csv")  # a failed run must not be read as the previous one
    _, cpu, vcs = run_pinned([CLI, "run", profile, "-u", str(USERS), "-r", str(USERS), "-t",
                              f"{SECONDS}s", "--threads", "1", "--csv", csv], SECONDS + 30)
    with open(csv + "_stats.csv") as f:
        for line in f:
            cols = line.split(",")
            if cols[0] == "WS send" and cols[1] == "echo":
                return int(cols[2]), int(cols[3]), cpu, vcs
    raise RuntimeError("no 'WS send,echo' row in Cicada's CSV")


def anchor_row(port):
    script = os.path.join(BENCH_DIR, "gens", "ws_closed_loop.js")
    out, cpu, vcs = run_pinned(["node", script, f"ws://127.0.0.1:{port}/echo", str(USERS),
                                str(SECONDS), COOKIE], SECONDS + 30)
    result = json.loads(out.strip().splitlines()[0])
    return int(result["msgs"]), int(result["errors"]), cpu, vcs


def main():
    for path, what in ((CLI, "CICADA_CLI"), (SERVER, "WSHOLDSERVER")):
        if not os.access(path, os.X_OK):
            sys.exit(f"ws-echo-fast-server: {what} {path} is not an executable (build it first)")
    if not os.path.exists(os.path.join(BENCH_DIR, "node", "node_modules", "ws")):
        sys.exit(f"ws-echo-fast-server: {BENCH_DIR} has no node_modules/ws (see ../shared/bench)")
    port = free_port()
    server = subprocess.Popen(["taskset", "-c", "1", SERVER, "--port", str(port), "--cookie",
                               COOKIE], stdout=subprocess.PIPE, text=True)
    try:
        if "listening" not in server.stdout.readline():
            sys.exit("ws-echo-fast-server: wsholdserver did not start")
        with tempfile.TemporaryDirectory() as tmp:
            profiles = {n: profile_for(n, port, tmp) for n in ("ws-echo", "ws-echo-match")}
            print(f"| round | generator | scenario | messages | errors | gen CPU-s | msg per CPU-s "
                  f"| vol. ctx switches per 1k msg | server CPU % | vs anchor |")
            print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
            for r in range(1, ROUNDS + 1):
                anchor = None
                for label, scenario in (("node-ws anchor", "ws-echo"), ("cicada", "ws-echo"),
                                        ("cicada", "ws-echo-match")):
                    server_cpu0, t0 = proc_cpu_s(server.pid), time.monotonic()
                    if label == "node-ws anchor":
                        msgs, errors, cpu, vcs = anchor_row(port)
                    else:
                        msgs, errors, cpu, vcs = cicada_row(profiles[scenario], tmp)
                    server_pct = 100 * (proc_cpu_s(server.pid) - server_cpu0) / (
                        time.monotonic() - t0)
                    per_cpu = msgs / cpu if cpu > 0 else 0
                    if anchor is None:
                        anchor = per_cpu
                    print(f"| {r} | {label} | {scenario} | {msgs:,} | {errors} | {cpu:.2f} | "
                          f"{per_cpu:,.0f} | {1000 * vcs / max(msgs, 1):.1f} | {server_pct:.0f} | "
                          f"{per_cpu / anchor:.3f} |", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
