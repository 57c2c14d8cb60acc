#!/usr/bin/python3
"""End to end: a real Locust master (Debian's python3-locust) whose locustfile has a
LoadTestShape drives `cicada-cli worker`, which follows the shape's user counts through the
master's spawn messages (issue 10). The target is tests/servers/latency_server.py, which records
every request with the user's index: the number of different users in the middle of each stage
must be the stage's user count.

Usage: loadshapetest.py CICADA_CLI SOURCE_DIR
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

CLI = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.environ.get("CICADA_CLI",
                                                                            "cicada-cli")
SOURCE_DIR = sys.argv[2] if len(sys.argv) > 2 else os.getcwd()

# (end of the stage in seconds of the shape's run time, users); then the shape ends the test.
STAGES = [(5, 2), (10, 6), (15, 3)]

SHAPE = """

from locust import LoadTestShape


class StepShape(LoadTestShape):
    stages = %r

    def tick(self):
        run_time = self.get_run_time()
        for end, users in self.stages:
            if run_time < end:
                return (users, 100)
        return None
""" % (STAGES,)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


class LoadShapeTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.processes = []
        self.server = self.spawn(
            ["/usr/bin/python3", os.path.join(SOURCE_DIR, "tests/servers/latency_server.py"),
             "--max-seconds", "90"], stdin=subprocess.PIPE)
        line = self.server.stdout.readline()
        self.assertTrue(line.startswith("LISTENING "), line)
        self.port = int(line.split()[1])

    def tearDown(self):
        for p in self.processes:
            if p.poll() is None:
                p.kill()
            p.wait(timeout=10)
            for stream in (p.stdin, p.stdout):
                if stream:
                    stream.close()
        self.dir.cleanup()

    def spawn(self, args, log=None, **kwargs):
        # Long-running children write to files: an unread pipe could fill up and block them.
        out = open(self.path(log), "w") if log else subprocess.PIPE
        p = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT if log else None,
                             text=True, cwd=self.dir.name, **kwargs)
        if log:
            out.close()
        self.processes.append(p)
        return p

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_worker_follows_the_masters_load_test_shape(self):
        profile = {
            "schema": 2,
            "name": "shape",
            "target": {"baseUrl": "http://127.0.0.1:%d" % self.port},
            "userTypes": [{
                "name": "Shaper", "wait": {"constant": "100ms"},
                "tasks": [{"name": "work", "steps": [
                    {"http": {"path": "/work?u={{user.index}}", "name": "/work"}}]}]}],
            "load": {"users": 1},
        }
        with open(self.path("shape.cicada.json"), "w") as f:
            json.dump(profile, f)
        subprocess.run([CLI, "locustfile", self.path("shape.cicada.json"), "-o",
                        self.path("master.py")], check=True, timeout=30)
        with open(self.path("master.py"), "a") as f:
            f.write(SHAPE)

        bind_port = free_port()
        master = self.spawn(
            ["/usr/bin/python3", "-m", "locust", "-f", self.path("master.py"), "--master",
             "--master-bind-host", "127.0.0.1", "--master-bind-port", str(bind_port),
             "--headless", "--expect-workers", "1", "--expect-workers-max-wait", "30",
             "--csv", self.path("run")], log="master.log")
        worker = self.spawn([CLI, "worker", self.path("shape.cicada.json"), "--master-port",
                             str(bind_port), "--threads", "2"], log="worker.log")
        # The shape quits the headless master after its last stage (15 s).
        try:
            master.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.fail("the master did not end with its shape")
        with open(self.path("master.log")) as f:
            log = f.read()
        for _, users in STAGES:
            self.assertIn("Shape test updating to %d users" % users, log)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with open(self.path("worker.log")) as f:
                self.fail("the worker did not quit with the master:\n" + f.read())

        requests = json.loads(get("http://127.0.0.1:%d/record" % self.port))["requests"]
        self.assertTrue(requests, "the worker sent nothing")
        t0 = min(t for t, _ in requests)
        start = 0
        for end, users in STAGES:
            # The middle of each stage: the shape ticks once a second, so a change may come up to
            # a second after its stage begins; every user sends about every 100 ms.
            seen = {path for t, path in requests if start + 2 <= t - t0 < end - 1}
            print("stage until %d s: %d users expected, %d seen" % (end, users, len(seen)))
            self.assertEqual(len(seen), users, sorted(seen))
            start = end



if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
