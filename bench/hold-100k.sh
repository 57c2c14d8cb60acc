#!/usr/bin/env bash
# The connection-hold benchmark (issue 12): N idle, authenticated WebSocket users in one
# `cicada-cli run` process against wsholdserver (tests/core/ws/wsholdserver.cpp: one thread,
# epoll, cookie check), for each N given (default: 10000 50000 100000). Per N it records the
# connect ramp (connections/s seen by the servers), the generator's RSS per connection
# (max RSS − max RSS of a one-user run, ÷ connections held), the generator's and the
# servers' CPU over HOLD_IDLE_S seconds of idling, and prints a table. The RSS baseline is the
# max RSS of the same command with one user.
#
#   nice ninja -C build cicada-cli wsholdserver
#   timeout 900 bench/hold-100k.sh                 # 10k, 50k, 100k
#   timeout 300 bench/hold-100k.sh 10000 20000
#
# What it changes: the soft open-file limit of this shell (ulimit -n → the hard limit), nothing
# else unless HOLD_PORT_RANGE is set ("1024 65535": written to net.ipv4.ip_local_port_range
# and restored on exit; needs root). The profile's target.sourceAddresses (127.0.0.1-127.0.0.8)
# gives 8 × the default 28,232 local ports, so the range is not needed for 100k.
#
# Settings (environment): CICADA_CLI, HOLD_SERVER (the binaries, default build/...), HOLD_PORT
# (18093; the profile's brokerUrl port is replaced), HOLD_RATE (spawn rate, 10000/s: above the 5,000/s goal, so the ramp measures the generator and server, not the spawn rate),
# HOLD_THREADS (generator threads; "auto": one per HOLD_CONNS_PER_THREAD = 18000 connections,
# each with a descriptor table of its own via --private-fd-tables unless
# HOLD_PRIVATE_FD_TABLES=0), HOLD_DISPATCHER (epoll), HOLD_IDLE_S (10),
# HOLD_CONNS_PER_SERVER (15000: server processes share the port with SO_REUSEPORT, so one
# process's open-file limit does not bound the held connections), HOLD_CPU_CLIENT /
# HOLD_CPU_SERVER (taskset CPU lists, 0 and 1), HOLD_DIR (output directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export CICADA_CLI=${CICADA_CLI:-$root/build/app/cicada-cli}
export HOLD_SERVER=${HOLD_SERVER:-$root/build/tests/core/ws/wsholdserver}
export HOLD_PROFILE=${HOLD_PROFILE:-$here/ws-hold-100k.json}
export HOLD_DIR=${HOLD_DIR:-$(mktemp -d /tmp/cicada-hold.XXXXXX)}
for bin in "$CICADA_CLI" "$HOLD_SERVER"; do
    [ -x "$bin" ] || { echo "hold-100k: $bin is missing (nice ninja -C build cicada-cli wsholdserver)" >&2; exit 2; }
done

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "hold-100k: open files: soft $(ulimit -n), hard $(ulimit -Hn) (each process; raising the hard limit needs CAP_SYS_RESOURCE)"
range_file=/proc/sys/net/ipv4/ip_local_port_range
old_range=$(tr -s '\t ' ' ' < "$range_file")
if [ -n "${HOLD_PORT_RANGE:-}" ]; then
    if echo "$HOLD_PORT_RANGE" > "$range_file" 2>/dev/null; then
        trap 'echo "$old_range" > "$range_file"' EXIT
        echo "hold-100k: net.ipv4.ip_local_port_range $old_range -> $HOLD_PORT_RANGE (restored on exit)"
    else
        echo "hold-100k: could not set net.ipv4.ip_local_port_range (not root?); kept $old_range"
    fi
else
    echo "hold-100k: net.ipv4.ip_local_port_range $old_range (unchanged)"
fi
echo "hold-100k: output in $HOLD_DIR"

exec /usr/bin/python3 - "$@" <<'PY'
import json, math, os, re, signal, subprocess, sys, time

