#!/usr/bin/python3
"""Sweeps bench/ws-rate.json over per-connection rates: the highest rate one generator thread
sustains with late sends under 1 %.

For each rate: writes a copy of the profile with that `rate.perConnection` (and the echo server's
port), runs `taskset -c 0 cicada-cli run COPY -u USERS -r USERS -t SECONDS --threads 1 --csv P`
and reads the final status line ("WS late sends N of M (x%)") and the `WS send echo` row of the
Locust-format CSV. Traffic goes to 127.0.0.1 only; every run is bounded (SECONDS + 60 s).

  bench/ws-rate-sweep.py --cli build/app/cicada-cli --rates 50,100,200,400 [--port 18082]
  bench/ws-rate-sweep.py ... --echo /path/to/bench/servers/ws_echo.js --port 18182
      (starts its own node echo server on that port, pinned to CPU 1, and stops it at the end)
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_rate(args, rate, workdir):
    with open(args.profile, encoding="utf-8") as f:
        profile = json.load(f)
    profile["target"]["brokerUrl"] = f"ws://127.0.0.1:{args.port}/echo"
    step = profile["userTypes"][0]["tasks"][0]["steps"][0]["wsSend"]
    step["rate"] = {"perConnection": rate}
    path = os.path.join(workdir, f"ws-rate-{rate}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(profile, f)
    prefix = os.path.join(workdir, f"r{rate}")
    cmd = ["taskset", "-c", "0", args.cli, "run", path, "-u", str(args.users), "-r",
           str(args.users), "-t", f"{args.seconds}s", "--threads", "1", "--csv", prefix]
    started = time.monotonic()
    before = os.times()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.seconds + 60).stdout
    after = os.times()
    wall = time.monotonic() - started
    cpu = (after.children_user - before.children_user) + (after.children_system -
                                                            before.children_system)
    late = re.findall(r"WS late sends (\d+) of (\d+)", out)
    late_n, sends = (int(late[-1][0]), int(late[-1][1])) if late else (0, 0)
    row = {}
    with open(prefix + "_stats.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Type"] == "WS send" and r["Name"] == "echo":
                row = r
    return {
        "rate_per_conn": rate,
        "target_total": rate * args.users,
        "sends": sends,
        "late": late_n,
        "late_pct": 100.0 * late_n / sends if sends else float("nan"),
        "replies_per_s": float(row.get("Requests/s", 0) or 0),
        "failures": int(row.get("Failure Count", 0) or 0),
        "p50_ms": row.get("50%", ""),
        "p99_ms": row.get("99%", ""),
        "cpu_s": round(cpu, 2),
        "wall_s": round(wall, 1),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cli", required=True)
    p.add_argument("--profile", default=os.path.join(HERE, "ws-rate.json"))
    p.add_argument("--rates", default="50,100,200,300,400,600")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--port", type=int, default=18082)
    p.add_argument("--echo", default="", help="ws_echo.js to start on --port (pinned to CPU 1)")
    args = p.parse_args()
    echo = None
    if args.echo:
        echo = subprocess.Popen(["taskset", "-c", "1", "node", args.echo, str(args.port),
                                 "sessionid=bench-session-1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as workdir:
            for rate in [int(r) for r in args.rates.split(",")]:
                row = run_rate(args, rate, workdir)
                rows.append(row)
                print(json.dumps(row), flush=True)
    finally:
        if echo is not None:
            echo.terminate()
            echo.wait(5)
    print("\n| rate/conn | target msg/s | replies/s | late sends | late % | p50 ms | p99 ms | "
          "failures | CPU-s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['rate_per_conn']} | {r['target_total']} | {r['replies_per_s']:.0f} | "
              f"{r['late']} of {r['sends']} | {r['late_pct']:.2f} | {r['p50_ms']} | "
              f"{r['p99_ms']} | {r['failures']} | {r['cpu_s']} |")
    ok = [r for r in rows if r["late_pct"] < 1.0]
    if ok:
        best = max(ok, key=lambda r: r["target_total"])
        print(f"\nhighest with late sends under 1 %: {best['rate_per_conn']}/s per connection, "
              f"{best['target_total']}/s in total ({args.users} connections, one thread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
