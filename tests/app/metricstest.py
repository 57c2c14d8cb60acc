#!/usr/bin/python3
"""End to end: `cicada-cli run --metrics-port` against the demo server, scraped while the run goes
and once more after the result is written, parsed with Debian's python3-prometheus-client (a
parser Cicada did not write). The last scrape must equal the JSON result exactly: per row the
request, failure and byte counters, the histogram's count, sum and every bucket (recomputed from
the JSON histogram with the HDR layout), and every error group.

Usage: metricstest.py CICADA_CLI SOURCE_DIR
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from prometheus_client.openmetrics import parser as om_parser
from prometheus_client import parser as text_parser

CLI = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CICADA_CLI", "cicada-cli")
SOURCE_DIR = sys.argv[2] if len(sys.argv) > 2 else os.getcwd()
OPENMETRICS = "application/openmetrics-text; version=1.0.0"
BOUNDS_US = [500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000,
             2500000, 5000000, 10000000, 30000000]


def hdr_midpoint(index):
    """Histogram::lowestValueOf + widthOf / 2 (core/stats/histogram.cpp), 1024 per chunk."""
    chunk, sub = index >> 10, index & 1023
    lowest = sub if chunk == 0 else (sub + 1024) << (chunk - 1)
    width = 1 if chunk <= 1 else 1 << (chunk - 1)
    return lowest + width // 2


def wait_for_line(process, pattern, lines, timeout_s=30):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(pattern, line)
        if match:
            return match
    raise AssertionError("no line matching %r in:\n%s" % (pattern, "".join(lines)))


def scrape(url, accept=None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Content-Type"), response.read().decode("utf-8")


def samples(families):
    """{(metric sample name, frozenset(labels)): value} of parsed families."""
    out = {}
    for family in families:
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


class MetricsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.demo = subprocess.Popen([CLI, "serve-demo", "--port", "0"], stdout=subprocess.PIPE,
                                     text=True)
        port = wait_for_line(self.demo, r"http://127\.0\.0\.1:(\d+)", [], 10).group(1)
        with open(os.path.join(SOURCE_DIR, "resources/profiles/demo-chat.cicada.json")) as f:
            text = f.read().replace("127.0.0.1:8765", "127.0.0.1:" + port)
        self.profile = os.path.join(self.tmp.name, "demo.cicada.json")
        with open(self.profile, "w") as f:
            f.write(text)

    def tearDown(self):
        self.demo.stdout.close()
        self.demo.terminate()
        self.demo.wait(10)
        self.tmp.cleanup()

    def test_scrapes_during_the_run_and_the_last_scrape_equals_the_json_result(self):
        result_path = os.path.join(self.tmp.name, "result.json")
        run = subprocess.Popen(
            [CLI, "run", self.profile, "-u", "6", "-r", "6", "-t", "4s", "--threads", "2",
             "--metrics-port", "0", "--metrics-linger", "60s", "--json", result_path,
             "--only-summary"], stdout=subprocess.PIPE, text=True)
        try:
            lines = []
            url = wait_for_line(run, r"Metrics at (http://127\.0\.0\.1:\d+/metrics)", lines).group(1)

            # During the run: wait (bounded) for the first merged second with users and requests.
            live = {}
            for _ in range(100):
                content_type, text = scrape(url, OPENMETRICS)
                live = samples(om_parser.text_string_to_metric_families(text))
                requests = sum(v for (n, _), v in live.items() if n == "cicada_requests_total")
                if requests > 0 and live[("cicada_users", frozenset())] > 0:
                    break
                time.sleep(0.1)
            self.assertTrue(content_type.startswith("application/openmetrics-text"))
            self.assertGreater(live[("cicada_users", frozenset())], 0)
            self.assertGreater(live[("cicada_generator_threads", frozenset())], 0)
            self.assertIn(("cicada_generator_cpu_cores", frozenset()), live)
            self.assertIn(("cicada_generator_loop_lag_seconds", frozenset()), live)
            # The open model's counters are there (and 0) in a closed-model run too.
            for family in ("cicada_iterations_started_total", "cicada_iterations_late_total",
                           "cicada_iterations_dropped_total", "cicada_ws_rate_sends_total",
                           "cicada_ws_rate_sends_late_total"):
                self.assertEqual(live[(family, frozenset())], 0)

            wait_for_line(run, r"Serving the final metrics", lines, 60)
            _, om_text = scrape(url, OPENMETRICS)
            content_type, prom_text = scrape(url)
            self.assertTrue(content_type.startswith("text/plain; version=0.0.4"))
            final = samples(om_parser.text_string_to_metric_families(om_text))
            # Both formats say the same.
            self.assertEqual(samples(text_parser.text_string_to_metric_families(prom_text)), final)
            with open(result_path) as f:
                result = json.load(f)
        finally:
            run.send_signal(signal.SIGTERM)
            code = run.wait(30)
            run.stdout.close()
        self.assertEqual(code, 0)

        self.assertEqual(final[("cicada_users", frozenset())], 0)
        rows = result["stats"]
        self.assertGreaterEqual(len(rows), 3)
        exported = {k for (n, k) in final if n == "cicada_requests_total"}
        self.assertEqual(exported, {frozenset({("type", r["type"]), ("name", r["name"])})
                                    for r in rows})
        for row in rows:
            key = frozenset({("type", row["type"]), ("name", row["name"])})
            with self.subTest(type=row["type"], name=row["name"]):
                self.assertEqual(final[("cicada_requests_total", key)], row["numRequests"])
                self.assertEqual(final[("cicada_request_failures_total", key)], row["numFailures"])
                self.assertEqual(final[("cicada_response_bytes_total", key)],
                                 row["totalContentLength"])
                histogram = row["histogram"]
                self.assertEqual(final[("cicada_response_time_seconds_count", key)],
                                 histogram["count"])
                self.assertEqual(round(final[("cicada_response_time_seconds_sum", key)] * 1e6),
                                 histogram["sum"])
                for bound in BOUNDS_US:
                    expected = sum(c for i, c in histogram["buckets"] if hdr_midpoint(i) <= bound)
                    le = repr(bound / 1e6)
                    self.assertEqual(
                        final[("cicada_response_time_seconds_bucket", key | {("le", le)})],
                        expected, "le=" + le)
                self.assertEqual(
                    final[("cicada_response_time_seconds_bucket", key | {("le", "+Inf")})],
                    histogram["count"])
        errors = {frozenset({("type", e["type"]), ("name", e["name"]), ("error", e["error"])}):
                  e["occurrences"] for e in result["errors"]}
        self.assertEqual({k: v for (n, k), v in final.items() if n == "cicada_errors_total"},
                         errors)

    def test_the_endpoint_listens_on_loopback_and_answers_unknown_paths_with_404(self):
        run = subprocess.Popen(
            [CLI, "run", self.profile, "-u", "1", "-r", "1", "-t", "30s", "--metrics-port", "0",
             "--only-summary"], stdout=subprocess.PIPE, text=True)
        try:
            url = wait_for_line(run, r"Metrics at (http://127\.0\.0\.1:\d+)/metrics", []).group(1)
            with self.assertRaises(urllib.error.HTTPError) as raised:
                scrape(url + "/nothing")
            self.assertEqual(raised.exception.code, 404)
        finally:
            run.send_signal(signal.SIGTERM)
            run.wait(30)
            run.stdout.close()

    def test_a_worker_serves_its_endpoint_while_it_waits_for_a_master(self):
        # No master listens on the port: the worker keeps retrying, and its endpoint answers.
        worker = subprocess.Popen(
            [CLI, "worker", self.profile, "--master-port", "1", "--metrics-port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            url = wait_for_line(worker, r"Metrics at (http://127\.0\.0\.1:\d+/metrics)", []).group(1)
            _, text = scrape(url, OPENMETRICS)
            families = {f.name for f in om_parser.text_string_to_metric_families(text)}
            self.assertTrue({"cicada_requests", "cicada_response_time_seconds", "cicada_users",
                             "cicada_generator_loop_lag_seconds"} <= families, families)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(30)
            worker.stdout.close()

    def test_a_bad_metrics_port_is_refused_before_the_run(self):
        done = subprocess.run([CLI, "run", self.profile, "--metrics-port", "70000"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--metrics-port must be 0..65535", done.stderr)
        done = subprocess.run([CLI, "run", self.profile, "--metrics-port", "0", "--metrics-bind",
                               "localhost.example"], capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--metrics-bind must be an IP address", done.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
