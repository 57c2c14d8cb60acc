#!/usr/bin/python3
"""HTTP/1.1 test server whose latency is switched at run time, recording what it served
(stdlib only; for the open-model and load-shape tests, issue 10).

Binds 127.0.0.1 on a free port (or --port), prints ``LISTENING <port>`` on stdout, and exits when
stdin closes or after --max-seconds (default 120). Keep-alive, one thread per connection.

Endpoints (control endpoints are not recorded):
  GET /set-latency?ms=N   every later request waits N ms before its answer (default 1)
  GET /stall?ms=N         requests answered in the next N ms are held until the N ms are over
                          (a server stall: those in flight and those arriving)
  GET /record             JSON {"requests": [[t, path], ...]}: every other request served, with
                          t = monotonic seconds when its request line arrived
  GET /clear              forgets the record
  GET <anything else>     "ok\\n" after the current latency (and any stall)
"""

import argparse
import http.server
import json
import sys
import threading
import time

lock = threading.Lock()
state = {"latency_ms": 1.0, "stall_until": 0.0, "record": []}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, body, content_type="text/plain"):
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped (the end of a run): nothing to answer

    def query_ms(self):
        _, _, query = self.path.partition("?")
        for item in query.split("&"):
            key, _, value = item.partition("=")
            if key == "ms":
                return float(value)
        return 0.0

    def do_GET(self):
        arrived = time.monotonic()
        path = self.path.partition("?")[0]
        if path == "/set-latency":
            with lock:
                state["latency_ms"] = self.query_ms()
            self.reply("latency %g ms\n" % state["latency_ms"])
            return
        if path == "/stall":
            with lock:
                state["stall_until"] = time.monotonic() + self.query_ms() / 1000.0
            self.reply("stalled\n")
            return
        if path == "/record":
            with lock:
                body = json.dumps({"requests": state["record"]})
            self.reply(body, "application/json")
            return
        if path == "/clear":
            with lock:
                state["record"] = []
            self.reply("cleared\n")
            return
        with lock:
            state["record"].append([arrived, self.path])
            latency = state["latency_ms"] / 1000.0
        time.sleep(latency)
        # A stall holds every answer due before it ends, also one that arrived earlier.
        while True:
            with lock:
                wait = state["stall_until"] - time.monotonic()
            if wait <= 0:
                break
            time.sleep(wait)
        self.reply("ok\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=120)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 512
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("LISTENING %d" % server.server_address[1], flush=True)
    deadline = time.monotonic() + args.max_seconds

    def watch_stdin():
        sys.stdin.read()
        deadline_hit.set()

    deadline_hit = threading.Event()
    threading.Thread(target=watch_stdin, daemon=True).start()
    deadline_hit.wait(max(0.0, deadline - time.monotonic()))
    server.shutdown()


if __name__ == "__main__":
    main()