cli, server_bin = os.environ["CICADA_CLI"], os.environ["HOLD_SERVER"]
out_dir = os.environ["HOLD_DIR"]
port = int(os.environ.get("HOLD_PORT", "18093"))
rate = float(os.environ.get("HOLD_RATE", "10000"))
threads_setting = os.environ.get("HOLD_THREADS", "auto")
per_thread = int(os.environ.get("HOLD_CONNS_PER_THREAD", "18000"))
dispatcher = os.environ.get("HOLD_DISPATCHER", "epoll")
idle_s = float(os.environ.get("HOLD_IDLE_S", "10"))
per_server = int(os.environ.get("HOLD_CONNS_PER_SERVER", "15000"))
cpu_client = os.environ.get("HOLD_CPU_CLIENT", "0")
cpu_server = os.environ.get("HOLD_CPU_SERVER", "1")
counts = [int(a) for a in sys.argv[1:]] or [10000, 50000, 100000]
tick = os.sysconf("SC_CLK_TCK")

with open(os.environ["HOLD_PROFILE"]) as f:
    profile = json.load(f)
profile["target"]["brokerUrl"] = re.sub(r":\d+/", f":{port}/", profile["target"]["brokerUrl"])
profile_path = os.path.join(out_dir, "ws-hold.json")
with open(profile_path, "w") as f:
    json.dump(profile, f, indent=2)


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime + stime


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def open_fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def run(n):
    servers = []
    for i in range(max(1, math.ceil(n / per_server))):
        p = subprocess.Popen(["taskset", "-c", cpu_server, server_bin, "--port", str(port),
                              "--reuseport"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
        p.stdout.readline()  # "listening on ..."
        servers.append(p)
    base_fds = sum(open_fds(s.pid) for s in servers)
    held = lambda: sum(open_fds(s.pid) for s in servers) - base_fds
    # Longer than the sampling can last (the ramp deadline below, the idle window): the script
    # ends the run with SIGINT once it has measured.
    run_s = n / rate * 3 + 60 + idle_s + 60
    log = open(os.path.join(out_dir, f"run-{n}.log"), "w")
    result_json = os.path.join(out_dir, f"result-{n}.json")
    # One descriptor table holds at most the open-file limit: past it, a thread per
    # HOLD_CONNS_PER_THREAD connections, each with a table of its own (--private-fd-tables).
    threads = max(1, math.ceil(n / per_thread)) if threads_setting == "auto" else int(threads_setting)
    cmd = ["taskset", "-c", cpu_client, cli, "run", profile_path, "-u", str(n), "-r", str(rate),
           "-t", f"{int(run_s)}s", "--threads", str(threads), "--dispatcher", dispatcher,
           "--json", result_json]
    if threads > 1 and os.environ.get("HOLD_PRIVATE_FD_TABLES", "1") == "1":
        cmd.append("--private-fd-tables")
    # Baseline: the max RSS of the same command with one user (a process that is still loading
    # when the first connection comes cannot be sampled reliably).
    one = list(cmd)
    one[one.index("-u") + 1] = "1"
    one[one.index("-t") + 1] = "3s"
    one[one.index("--json") + 1] = os.path.join(out_dir, f"result-{n}-baseline.json")
    probe = subprocess.Popen(one, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    baseline_kib = os.wait4(probe.pid, 0)[2].ru_maxrss
    probe.returncode = 0
    time.sleep(1)  # the servers close the probe's connection
    base_fds = sum(open_fds(s.pid) for s in servers)
    gen = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    t0 = time.monotonic()
    first_t, done_t, best, best_t = None, None, 0, t0
    ramp_cpu0, gen_cpu0 = None, 0.0
    deadline = t0 + n / rate * 3 + 60
    while time.monotonic() < deadline and gen.poll() is None:
        c = held()
        now = time.monotonic()
        if c > 0 and first_t is None:
            first_t = now
            ramp_cpu0 = [cpu_s(s.pid) for s in servers]
            gen_cpu0 = cpu_s(gen.pid)
        if c > best:
            best, best_t = c, now
        if c >= n:
            done_t = now
            break
        if first_t is not None and now - best_t > 15:
            break  # no progress for 15 s: the limit is reached
        time.sleep(0.05)
    row = {"n": n, "servers": len(servers), "threads": threads, "held": best}
    if first_t is not None:
        end_t = done_t if done_t else best_t
        row["ramp_s"] = round(end_t - first_t, 2)
        row["ramp_per_s"] = round(best / max(end_t - first_t, 1e-3))
        row["server_ramp_cpu_s"] = round(sum(cpu_s(s.pid) for s in servers) - sum(ramp_cpu0), 2)
        # Connects per CPU-second of the generator: its ramp rate on a core of its own, when
        # other processes take CPU from it (the wall-clock rate then measures the machine).
        gen_ramp_cpu = cpu_s(gen.pid) - gen_cpu0
        row["gen_ramp_cpu_s"] = round(gen_ramp_cpu, 2)
        row["connects_per_gen_cpu_s"] = round(best / max(gen_ramp_cpu, 1e-3))
    if gen.poll() is None:
        time.sleep(2)  # let the last upgrades settle
        g0, s0 = cpu_s(gen.pid), [cpu_s(s.pid) for s in servers]
        time.sleep(idle_s)
        row["gen_idle_cpu_pct"] = round((cpu_s(gen.pid) - g0) / idle_s * 100, 2)
        row["server_idle_cpu_pct"] = round(
            (sum(cpu_s(s.pid) for s in servers) - sum(s0)) / idle_s * 100, 2)
        row["held_after_idle"] = held()
        hwm = status_kib(gen.pid, "VmHWM")
        row["baseline_mib"] = round(baseline_kib / 1024, 1)
        row["max_rss_mib"] = round(hwm / 1024, 1)
        row["kib_per_conn"] = round((hwm - baseline_kib) / max(row["held_after_idle"], 1), 2)
        gen.send_signal(signal.SIGINT)
    try:
        gen.wait(timeout=120)
    except subprocess.TimeoutExpired:
        gen.kill()
        gen.wait()
    row["exit"] = gen.returncode
    for s in servers:
        s.send_signal(signal.SIGINT)
    summaries = []
    for s in servers:
        try:
            s.wait(timeout=30)
        except subprocess.TimeoutExpired:
            s.kill()
        summaries.append((s.stdout.read() or "").strip().replace("\n", " | "))
    row["server_summary"] = summaries
    log.close()
    # Connect failures and their errors, from the result file.
    try:
        with open(result_json) as f:
            result = json.load(f)
        for e in result.get("stats", []):
            if e.get("type") == "WS connect":
                row["connects"] = e.get("numRequests")
                row["connect_failures"] = e.get("numFailures")
                pct = {p["p"]: p["ms"] for p in e.get("percentiles", [])}
                row["connect_p50_p99_ms"] = f'{pct.get(50, "-")} / {pct.get(99, "-")}'
        row["errors"] = [f'{e["occurrences"]}× {e["error"]}' for e in result.get("errors", [])][:5]
    except (OSError, ValueError):
        row["errors"] = ["no result file (see the run log)"]
    with open(os.path.join(out_dir, f"run-{n}.log")) as f:
        row["warnings"] = [l.strip() for l in f if "warning:" in l][:3]
    return row


rows = []
for n in counts:
    print(f"hold-100k: {n} users ...", flush=True)
    row = run(n)
    print(json.dumps(row, indent=1), flush=True)
    rows.append(row)
    time.sleep(3)  # let the TIME_WAIT and closing sockets of this row go

print()
print("| users asked | held | gen threads | servers | ramp s | connects/s | connects per gen CPU-s "
      "| gen KiB RSS/conn | gen max RSS MiB | gen idle CPU % | server idle CPU % "
      "| server CPU s (ramp) | connect p50 / p99 ms | connect failures |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f'| {r["n"]:,} | {r.get("held_after_idle", r["held"]):,} | {r["threads"]} | {r["servers"]} '
          f'| {r.get("ramp_s", "-")} | {r.get("ramp_per_s", "-")} '
          f'| {r.get("connects_per_gen_cpu_s", "-")} | {r.get("kib_per_conn", "-")} '
          f'| {r.get("max_rss_mib", "-")} | {r.get("gen_idle_cpu_pct", "-")} '
          f'| {r.get("server_idle_cpu_pct", "-")} | {r.get("server_ramp_cpu_s", "-")} '
          f'| {r.get("connect_p50_p99_ms", "-")} | {r.get("connect_failures", "-")} |')
for r in rows:
    for e in r.get("errors", []) + r.get("warnings", []):
        print(f'{r["n"]:,}: {e}')
PY
