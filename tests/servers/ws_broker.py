#!/usr/bin/python3
"""A WebSocket broker Cicada did not write, for integration tests (Debian python3-websockets 10.4).

Run with Debian's interpreter: /usr/bin/python3 tests/servers/ws_broker.py [options]

- Listens on 127.0.0.1, on a free port unless --port is given, and prints "LISTENING <port>"
  (flushed) once bound.
- Rejects the handshake with 403 unless the Cookie header carries sessionid=<--session>.
- Replies to each JSON object message with an "id" by {"id": same, "type": "reply", "echo": msg};
  other messages get no reply.
- --drop-after N: closes each connection with code 1011 after its N-th message.
- --silent-ids: never replies to messages whose id is a string starting with "silent".
- Exits when stdin reaches end of file or after --max-seconds.
"""

import argparse
import asyncio
import json
import os
import sys
from http import HTTPStatus
from http.cookies import SimpleCookie

import websockets

HOST = "127.0.0.1"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    parser.add_argument("--session", default="test-session", help="accepted sessionid cookie")
    parser.add_argument("--drop-after", type=int, default=0,
                        help="close each connection with 1011 after N messages (0 = never)")
    parser.add_argument("--silent-ids", action="store_true",
                        help='never reply to messages whose id starts with "silent"')
    parser.add_argument("--max-seconds", type=float, default=120.0,
                        help="exit after this many seconds (default 120)")
    return parser.parse_args()


def has_session(headers, session):
    for value in headers.get_all("Cookie"):
        cookie = SimpleCookie()
        try:
            cookie.load(value)
        except Exception:  # malformed cookie header: treat as absent
            continue
        if "sessionid" in cookie and cookie["sessionid"].value == session:
            return True
    return False


def make_process_request(session):
    async def process_request(path, request_headers):
        if not has_session(request_headers, session):
            return (HTTPStatus.FORBIDDEN, [("Content-Type", "text/plain")],
                    b"missing or unknown sessionid cookie\n")
        return None

    return process_request


def make_handler(args):
    async def handler(websocket, path=None):
        count = 0
        try:
            async for message in websocket:
                count += 1
                reply = None
                if isinstance(message, str):
                    try:
                        data = json.loads(message)
                    except ValueError:
                        data = None
                    if isinstance(data, dict) and "id" in data:
                        msg_id = data["id"]
                        silent = (args.silent_ids and isinstance(msg_id, str)
                                  and msg_id.startswith("silent"))
                        if not silent:
                            reply = json.dumps({"id": msg_id, "type": "reply", "echo": data})
                if reply is not None:
                    await websocket.send(reply)
                if args.drop_after and count >= args.drop_after:
                    await websocket.close(code=1011, reason="drop-after")
                    return
        except websockets.ConnectionClosed:
            pass

    return handler


async def wait_for_stdin_eof(stop):
    loop = asyncio.get_running_loop()
    fd = sys.stdin.fileno()

    def on_readable():
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            loop.remove_reader(fd)
            stop.set()

    try:
        loop.add_reader(fd, on_readable)
    except (OSError, ValueError, PermissionError):
        pass  # stdin cannot be watched (e.g. /dev/null or a regular file): rely on --max-seconds


async def main():
    args = parse_args()
    stop = asyncio.Event()
    async with websockets.serve(make_handler(args), HOST, args.port,
                                process_request=make_process_request(args.session)) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"LISTENING {port}", flush=True)
        await wait_for_stdin_eof(stop)
        try:
            await asyncio.wait_for(stop.wait(), timeout=args.max_seconds)
        except asyncio.TimeoutError:
            pass


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
