#!/usr/bin/python3
"""A WebSocket broker Cicada did not write, for integration tests (Debian python3-websockets 10.4).

Run with Debian's interpreter: /usr/bin/python3 tests/servers/ws_broker.py [options]

Lifecycle
- Listens on 127.0.0.1, on a free port unless --port is given, and prints "LISTENING <port>"
  (flushed) once bound.
- Exits when stdin reaches end of file or after --max-seconds (default 120); open connections are
  then closed with code 1001.

Handshake
- Rejects the handshake with 403 unless the Cookie header carries sessionid=<--session>
  (default "test-session").
- --subprotocols a,b: selects the first subprotocol the client offers that is in this list; when
  the client offers none, or none of them matches, the response has no Sec-WebSocket-Protocol.
  Without the option no subprotocol is ever selected.
- --accept-then-close: completes the handshake, then closes at once with code 1000.

Messages (text frames holding a JSON object; X below is the message's "id", any JSON value)
- Binary frames are echoed back unchanged as binary frames (also before a login).
- Text that is not a JSON object, or has no "id", gets no reply (ops below that say otherwise
  excepted).
- {"id": X, ...} with no op below, or an op this broker does not know:
  {"id": X, "type": "reply", "echo": <the message>}.
- {"id": X, "nested": true, ...}: the same reply with the id moved under "meta":
  {"meta": {"requestId": X}, "type": "reply", "echo": <the message>}. "nested" also moves the id
  of the "delay" reply and of every "part" message the same way.
- {"id": X, "op": "delay", "ms": D}: the plain reply, sent D ms later (0 <= D <= 60000). The
  connection keeps serving other messages meanwhile, so replies can overtake each other.
- {"id": X, "op": "parts", "n": N}: N messages {"id": X, "type": "part", "part": i,
  "last": i == N} for i = 1..N, back to back (1 <= N <= 100000).
- {"id": X, "op": "subscribe", "topic": T, "interval_ms": M, "count": K, "gap_every": G}:
  replies {"id": X, "type": "subscribed", "topic": T} (no reply when the message has no id), then
  sends pushes {"type": T, "seq": n, "ts": <ms since the epoch, integer>, "price": <number>}.
  The first push comes M ms after the reply, then one every M ms (default 50; 0 = back to back,
  allowed only with a count). K is the number of pushes sent (default: until the connection
  closes). seq counts from 1. With G (from the message, else --gap-every; 0 = never, 1 is
  refused) every G-th seq is skipped — never sent and taking no time slot — so the client sees
  one lost message per skipped seq (e.g. G = 3: 1, 2, 4, 5, 7, ...). With --ts-iso "ts" is
  ISO 8601 UTC with milliseconds ("2026-11-29T01:16:10.123Z"); with --ts-behind-ms B it is
  stamped B ms in the past (a feed relayed with a known delay). T defaults to "price". A
  connection may hold several subscriptions; they all stop when it closes.
- {"id": X, "op": "login", "user": U}: {"id": X, "type": "reply", "token": "tok-<U>-<n>"} (n counts
  logins since start, from 1; U defaults to "user") and marks the connection logged in.
- --login-required: on a connection that has not logged in, every other message with an id gets
  {"id": X, "type": "error", "error": "not logged in"} and nothing else happens; messages without
  an id are ignored, except forget-sessions and drop-all.
- {"op": "forget-sessions"}: forgets every login and closes every open connection (the sender's
  too) with code 1012, reason "restart". A new connection starts logged out. Messages that
  arrive on a connection it is closing are not answered (a restarting server does not reply).
  An optional "code": C (1000-1003, 1007-1014 or 3000-4999; others are ignored) replaces 1012:
  Qt 6.4's QWebSocket reports a received 1012 as 1002 "Invalid close code".
- {"op": "drop-all"}: aborts every open TCP connection (the sender's too) without a close frame;
  clients see an abnormal closure (1006; Qt 6.4's QWebSocket reports closeCode 1000 with a
  RemoteHostClosedError and no aboutToClose()).
- Malformed arguments to an op with an id get {"id": X, "type": "error", "error": <why>}.

Options that act on connections
- --drop-after N: closes each connection with code 1011 after its N-th message (text or binary).
- --silent-ids: never replies to messages whose id is a string starting with "silent" (login,
  subscribe and --login-required errors still answer).
- --drop-all-after-s S: does what drop-all does every S seconds (first S seconds after start).
- --max-message N: a client message larger than N bytes closes its connection with 1009
  (default 1048576).
- --gap-every G, --ts-iso: defaults for subscriptions, see subscribe.

Recording (for rate tests)
- --record FILE: every text message received is written to FILE as a line "<connection> <time>":
  the connection's number (1, 2, ... in the order they were accepted) and the seconds since the
  broker started (monotonic clock, 6 decimals), in arrival order; written line by line.
"""

import argparse
import asyncio
import datetime
import itertools
import json
import math
import os
import sys
import time
from http import HTTPStatus
from http.cookies import SimpleCookie

import websockets
from websockets.frames import EXTERNAL_CLOSE_CODES

