#!/usr/bin/python3
"""HTTP/1.1 server that records every request it gets, for Cicada's data-feeder tests (stdlib only).

Binds 127.0.0.1 on a free port (or --port), prints ``LISTENING <port>`` on stdout, and exits when
stdin closes or after --max-seconds (default 120). Keep-alive, one thread per connection.

Every request except the two below is answered 200 "ok\\n" and recorded as
{"method", "path", "query": {name: value}, "headers": {lower-case name: value}, "body"}.

Endpoints:
  GET  /__records   JSON array of the recorded requests, in arrival order
  GET  /__reset     forgets them
"""

import argparse
import http.server
import json
import sys
import threading
import urllib.parse

from serverlife import serve_until_stdin_closes


class State:
    lock = threading.Lock()
    records = []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CicadaRecordingServer/1.0"
    disable_nagle_algorithm = True
    timeout = 60

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def _send(self, status, body, content_type="text/plain"):
        body = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        if url.path == "/__records":
            with State.lock:
                text = json.dumps(State.records)
            self._send(200, text, "application/json")
            return
        if url.path == "/__reset":
            with State.lock:
                State.records = []
            self._send(200, "reset\n")
            return
        record = {
            "method": self.command,
            "path": urllib.parse.unquote(url.path),
            "query": dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True)),
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": body.decode("utf-8", errors="replace"),
        }
        with State.lock:
            State.records.append(record)
        self._send(200, "ok\n")

    do_GET = _handle
    do_POST = _handle
    do_PUT = _handle


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if not isinstance(exc, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args()

    server = Server(("127.0.0.1", args.port), Handler)
    serve_until_stdin_closes(server, args.max_seconds)


if __name__ == "__main__":
    main()
