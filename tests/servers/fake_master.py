#!/usr/bin/python3
"""A minimal, misbehaving Locust master for Cicada's worker tests (pyzmq + msgpack only).

Binds a ROUTER on 127.0.0.1 (free port), prints ``LISTENING <port>``, waits for one worker's
``client_ready``, acks it and sends one ``spawn`` asking for --users users of class --user-class,
then --garbage frames that are not msgpack, waits --linger seconds and sends ``quit``. Prints one
line per message the worker sends: ``RECV <type>``, plus ``SPAWNED <user_count>`` and
``EXCEPTION <msg>``. Exits after the worker's final stats (or --max-seconds).
"""

import argparse
import time

import msgpack
import zmq


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=float, default=1)
    parser.add_argument("--user-class", default="User")
    parser.add_argument("--garbage", type=int, default=0)
    parser.add_argument("--linger", type=float, default=2.0)
    parser.add_argument("--max-seconds", type=float, default=60)
    args = parser.parse_args()

    ctx = zmq.Context()
    sock = ctx.socket(zmq.ROUTER)
    port = sock.bind_to_random_port("tcp://127.0.0.1")
    print("LISTENING {}".format(port), flush=True)
    sock.RCVTIMEO = 500
    deadline = time.time() + args.max_seconds
    ident = node = None
    phase = "wait-ready"
    quit_at = None
    users = int(args.users) if args.users.is_integer() else args.users

    def send(kind, data):
        sock.send_multipart([ident, msgpack.packb([kind, data, node], use_bin_type=True)])

    while time.time() < deadline:
        if phase == "running" and time.time() >= quit_at:
            send("quit", None)
            phase = "quitting"
        try:
            frames = sock.recv_multipart()
        except zmq.Again:
            continue
        kind, data, sender = msgpack.unpackb(frames[1], raw=False, strict_map_key=False)
        print("RECV {}".format(kind), flush=True)
        if kind == "client_ready" and phase == "wait-ready":
            ident, node = frames[0], sender
            send("ack", {"index": 0})
            send("spawn", {"timestamp": time.time(), "user_classes_count": {args.user_class: users},
                           "host": None, "stop_timeout": None, "parsed_options": {}})
            phase = "spawning"
        elif kind == "spawning_complete":
            print("SPAWNED {}".format(data.get("user_count")), flush=True)
            for i in range(args.garbage):
                sock.send_multipart([ident, b"\xc1 not msgpack %d" % i])
            quit_at = time.time() + args.linger
            phase = "running"
        elif kind == "exception":
            print("EXCEPTION {}".format(data.get("msg")), flush=True)
        elif kind == "stats" and phase == "quitting":
            break
    sock.close(linger=0)
    ctx.term()


if __name__ == "__main__":
    main()
