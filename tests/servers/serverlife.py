"""How the Python test servers live: announce the port, then serve until the test closes stdin.

A test starts a server with a pipe on its stdin and reads "LISTENING <port>" from its stdout.
Closing the pipe (or the test process dying) ends the server; --max-seconds bounds it anyway,
so a server can never outlive a crashed test for long.
"""

import os
import sys
import threading


def serve_until_stdin_closes(server, max_seconds):
    """Prints the LISTENING line, then runs server.serve_forever() until stdin closes."""
    print(f"LISTENING {server.server_address[1]}", flush=True)

    def exit_when_stdin_closes():
        while sys.stdin.buffer.read(4096):
            pass
        os._exit(0)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    threading.Timer(max_seconds, lambda: os._exit(0)).start()
    server.serve_forever(poll_interval=0.2)
