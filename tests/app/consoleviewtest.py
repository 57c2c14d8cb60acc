#!/usr/bin/python3
"""End to end: what `cicada-cli run` prints while it runs, against `cicada-cli serve-demo` on
127.0.0.1. In a pseudo terminal (Python's pty, 100x30 cells) the live view is redrawn in place
(cursor up and erase before every frame after the first), in colour unless NO_COLOR is set, and
the full table is printed once, at the end; TERM=dumb and a pipe get plain tables every 2 s and
exactly one final table. No table line is wider than the terminal or COLUMNS.

Usage: consoleviewtest.py CICADA_CLI SOURCE_DIR
"""
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unittest

CLI = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CICADA_CLI", "cicada-cli")
WAIT_S = 60  # every wait is bounded; none of them is a timing assertion
COLUMNS, ROWS = 100, 30

LONG_NAME = "/api/status/500?" + "x" * 150 + "&end=tail"
PROFILE = """{
  "schema": 2, "name": "console view",
  "target": {"baseUrl": "http://127.0.0.1:%d"},
  "userTypes": [{"name": "Reader", "wait": {"constant": "100ms"},
                 "tasks": [{"name": "t", "steps": [
                   {"http": {"path": "/health"}},
                   {"http": {"path": "/api/status/500", "name": "%s"}}]}]}]
}
"""

CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
REDRAW_RE = re.compile(r"\r\x1b\[(\d+)A\x1b\[J")
FRAME_START = re.compile(r"(?:\x1b\[\d+m)?(?:spawning|running|stopping)(?:\x1b\[0m)?  ")


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


