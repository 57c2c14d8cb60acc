#!/usr/bin/python3
"""A server that leaks the client's credentials back at it, for Cicada's redaction tests.

Python ``websockets`` (Debian's python3-websockets 10.x); Cicada did not write it. Binds
127.0.0.1 on a free port (or --port), prints ``LISTENING <port>`` on stdout and exits when stdin
closes or after --max-seconds (default 120).

HTTP (any path but /ws): 401 with a body, a reason phrase and an X-Echo header that repeat the
request's Cookie and Authorization headers and the query string. WebSocket /ws: after the
handshake it answers the first message with ``{"id": <its id>, "type": "reply", "echo":
"<Authorization>"}``, pushes ``{"type": "echo <Cookie> | <Authorization> | <X-Env> | <path>"}``
and closes with code 1011 and the reason ``bye <token>`` (the bearer token
without the word "Bearer", the way a server reports it), so secrets reach names, error
messages and close reasons.
"""

import argparse
import asyncio
import http
import json
import sys
import threading

import websockets


def credentials(headers):
    return (headers.get("Cookie", ""), headers.get("Authorization", ""),
            headers.get("X-Env", ""))


async def http_echo(path, headers):
    if path.startswith("/ws"):
        return None  # go on with the WebSocket handshake
    cookie, auth, env = credentials(headers)
    body = "echo cookie={} auth={} env={} path={}\n".format(cookie, auth, env, path).encode()
    return (http.HTTPStatus.UNAUTHORIZED,
            [("Content-Type", "text/plain"), ("X-Echo", "{} {}".format(cookie, auth)[:200])],
            body)


async def ws_echo(ws, path):
    cookie, auth, env = credentials(ws.request_headers)
    token = auth.split(" ", 1)[-1]
    async for message in ws:
        try:
            mid = json.loads(message).get("id")
        except (ValueError, AttributeError):
            mid = None
        await ws.send(json.dumps({"id": mid, "type": "reply", "echo": auth}))
        await ws.send(json.dumps({"type": "echo {} | {} | {} | {}".format(cookie, auth, env, path)}))
        await ws.close(code=1011, reason=("bye " + token)[:120])
        return


async def main(args):
    stop = asyncio.get_running_loop().create_future()

    def watch_stdin():
        sys.stdin.read()
        stop.get_loop().call_soon_threadsafe(lambda: stop.done() or stop.set_result(None))

    threading.Thread(target=watch_stdin, daemon=True).start()
    async with websockets.serve(ws_echo, "127.0.0.1", args.port, process_request=http_echo) as server:
        port = server.sockets[0].getsockname()[1]
        print("LISTENING {}".format(port), flush=True)
        try:
            await asyncio.wait_for(stop, args.max_seconds)
        except asyncio.TimeoutError:
            pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=120)
    asyncio.run(main(parser.parse_args()))
