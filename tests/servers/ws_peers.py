#!/usr/bin/python3
"""A WebSocket server that remembers the address each connection came from (Debian
python3-websockets 10.4), for Cicada's source-address tests.

Listens on 127.0.0.1 (free port unless --port), prints "LISTENING <port>", and exits when stdin
reaches end of file or after --max-seconds (default 120). Connections are held open; the text
message "peers?" is answered with a JSON object {"peers": {"ADDRESS": connections, ...}} counting
every connection accepted so far by its peer address; any other message is echoed.
"""

import argparse
import asyncio
import json
import os
import sys

import websockets

PEERS = {}


async def handler(ws, _path=None):
    host = ws.remote_address[0]
    PEERS[host] = PEERS.get(host, 0) + 1
    try:
        async for message in ws:
            if message == "peers?":
                await ws.send(json.dumps({"peers": PEERS}))
            else:
                await ws.send(message)
    except websockets.ConnectionClosed:
        pass


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    async with websockets.serve(handler, "127.0.0.1", args.port) as server:
        print(f"LISTENING {server.sockets[0].getsockname()[1]}", flush=True)

        def on_stdin():
            if not os.read(sys.stdin.fileno(), 4096):
                loop.remove_reader(sys.stdin.fileno())
                stop.set()

        try:
            loop.add_reader(sys.stdin.fileno(), on_stdin)
        except (OSError, ValueError, PermissionError):
            pass  # stdin cannot be watched: --max-seconds ends the server
        try:
            await asyncio.wait_for(stop.wait(), timeout=args.max_seconds)
        except asyncio.TimeoutError:
            pass


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
