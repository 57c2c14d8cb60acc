#!/usr/bin/python3
"""End to end: `cicada-cli run` in a pseudo terminal (Python's pty, the way a user's terminal
drives it) against `cicada-cli serve-demo` on 127.0.0.1. Locust's headless keys change the user
count while running, each change is echoed, and the result's history holds the new count; the
terminal's mode is restored when the run ends, also after Ctrl+C; with stdin not a terminal no key
is read.

Usage: terminalcontroltest.py CICADA_CLI SOURCE_DIR
"""
import fcntl
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import termios
import time
import unittest

CLI = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CICADA_CLI", "cicada-cli")
WAIT_S = 60  # every wait is bounded; none of them is a timing assertion

OPEN_PROFILE = """{
  "schema": 2, "name": "terminal keys, open model",
  "target": {"baseUrl": "http://127.0.0.1:%d"},
  "userTypes": [{"name": "Reader",
                 "tasks": [{"name": "health", "steps": [{"http": {"path": "/health"}}]}]}],
  "load": {"arrivalRate": {"rate": 5}}
}
"""

PROFILE = """{
  "schema": 2, "name": "terminal keys",
  "target": {"baseUrl": "http://127.0.0.1:%d"},
  "userTypes": [{"name": "Reader", "wait": {"constant": "200ms"},
                 "tasks": [{"name": "health", "steps": [{"http": {"path": "/health"}}]}]}]
}
"""


def wait_for_line(stream, pattern, timeout_s=10):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        match = re.search(pattern, line)
        if match:
            return match
    raise AssertionError("no line matching %r" % pattern)


class Terminal:
    """A child process whose stdin, stdout and stderr are one pseudo terminal it controls."""

    def __init__(self, args, stdin=None):
        self.master, slave = os.openpty()
        self.output = ""

        def controlling_terminal():
            # After setsid() (start_new_session): the pty becomes this session's terminal, with
            # the child in its foreground process group, as in a shell.
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            args, stdin=slave if stdin is None else stdin, stdout=slave, stderr=slave,
            start_new_session=True, preexec_fn=controlling_terminal if stdin is None else None)
        os.close(slave)

    def read_until(self, pattern, timeout_s=WAIT_S):
        """Reads output until @pattern matches text after what earlier calls consumed."""
        deadline = time.monotonic() + timeout_s
        start = len(self.output)
        while True:
            match = re.compile(pattern).search(self.output, start)
            if match:
                return match
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError("no %r in the output:\n%s" % (pattern, self.output))

    def _read(self, timeout_s):
        ready, _, _ = select.select([self.master], [], [], timeout_s)
        if not ready:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.output += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return bool(data)

    def press(self, keys):
        os.write(self.master, keys.encode())

    def finish(self):
        while self._read(WAIT_S):
            pass
        return self.process.wait(WAIT_S)

    def local_modes(self):
        return termios.tcgetattr(self.master)[3]

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(WAIT_S)
        os.close(self.master)


class TerminalControlTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.demo = subprocess.Popen([CLI, "serve-demo", "--port", "0"], stdout=subprocess.PIPE,
                                     text=True)
        port = int(wait_for_line(self.demo.stdout, r"http://127\.0\.0\.1:(\d+)").group(1))
        self.profile = os.path.join(self.tmp.name, "keys.cicada.json")
        with open(self.profile, "w") as f:
            f.write(PROFILE % port)
        self.open_profile = os.path.join(self.tmp.name, "open.cicada.json")
        with open(self.open_profile, "w") as f:
            f.write(OPEN_PROFILE % port)
        self.result = os.path.join(self.tmp.name, "result.json")

    def tearDown(self):
        self.demo.terminate()
        self.demo.wait(WAIT_S)
        self.demo.stdout.close()
        self.tmp.cleanup()

    def run_args(self, run_time):
        return [CLI, "run", self.profile, "-u", "2", "-r", "100", "-t", run_time, "--threads", "1",
                "--json", self.result]

    def history_counts(self):
        with open(self.result) as f:
            return [point["userCount"] for point in json.load(f)["history"]]

    def test_keys_change_the_user_count_and_are_echoed(self):
        term = Terminal(self.run_args("6s"))
        try:
            term.read_until(r"Keys: w/W add 1/10 users, s/S remove 1/10")
            # The mode the run set: keys one by one, not echoed.
            self.assertFalse(term.local_modes() & termios.ICANON)
            self.assertFalse(term.local_modes() & termios.ECHO)
            term.press("w")
            term.read_until(r"users 2 → 3\n")
            term.press("W")
            term.read_until(r"users 3 → 13\n")
            term.press("s")
            term.read_until(r"users 13 → 12\n")
            term.press("r")  # a closed model has no rate: said so, nothing changes
            term.read_until(r"this run is a closed model")
            term.press("x")  # not a key
            self.assertEqual(term.finish(), 0, term.output)
            self.assertNotIn("users 12 →", term.output)
            # The terminal is back in its usual mode.
            self.assertTrue(term.local_modes() & termios.ICANON)
            self.assertTrue(term.local_modes() & termios.ECHO)
        finally:
            term.close()
        # One point a second; the last one is taken after the users stopped.
        counts = self.history_counts()
        self.assertEqual(counts[-2], 12, counts)
        self.assertLessEqual(max(counts), 13, counts)

    def test_rate_keys_change_the_open_models_rate(self):
        # -u / -r belong to the closed model (refused for an open-model profile).
        args = [CLI, "run", self.open_profile, "-t", "4s", "--threads", "1", "--json", self.result]
        term = Terminal(args)
        try:
            term.read_until(r"Keys: r/R raise the rate by 1/10 iterations/s, f/F lower it")
            term.press("r")
            term.read_until(r"rate 5/s → 6/s\n")
            term.press("R")
            term.read_until(r"rate 6/s → 16/s\n")
            term.press("f")
            term.read_until(r"rate 16/s → 15/s\n")
            term.press("F")
            term.read_until(r"rate 15/s → 5/s\n")
            term.press("W")  # users belong to the closed model: said so, nothing changes
            term.read_until(r"this run is an open model")
            self.assertEqual(term.finish(), 0, term.output)
        finally:
            term.close()

    def test_ctrl_c_stops_and_restores_the_terminal(self):
        term = Terminal(self.run_args("60s"))
        try:
            term.read_until(r"Keys: ")
            term.press("S")  # 2 - 10 stops at 0
            term.read_until(r"users 2 → 0\n")
            term.press("\x03")  # Ctrl+C through the terminal's ISIG: SIGINT
            term.read_until(r"stopping")
            self.assertEqual(term.finish(), 130, term.output)  # 128 + SIGINT
            self.assertTrue(term.local_modes() & termios.ICANON)
            self.assertTrue(term.local_modes() & termios.ECHO)
            with open(self.result) as f:
                self.assertEqual(json.load(f)["run"]["endReason"], "interrupted")
        finally:
            term.close()

    def test_keys_are_not_read_when_stdin_is_not_a_terminal(self):
        read_end, write_end = os.pipe()
        term = Terminal(self.run_args("3s"), stdin=read_end)
        os.close(read_end)
        try:
            os.write(write_end, b"WWW")
            self.assertEqual(term.finish(), 0, term.output)
            self.assertNotIn("Keys:", term.output)
            self.assertNotIn("users 2 →", term.output)
        finally:
            os.close(write_end)
            term.close()
        self.assertEqual(max(self.history_counts()), 2)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
