#!/usr/bin/python3
"""A byte-level WebSocket server for client edge cases (python3 stdlib only; Cicada's WsClient
tests). It writes frames by hand, so it can send what a correct server never would.

Run: /usr/bin/python3 tests/servers/ws_raw.py [--max-seconds S] [--cert PEM --key PEM]
- Listens on 127.0.0.1 on a free port and prints "LISTENING <port>" (flushed).
- With --cert and --key it speaks TLS (wss://) with that certificate.
- Exits when stdin reaches end of file or after --max-seconds (default 120).

Handshake: any GET with Sec-WebSocket-Key gets 101 with the correct Sec-WebSocket-Accept, except
the paths /reject (HTTP 403 Forbidden) and /bad-accept (a wrong accept value). When the client
offers subprotocols, the first one is selected, except on /wrong-protocol, which selects one
that was not offered ("nope").

After the upgrade the path picks the behaviour (server frames are unmasked unless stated):
- /echo: echoes each complete message (text or binary, reassembled) as one frame; answers pings
  with pongs; answers a close frame with the same code and closes the TCP connection.
- /headers: sends one text message: a JSON object of the request headers (lower-case names),
  then behaves like /echo.
- /peer: sends one text message: the client's address as the server sees it (e.g. 127.0.0.2),
  then behaves like /echo.
- /fragmented: sends text "Hello, wörld!" as three frames (text "Hello, w" + 0xC3 — the first
  byte of "ö" —, then a ping "p1" between fragments, continuation 0xB6 + "rld", final
  continuation "!"), then binary 00 01 02 03 as two frames, then behaves like /echo.
- /masked: sends a masked text frame "masked".
- /oversized?n=N: sends one text message of N bytes of "a" (default 2048).
- /bad-utf8: sends a text frame with the bytes ff fe.
- /abrupt: sends the first half of a text frame, then closes the TCP connection.
- /drop: closes the TCP connection without a close frame.
- /close?code=C&reason=R: sends a close frame with code C and reason R (default 1012,
  "restart"), waits for the client's close frame, then closes TCP.
- /close-empty: sends an empty close frame.
- /rsv: sends a text frame with RSV1 set.
- /big-ping: sends a ping with a 126-byte payload.
- /continuation: sends a continuation frame with no message started.
- /burst?n=N: sends N text messages "m<i>" in one TCP write (default 1000), then /echo.
"""

import argparse
import base64
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def frame(opcode, payload=b"", fin=True, rsv=0, mask=None):
    head = bytes([(0x80 if fin else 0) | rsv | opcode])
    n = len(payload)
    mbit = 0x80 if mask else 0
    if n < 126:
        head += bytes([mbit | n])
    elif n < 65536:
        head += bytes([mbit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([mbit | 127]) + struct.pack("!Q", n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        head += mask
    return head + payload


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def read_frame(conn):
    b0, b1 = read_exact(conn, 2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", read_exact(conn, 2))[0]
    elif n == 127:
        n = struct.unpack("!Q", read_exact(conn, 8))[0]
    mask = read_exact(conn, 4) if b1 & 0x80 else None
    payload = read_exact(conn, n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return b0 & 0x80, b0 & 0x0F, payload


def echo(conn):
    message, kind = b"", None
    while True:
        fin, op, payload = read_frame(conn)
        if op == 0x8:
            conn.sendall(frame(0x8, payload[:2]))
            return
        if op == 0x9:
            conn.sendall(frame(0xA, payload))
            continue
        if op == 0xA:
            continue
        if op in (0x1, 0x2):
            message, kind = payload, op
        else:
            message += payload
        if fin:
            conn.sendall(frame(kind, message))


def serve(conn, tls):
    try:
        if tls:
            conn = tls.wrap_socket(conn, server_side=True)
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        head = request.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        target = head[0].split(" ")[1]
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        url = urllib.parse.urlsplit(target)
        path, query = url.path, dict(urllib.parse.parse_qsl(url.query))
        if path == "/reject":
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        accept = base64.b64encode(hashlib.sha1(headers["sec-websocket-key"].encode() + GUID).digest())
        if path == "/bad-accept":
            accept = base64.b64encode(b"x" * 20)
        response = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        response += b"Sec-WebSocket-Accept: " + accept + b"\r\n"
        offered = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",") if p.strip()]
        if offered:
            chosen = "nope" if path == "/wrong-protocol" else offered[0]
            response += b"Sec-WebSocket-Protocol: " + chosen.encode() + b"\r\n"
        conn.sendall(response + b"\r\n")

        if path == "/headers":
            conn.sendall(frame(0x1, json.dumps(headers).encode()))
        elif path == "/peer":
            conn.sendall(frame(0x1, conn.getpeername()[0].encode()))
        elif path == "/fragmented":
            conn.sendall(frame(0x1, b"Hello, w\xc3", fin=False) + frame(0x9, b"p1")
                         + frame(0x0, b"\xb6rld", fin=False) + frame(0x0, b"!"))
            conn.sendall(frame(0x2, b"\x00\x01", fin=False) + frame(0x0, b"\x02\x03"))
        elif path == "/masked":
            conn.sendall(frame(0x1, b"masked", mask=b"\x01\x02\x03\x04"))
        elif path == "/oversized":
            conn.sendall(frame(0x1, b"a" * int(query.get("n", "2048"))))
        elif path == "/bad-utf8":
            conn.sendall(frame(0x1, b"\xff\xfe"))
        elif path == "/abrupt":
            whole = frame(0x1, b"x" * 100)
            conn.sendall(whole[:50])
            time.sleep(0.05)
            return
        elif path == "/drop":
            time.sleep(0.05)
            return
        elif path == "/close":
            code = int(query.get("code", "1012"))
            conn.sendall(frame(0x8, struct.pack("!H", code) + query.get("reason", "restart").encode()))
            try:
                read_frame(conn)
            except ConnectionError:
                pass
            return
        elif path == "/close-empty":
            conn.sendall(frame(0x8))
        elif path == "/rsv":
            conn.sendall(frame(0x1, b"rsv", rsv=0x40))
        elif path == "/big-ping":
            conn.sendall(frame(0x9, b"p" * 126))
        elif path == "/continuation":
            conn.sendall(frame(0x0, b"stray"))
        elif path == "/burst":
            conn.sendall(b"".join(frame(0x1, b"m%d" % i) for i in range(int(query.get("n", "1000")))))
        echo(conn)
    except (ConnectionError, OSError, IndexError, KeyError, ValueError):  # ssl.SSLError is an OSError
        pass
    finally:
        try:
            conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    tls = None
    if args.cert:
        import ssl
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    print("LISTENING %d" % server.getsockname()[1], flush=True)

    def accept_loop():
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn, tls), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    time.sleep(args.max_seconds)
    os._exit(0)


if __name__ == "__main__":
    main()
