#!/usr/bin/python3
"""End to end: `cicada-cli import har|curl` makes a profile that `cicada-cli validate` accepts and
that runs against the demo server without failures; the recording's credentials are not in it.

Usage: importtest.py CICADA_CLI SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

CLI = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CICADA_CLI", "cicada-cli")
SOURCE_DIR = sys.argv[2] if len(sys.argv) > 2 else os.getcwd()
RECORDED_SECRETS = ["hunter2-recorded", "recorded-bearer-token", "rec0rded5ess10n", "dark-mode",
                    "recorded-query-token"]


def cli(*args, env=None, timeout=60):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


class ImportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.demo = subprocess.Popen([CLI, "serve-demo", "--port", "0"], stdout=subprocess.PIPE,
                                     text=True)
        line = self.demo.stdout.readline()
        self.port = re.search(r"http://127\.0\.0\.1:(\d+)", line).group(1)

    def tearDown(self):
        self.demo.terminate()
        self.demo.wait(10)
        self.demo.stdout.close()
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def run_profile(self, profile, env):
        result = self.path("result.json")
        done = cli("run", profile, "-u", "2", "-r", "2", "-t", "4s", "--threads", "1",
                   "--only-summary", "--json", result, env=env)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        with open(result) as f:
            return {(r["type"], r["name"]): r for r in json.load(f)["stats"]}

    def test_a_chromium_har_with_websocket_frames_imports_validates_and_runs(self):
        with open(os.path.join(SOURCE_DIR, "tests/data/har/demo-chat.har")) as f:
            har = f.read().replace("127.0.0.1:8765", "127.0.0.1:" + self.port)
        with open(self.path("chat.har"), "w") as f:
            f.write(har)
        profile = self.path("chat.cicada.json")
        # Recorded pauses are cut to 300 ms so the 4-s run goes through the whole recording.
        done = cli("import", "har", self.path("chat.har"), "-o", profile, "--max-think", "300ms")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("Imported 4 HTTP request(s) and 3 WebSocket send(s)", done.stdout)
        listed = re.findall(r"^  ([A-Z_]+)  ", done.stdout, re.M)
        self.assertEqual(listed, ["COOKIE_PREFS", "PASSWORD", "AUTHORIZATION", "ACCESS_TOKEN"])
        with open(profile) as f:
            text = f.read()
        for secret in RECORDED_SECRETS:
            self.assertNotIn(secret, text)
            self.assertNotIn(secret, done.stdout)

        env = {"COOKIE_PREFS": "light", "PASSWORD": "pw", "AUTHORIZATION": "Bearer t",
               "ACCESS_TOKEN": "a"}
        valid = cli("validate", profile, env=env)
        self.assertEqual(valid.returncode, 0, valid.stdout + valid.stderr)
        self.assertNotIn("warning", valid.stdout + valid.stderr)

        rows = self.run_profile(profile, env)
        for key in [("POST", "/login"), ("GET", "/api/profile"), ("GET", "/api/items"),
                    ("WS connect", "broker"), ("WS send", "chat")]:
            self.assertIn(key, rows, sorted(rows))
            self.assertGreater(rows[key]["numRequests"], 0, key)
        # The chat sends awaited their replies by the inferred "id" (a reply that never came
        # would be a timeout failure), and the session cookie came from the login, not the file.
        self.assertEqual({k: r["numFailures"] for k, r in rows.items() if r["numFailures"]}, {})

        again = cli("import", "har", self.path("chat.har"), "-o", profile)
        self.assertEqual(again.returncode, 2)
        self.assertIn("exists", again.stderr)

    def test_a_copied_curl_command_imports_and_runs(self):
        command = ("curl 'http://127.0.0.1:%s/api/echo' -H 'content-type: application/json' "
                   "-H 'X-Api-Key: k3y-recorded' --data-raw $'{\"text\":\"it\\'s\"}' --compressed"
                   % self.port)
        profile = self.path("echo.cicada.json")
        done = cli("import", "curl", command, "-o", profile)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("X_API_KEY", done.stdout)
        with open(profile) as f:
            self.assertNotIn("k3y-recorded", f.read())
        env = {"X_API_KEY": "k"}
        self.assertEqual(cli("validate", profile, env=env).returncode, 0)
        rows = self.run_profile(profile, env)
        self.assertGreater(rows[("POST", "/api/echo")]["numRequests"], 0)
        self.assertEqual(rows[("POST", "/api/echo")]["numFailures"], 0)

    def test_bad_input_exits_2_with_a_reason(self):
        done = cli("import", "curl", "wget http://x/", "-o", self.path("x.cicada.json"))
        self.assertEqual(done.returncode, 2)
        self.assertIn("not a curl command", done.stderr)
        with open(self.path("bad.har"), "w") as f:
            f.write('{"log": {}}')
        done = cli("import", "har", self.path("bad.har"), "-o", self.path("y.cicada.json"))
        self.assertEqual(done.returncode, 2)
        self.assertIn("not a HAR file", done.stderr)
        self.assertFalse(os.path.exists(self.path("y.cicada.json")))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