def run_in_terminal(args, env):
    """Runs @args with stdin, stdout and stderr on a new 100x30 pseudo terminal; returns
    (exit code, everything it wrote)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))

    def controlling_terminal():
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                               start_new_session=True, preexec_fn=controlling_terminal)
    os.close(slave)
    output = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], WAIT_S)
            if not ready:
                break
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            output += data
        code = process.wait(WAIT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(WAIT_S)
        os.close(master)
    # The terminal's ONLCR turns "\n" into "\r\n".
    return code, output.decode("utf-8", "replace").replace("\r\n", "\n")


def plain_lines(text):
    """The lines a reader sees in a log of @text: escape sequences and carriage returns gone."""
    return CSI.sub("", text).replace("\r", "").split("\n")


class ConsoleViewTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.demo = subprocess.Popen([CLI, "serve-demo", "--port", "0"], stdout=subprocess.PIPE,
                                     text=True)
        port = int(wait_for_line(self.demo.stdout, r"http://127\.0\.0\.1:(\d+)").group(1))
        self.profile = os.path.join(self.tmp.name, "view.cicada.json")
        with open(self.profile, "w") as f:
            f.write(PROFILE % (port, LONG_NAME))

    def tearDown(self):
        self.demo.terminate()
        self.demo.wait(WAIT_S)
        self.demo.stdout.close()
        self.tmp.cleanup()

    def args(self, run_time):
        return [CLI, "run", self.profile, "-u", "2", "-r", "100", "-t", run_time, "--threads", "1"]

    def env(self, **changes):
        env = {k: v for k, v in os.environ.items()
               if k not in ("NO_COLOR", "COLUMNS", "LINES", "TERM")}
        env["TERM"] = "xterm-256color"
        env.update(changes)
        return env

    def assert_one_final_table(self, out):
        self.assertEqual(out.count("Response time percentiles"), 1, out)
        final = out[out.index("\nstopped · "):]
        self.assertEqual(out.count("\nstopped · "), 1, out)
        # The full stats table ("# fails" is its header's) comes once, after the last status.
        self.assertEqual(final.count("# fails"), 1, out)

    def assert_fits(self, out, width):
        for line in plain_lines(out):
            if line.startswith(("Running ", "cicada-cli", "Generator: ")) or " · " in line:
                continue  # the start line, status lines and warnings are sentences, not tables
            self.assertLessEqual(len(line), width, line)

    def test_live_view_redraws_in_place_with_colour(self):
        code, out = run_in_terminal(self.args("4s"), self.env())
        self.assertEqual(code, 0, out)
        frames = [m.start() for m in FRAME_START.finditer(out)]
        self.assertGreaterEqual(len(frames), 2, out)
        # Every frame is drawn over the one before: one cursor-up-and-erase between two frames
        # (a warning on stderr comes between an erase and the same frame drawn again), and one
        # after the last frame, before the summary.
        erases = [m.start() for m in REDRAW_RE.finditer(out)]
        bounds = frames + [out.index("\nstopped · ")]
        self.assertFalse([e for e in erases if e < frames[0]], out)
        for begin, end in zip(bounds, bounds[1:]):
            self.assertEqual(len([e for e in erases if begin < e < end]), 1, repr(out[begin:end]))
        for n in REDRAW_RE.findall(out):
            self.assertLessEqual(int(n), ROWS - 1)
        # No full table while running: the stats table once, at the end.
        self.assert_one_final_table(out)
        self.assertGreater(out.index("# fails"), out.rindex("\x1b[J"), out)
        # Colour: failures red, a clean row green.
        self.assertIn("\x1b[31m", out)
        self.assertIn("\x1b[32m0.00%\x1b[0m", out)
        # The long name is elided in the middle and nothing is wider than the terminal.
        self.assertNotIn(LONG_NAME, out)
        self.assertIn("/api/status/500?x", out)
        self.assertIn("…", out)
        self.assert_fits(out, COLUMNS)

    def test_no_color_keeps_the_live_view_without_colour(self):
        code, out = run_in_terminal(self.args("3s"), self.env(NO_COLOR="1"))
        self.assertEqual(code, 0, out)
        self.assertGreaterEqual(len(REDRAW_RE.findall(out)), 2, out)
        self.assertIsNone(SGR.search(out), repr(out))
        self.assert_one_final_table(out)

    def test_dumb_terminal_gets_plain_tables(self):
        code, out = run_in_terminal(self.args("5s"), self.env(TERM="dumb"))
        self.assertEqual(code, 0, out)
        self.assertNotIn("\x1b", out)
        self.assert_one_final_table(out)
        self.assert_fits(out, COLUMNS)

    def test_pipe_gets_interval_tables_and_one_final_table(self):
        process = subprocess.run(self.args("5s"), env=self.env(COLUMNS="80"),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 timeout=WAIT_S)
        out = process.stdout
        self.assertEqual(process.returncode, 0, out + process.stderr)
        self.assertNotIn("\x1b", out)
        self.assert_one_final_table(out)
        # Interval tables come with a status line each, only while spawning or running (a
        # table while stopping would repeat the final one).
        statuses = re.findall(r"^(\w+) · \d+ users", out, re.MULTILINE)
        self.assertGreaterEqual(len(statuses), 2, out)
        self.assertEqual(statuses[-1], "stopped", out)
        for status in statuses[:-1]:
            self.assertIn(status, ("spawning", "running"), out)
        self.assertEqual(out.count("# fails"), len(statuses), out)
        self.assert_fits(out, 80)
        # A run of an even number of seconds: the 1-s stats tick may come just before the run
        # timer, and its table (the final numbers, "0:00 remaining") was printed right before
        # the final one, in about half of such runs.
        for _ in range(3):
            short = subprocess.run(self.args("2s"), env=self.env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, timeout=WAIT_S)
            self.assertEqual(short.returncode, 0, short.stdout + short.stderr)
            self.assertNotIn("0:00 remaining", short.stdout.split("\nstopped · ")[0],
                             short.stdout)
            self.assert_one_final_table(short.stdout)
        # Sub-millisecond times keep their digits (the demo answers /health in well under 1 ms
        # on loopback, which printed as 0 before).
        self.assertRegex(out, r"\b0\.\d{3}\b")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