HOST = "127.0.0.1"
DEFAULT_INTERVAL_MS = 50
MAX_DELAY_MS = 60_000
MAX_PARTS = 100_000
DEFAULT_MAX_MESSAGE_BYTES = 2**20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    parser.add_argument("--session", default="test-session", help="accepted sessionid cookie")
    parser.add_argument("--drop-after", type=int, default=0,
                        help="close each connection with 1011 after N messages (0 = never)")
    parser.add_argument("--silent-ids", action="store_true",
                        help='never reply to messages whose id starts with "silent"')
    parser.add_argument("--login-required", action="store_true",
                        help="messages with an id before a login get an error")
    parser.add_argument("--gap-every", type=int, default=0,
                        help="subscriptions skip every G-th seq (0 = never)")
    parser.add_argument("--ts-iso", action="store_true",
                        help="push timestamps as ISO 8601 UTC strings instead of epoch ms")
    parser.add_argument("--ts-behind-ms", type=int, default=0,
                        help="stamp push timestamps this many ms in the past")
    parser.add_argument("--subprotocols", default="",
                        help="comma-separated subprotocols the server supports")
    parser.add_argument("--accept-then-close", action="store_true",
                        help="close every connection with 1000 right after the handshake")
    parser.add_argument("--max-message", type=int, default=DEFAULT_MAX_MESSAGE_BYTES,
                        help="close with 1009 when a client message exceeds N bytes")
    parser.add_argument("--drop-all-after-s", type=float, default=0.0,
                        help="abort every connection every S seconds (0 = never)")
    parser.add_argument("--record", default="",
                        help="write '<connection> <seconds>' per text message received to FILE")
    parser.add_argument("--max-seconds", type=float, default=120.0,
                        help="exit after this many seconds (default 120)")
    args = parser.parse_args()
    if args.gap_every == 1 or args.gap_every < 0:
        parser.error("--gap-every must be 0 (no gaps) or at least 2")
    return args


class BadArgument(Exception):
    pass


