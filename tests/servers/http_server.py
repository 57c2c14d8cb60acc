#!/usr/bin/python3
"""Small HTTP/1.1 test server for Cicada's HTTP transport tests (stdlib only).

Binds 127.0.0.1 on a free port (or --port), prints ``LISTENING <port>`` on stdout, and exits when
stdin closes or after --max-seconds (default 120). Keep-alive, one thread per connection.
With --tls-cert and --tls-key it serves HTTPS instead.

Endpoints:
  GET  /                  "hello\\n"
  GET  /json              a small JSON object
  POST /echo              the request body, with the request's Content-Type
  GET  /set-cookie?a=1    Set-Cookie a=1; Path=/ (one header per query item)
  GET  /cookies           JSON object of the cookies received
  GET  /redirect?n=K      302 to /redirect?n=K-1, and from n=0 (or no n) to /json
  GET  /status/<code>     that status with a short body
  GET  /chunked           a chunked body in several chunks
  GET  /slow?ms=N         waits N ms, then "slow\\n"
  GET  /inflight          JSON {"current": N, "max": M} of concurrent /slow requests
  GET  /reset-inflight    resets the /inflight maximum
  GET  /conns             JSON {"accepted": N} TCP connections accepted so far
  GET  /close             "bye\\n" with Connection: close
  GET  /drop              "dropped\\n", then closes the connection without announcing it
                          (like a server's keep-alive idle timeout)
  GET  /until-close       "read until close\\n" without Content-Length, then closes
  GET  /malformed         bytes that are not an HTTP response
  GET  /big?bytes=N       N bytes of "x" with Content-Length (N up to 1 GiB)
  GET  /endless?chunk=N   a chunked body of N-byte chunks (default 65536) that never ends;
                          with close=1 no framing at all (read until close) — until the client
                          hangs up or MAX_ENDLESS_BYTES were sent
"""

import argparse
import http.cookies
import http.server
import json
import ssl
import sys
import threading
import time
import urllib.parse

from serverlife import serve_until_stdin_closes

MAX_SLOW_MS = 60_000
MAX_BIG_BYTES = 1 << 30
MAX_ENDLESS_BYTES = 64 << 30  # bounds the "endless" loop even if a client never hangs up


class State:
    lock = threading.Lock()
    inflight = 0
    inflight_max = 0
    accepted = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CicadaTestServer/1.0"
    disable_nagle_algorithm = True
    timeout = 60  # idle keep-alive connections give their thread back eventually

    def setup(self):
        super().setup()
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        with State.lock:
            State.accepted += 1

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def _send(self, status, body=b"", content_type="text/plain", headers=(), close=False):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _json(self, obj, status=200):
        self._send(status, json.dumps(obj, sort_keys=True) + "\n", "application/json")

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = url.path
        if path == "/":
            self._send(200, "hello\n")
        elif path == "/json":
            self._json({"name": "cicada", "ok": True, "values": [1, 2, 3]})
        elif path == "/set-cookie":
            headers = [("Set-Cookie", f"{name}={values[0]}; Path=/")
                       for name, values in query.items()]
            self._send(200, "cookies set\n", headers=headers)
        elif path == "/cookies":
            jar = http.cookies.SimpleCookie()
            jar.load(self.headers.get("Cookie") or "")
            self._json({name: morsel.value for name, morsel in jar.items()})
        elif path == "/redirect":
            n = int(query.get("n", ["0"])[0])
            target = f"/redirect?n={n - 1}" if n > 0 else "/json"
            self._send(302, "redirect\n", headers=[("Location", target)])
        elif path.startswith("/status/"):
            code = int(path[len("/status/"):])
            if code in (204, 304) or code < 200:
                self.send_response(code)
                self.end_headers()
            else:
                self._send(code, f"status {code}\n")
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"chunk one\n", b"chunk two\n", b"", b"chunk three\n"):
                if part:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/slow":
            ms = min(int(query.get("ms", ["100"])[0]), MAX_SLOW_MS)
            with State.lock:
                State.inflight += 1
                State.inflight_max = max(State.inflight_max, State.inflight)
            try:
                time.sleep(ms / 1000.0)
            finally:
                with State.lock:
                    State.inflight -= 1
            self._send(200, "slow\n")
        elif path == "/inflight":
            with State.lock:
                self._json({"current": State.inflight, "max": State.inflight_max})
        elif path == "/reset-inflight":
            with State.lock:
                State.inflight_max = State.inflight
            self._json({"ok": True})
        elif path == "/conns":
            with State.lock:
                self._json({"accepted": State.accepted})
        elif path == "/close":
            self._send(200, "bye\n", close=True)
        elif path == "/until-close":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"read until ")
            self.wfile.flush()
            self.wfile.write(b"close\n")
            self.close_connection = True
        elif path == "/malformed":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n")
            self.close_connection = True
        elif path == "/big":
            n = min(int(query.get("bytes", ["0"])[0]), MAX_BIG_BYTES)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(n))
            self.end_headers()
            piece = b"x" * 65536
            while n > 0:
                self.wfile.write(piece[:n])
                n -= min(n, len(piece))
        elif path == "/endless":
            chunk = b"x" * max(1, min(int(query.get("chunk", ["65536"])[0]), 1 << 20))
            raw = query.get("close", ["0"])[0] == "1"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            if raw:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            framed = chunk if raw else b"%x\r\n%s\r\n" % (len(chunk), chunk)
            sent = 0
            while sent < MAX_ENDLESS_BYTES:  # ends when the client hangs up (BrokenPipeError)
                self.wfile.write(framed)
                sent += len(chunk)
            self.close_connection = True
        elif path == "/drop":
            self._send(200, "dropped\n")
            self.close_connection = True
        else:
            self._send(404, "not found\n")

    def do_POST(self):
        body = self._read_body()
        if urllib.parse.urlsplit(self.path).path == "/echo":
            content_type = self.headers.get("Content-Type") or "application/octet-stream"
            self._send(200, body, content_type)
        else:
            self._send(404, "not found\n")

    do_PUT = do_POST


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # many simultaneous connects in the concurrency tests

    def handle_error(self, request, client_address):
        # Clients that time out and hang up are expected; keep stderr quiet.
        exc = sys.exc_info()[1]
        if not isinstance(exc, (BrokenPipeError, ConnectionResetError, TimeoutError, ssl.SSLError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--tls-cert", help="PEM certificate: serve HTTPS")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    args = parser.parse_args()

    server = Server(("127.0.0.1", args.port), Handler)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # Handshake in the connection's thread, not in the accept loop.
        server.socket = context.wrap_socket(server.socket, server_side=True,
                                            do_handshake_on_connect=False)
    serve_until_stdin_closes(server, args.max_seconds)


if __name__ == "__main__":
    main()
