#!/usr/bin/python3
"""A hostile server for Cicada's fault-injection tests (stdlib only; Cicada did not write it).

Binds 127.0.0.1 on a free port (or --port), prints ``LISTENING <port>`` on stdout and exits when
stdin closes or after --max-seconds (default 120). Every connection gets the behaviour of --mode:

  refuse          nothing listens on the port printed (connections are refused)
  reset           accepts, then resets the connection (RST, SO_LINGER 0) without a byte
  close-mid       an HTTP response announcing 100000 bytes, 10 sent, then the connection closes
  endless-body    HTTP 200 with a chunked body that never ends (64 KiB chunks, as fast as read)
  slowloris       an HTTP response trickled one byte every --trickle-ms (default 500)
  garbage         random bytes instead of an HTTP response, then close
  ws-accept-close completes a WebSocket handshake, then closes the TCP connection at once
  tls             HTTPS (and WSS) with a self-signed certificate made at start with openssl
  huge-ws-frame   completes a WebSocket handshake, then sends one text frame of --frame-mb MiB
                  (default 200), streamed

Counters are printed to stderr on exit. Only ever binds 127.0.0.1.
"""

import argparse
import asyncio
import base64
import hashlib
import os
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


async def read_head(reader):
    try:
        return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError,
            ConnectionError):
        return b""


def ws_accept(head):
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"sec-websocket-key:"):
            key = line.split(b":", 1)[1].strip()
            return base64.b64encode(hashlib.sha1(key + WS_GUID).digest())
    return b""


def ws_handshake(head):
    return (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + ws_accept(head) + b"\r\n\r\n")


async def serve(args, reader, writer):
    mode = args.mode
    try:
        if mode == "reset":
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return
        head = await read_head(reader)
        if not head:
            return
        if mode == "close-mid":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n0123456789")
            await writer.drain()
        elif mode == "endless-body":
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n"
            while True:
                writer.write(chunk)
                await writer.drain()
        elif mode == "slowloris":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello":
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(args.trickle_ms / 1000.0)
        elif mode == "garbage":
            writer.write(os.urandom(4096))
            await writer.drain()
        elif mode == "ws-accept-close":
            writer.write(ws_handshake(head))
            await writer.drain()
        elif mode == "tls":
            if b"upgrade: websocket" in head.lower():
                writer.write(ws_handshake(head))
                await writer.drain()
                await reader.read()  # keep it open until the client closes
            else:
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
                await writer.drain()
        elif mode == "huge-ws-frame":
            writer.write(ws_handshake(head))
            size = args.frame_mb * 1024 * 1024
            writer.write(bytes([0x81, 127]) + struct.pack(">Q", size))
            block = b"x" * 65536
            sent = 0
            while sent < size:
                writer.write(block)
                await writer.drain()
                sent += len(block)
            await reader.read()
    except (ConnectionError, asyncio.CancelledError, OSError):
        pass
    finally:
        writer.close()


def self_signed(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


async def main(args):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()

    def watch_stdin():
        sys.stdin.read()
        loop.call_soon_threadsafe(lambda: stop.done() or stop.set_result(None))

    threading.Thread(target=watch_stdin, daemon=True).start()
    if args.mode == "refuse":
        probe = socket.socket()
        probe.bind(("127.0.0.1", args.port))
        port = probe.getsockname()[1]
        probe.close()  # nothing listens there now
        print("LISTENING {}".format(port), flush=True)
        await asyncio.wait([stop], timeout=args.max_seconds)
        return
    with tempfile.TemporaryDirectory() as directory:
        context = self_signed(directory) if args.mode == "tls" else None
        server = await asyncio.start_server(lambda r, w: serve(args, r, w), "127.0.0.1",
                                            args.port, ssl=context)
        port = server.sockets[0].getsockname()[1]
        print("LISTENING {}".format(port), flush=True)
        async with server:
            await asyncio.wait([stop], timeout=args.max_seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", required=True,
                        choices=["refuse", "reset", "close-mid", "endless-body", "slowloris",
                                 "garbage", "ws-accept-close", "tls", "huge-ws-frame"])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--trickle-ms", type=float, default=500)
    parser.add_argument("--frame-mb", type=int, default=200)
    asyncio.run(main(parser.parse_args()))