class Connection:
    """One open connection: its socket, login state and the tasks that push to it."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.logged_in = False
        self.closing = False  # forget-sessions is closing it: no more replies
        self.tasks = set()

    def spawn(self, coroutine):
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def stop(self):
        for task in list(self.tasks):
            task.cancel()


class Broker:
    def __init__(self, args):
        self.args = args
        self.connections = set()
        self.logins = itertools.count(1)
        self.connection_numbers = itertools.count(1)
        self.started = time.monotonic()
        self.record = open(args.record, "w", buffering=1, encoding="ascii") if args.record else None

    # --- handshake ---------------------------------------------------------------------------

    async def process_request(self, path, request_headers):
        if not has_session(request_headers, self.args.session):
            return (HTTPStatus.FORBIDDEN, [("Content-Type", "text/plain")],
                    b"missing or unknown sessionid cookie\n")
        return None

    @staticmethod
    def select_subprotocol(client_subprotocols, server_subprotocols):
        for offered in client_subprotocols:
            if offered in server_subprotocols:
                return offered
        return None

    # --- connection-wide actions -------------------------------------------------------------

    def drop_all(self):
        for connection in list(self.connections):
            connection.stop()
            transport = connection.websocket.transport
            if transport is not None:
                transport.abort()

    def forget_sessions(self, code):
        loop = asyncio.get_running_loop()
        for connection in list(self.connections):
            connection.logged_in = False
            connection.closing = True
            connection.stop()
            loop.create_task(close_quietly(connection.websocket, code, "restart"))

    async def drop_all_periodically(self, seconds):
        while True:
            await asyncio.sleep(seconds)
            self.drop_all()

    # --- messages ----------------------------------------------------------------------------

    async def handler(self, websocket, path=None):
        if self.args.accept_then_close:
            await close_quietly(websocket, 1000, "accept-then-close")
            return
        connection = Connection(websocket)
        self.connections.add(connection)
        number = next(self.connection_numbers)
        count = 0
        try:
            async for message in websocket:
                count += 1
                if self.record is not None and not isinstance(message, bytes):
                    self.record.write(f"{number} {time.monotonic() - self.started:.6f}\n")
                if connection.closing:
                    continue
                if isinstance(message, bytes):
                    await websocket.send(message)
                else:
                    await self.on_text(connection, message)
                if self.args.drop_after and count >= self.args.drop_after:
                    await websocket.close(code=1011, reason="drop-after")
                    return
        except websockets.ConnectionClosed:
            pass
        finally:
            self.connections.discard(connection)
            connection.stop()

    async def on_text(self, connection, message):
        try:
            data = json.loads(message)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        has_id = "id" in data
        msg_id = data.get("id")
        op = data.get("op")
        websocket = connection.websocket

        if op == "login":
            connection.logged_in = True
            if has_id:
                user = str(data.get("user", "user"))
                token = f"tok-{user}-{next(self.logins)}"
                await send_json(websocket, {"id": msg_id, "type": "reply", "token": token})
            return
        if self.args.login_required and not connection.logged_in:
            if has_id:
                await send_json(websocket,
                                {"id": msg_id, "type": "error", "error": "not logged in"})
                return
            if op not in ("forget-sessions", "drop-all"):
                return
        if op == "forget-sessions":
            code = data.get("code")
            valid = (isinstance(code, int) and not isinstance(code, bool)
                     and (code in EXTERNAL_CLOSE_CODES or 3000 <= code <= 4999))
            self.forget_sessions(code if valid else 1012)
            return
        if op == "drop-all":
            self.drop_all()
            return
        try:
            if op == "subscribe":
                await self.subscribe(connection, data, has_id)
                return
            if not has_id:
                return
            if (self.args.silent_ids and isinstance(msg_id, str)
                    and msg_id.startswith("silent")):
                return
            nested = data.get("nested") is True
            if op == "parts":
                n = int_argument(data, "n", None, 1, MAX_PARTS)
                for i in range(1, n + 1):
                    await send_json(websocket, with_id(msg_id, nested, {
                        "type": "part", "part": i, "last": i == n}))
                return
            reply = with_id(msg_id, nested, {"type": "reply", "echo": data})
            if op == "delay":
                delay_ms = int_argument(data, "ms", None, 0, MAX_DELAY_MS)
                connection.spawn(send_later(websocket, reply, delay_ms))
                return
            await send_json(websocket, reply)
        except BadArgument as exc:
            if has_id:
                await send_json(websocket, {"id": msg_id, "type": "error", "error": str(exc)})

    async def subscribe(self, connection, data, has_id):
        topic = data.get("topic", "price")
        if not isinstance(topic, str) or not topic:
            raise BadArgument('"topic" must be a non-empty string')
        count = int_argument(data, "count", 0, 1, sys.maxsize)
        interval_ms = int_argument(data, "interval_ms", DEFAULT_INTERVAL_MS, 0, MAX_DELAY_MS)
        gap_every = int_argument(data, "gap_every", self.args.gap_every, 0, sys.maxsize)
        if gap_every == 1:
            raise BadArgument('"gap_every" must be 0 (no gaps) or at least 2')
        if interval_ms == 0 and not count:
            raise BadArgument('"interval_ms": 0 needs a "count"')
        if has_id:
            await send_json(connection.websocket,
                            {"id": data["id"], "type": "subscribed", "topic": topic})
        connection.spawn(self.push(connection.websocket, topic, interval_ms, count, gap_every))

    async def push(self, websocket, topic, interval_ms, count, gap_every):
        loop = asyncio.get_running_loop()
        start = loop.time()
        seq = 0
        sent = 0
        try:
            while not count or sent < count:
                seq += 1
                if gap_every and seq % gap_every == 0:
                    continue
                sent += 1
                # Scheduled from the start, not from the previous send, so pushes do not drift.
                wait = start + sent * interval_ms / 1000.0 - loop.time()
                await asyncio.sleep(max(wait, 0.0))
                await send_json(websocket, {"type": topic, "seq": seq,
                                            "ts": self.timestamp(), "price": price(seq)})
        except websockets.ConnectionClosed:
            pass

    def timestamp(self):
        now = time.time() - self.args.ts_behind_ms / 1000.0
        if not self.args.ts_iso:
            return int(now * 1000)
        moment = datetime.datetime.fromtimestamp(now, tz=datetime.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def price(seq):
    return round(100.0 + 5.0 * math.sin(seq / 5.0), 2)


def with_id(msg_id, nested, fields):
    if nested:
        return {"meta": {"requestId": msg_id}, **fields}
    return {"id": msg_id, **fields}


def int_argument(data, key, default, low, high):
    if key not in data:
        if default is None:
            raise BadArgument(f'"{key}" is missing')
        return default
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadArgument(f'"{key}" must be an integer from {low} to {high}')
    return value


async def send_json(websocket, value):
    await websocket.send(json.dumps(value))


async def send_later(websocket, value, delay_ms):
    await asyncio.sleep(delay_ms / 1000.0)
    try:
        await send_json(websocket, value)
    except websockets.ConnectionClosed:
        pass


async def close_quietly(websocket, code, reason):
    try:
        await websocket.close(code=code, reason=reason)
    except websockets.ConnectionClosed:
        pass


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
    broker = Broker(args)
    stop = asyncio.Event()
    subprotocols = [p.strip() for p in args.subprotocols.split(",") if p.strip()]
    async with websockets.serve(broker.handler, HOST, args.port,
                                process_request=broker.process_request,
                                subprotocols=subprotocols or None,
                                select_subprotocol=broker.select_subprotocol,
                                max_size=args.max_message) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"LISTENING {port}", flush=True)
        if args.drop_all_after_s > 0:
            asyncio.get_running_loop().create_task(
                broker.drop_all_periodically(args.drop_all_after_s))
        await wait_for_stdin_eof(stop)
        try:
            await asyncio.wait_for(stop.wait(), timeout=args.max_seconds)
        except asyncio.TimeoutError:
            pass
    if broker.record is not None:
        broker.record.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
