#!/usr/bin/env python3
"""Print the text messages of a WebSocket, one per line. Python standard library only.

    python3 scripts/python/ws_listen.py ws://127.0.0.1:8080/sockets/tasks [--count N] [--timeout S]

It stands in for websocat in demos and scripts: it connects, prints each text frame as it
arrives, and exits after --count messages (0 = never) or --timeout seconds of silence.
"""
import argparse
import base64
import os
import socket
import struct
import sys
import urllib.parse


def connect(url, timeout):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "ws":
        raise SystemExit("ws_listen: only ws:// URLs are supported")
    port = parts.port or 80
    path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    sock = socket.create_connection((parts.hostname, port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    sock.sendall(request.encode())
    response = b""
    while b"\r\n\r\n" not in response:
        chunk = sock.recv(1024)
        if not chunk:
            raise SystemExit("ws_listen: connection closed during the handshake")
        response += chunk
    head, _, rest = response.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode()
    if " 101 " not in status + " ":
        raise SystemExit(f"ws_listen: upgrade refused: {status}")
    return sock, rest


class FrameReader:
    def __init__(self, sock, buffered):
        self.sock = sock
        self.buffer = buffered

    def read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def frame(self):
        first, second = self.read(2)
        opcode = first & 0x0F
        length = second & 0x7F
        if length == 126:
            length = struct.unpack(">H", self.read(2))[0]
        elif length == 127:
            length = struct.unpack(">Q", self.read(8))[0]
        return bool(first & 0x80), opcode, self.read(length)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=0, help="exit after N messages (0 = never)")
    parser.add_argument("--timeout", type=float, default=0, help="exit after S seconds of silence")
    args = parser.parse_args()
    sock, rest = connect(args.url, args.timeout or None)
    reader = FrameReader(sock, rest)
    received, message = 0, b""
    try:
        while True:
            fin, opcode, payload = reader.frame()
            if opcode == 0x8:
                code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
                print(f"# closed by server: {code}", file=sys.stderr)
                return 0
            if opcode in (0x1, 0x0):
                message += payload
                if fin:
                    print(message.decode("utf-8", "replace"), flush=True)
                    message = b""
                    received += 1
                    if args.count and received >= args.count:
                        return 0
    except socket.timeout:
        print(f"# no message for {args.timeout} s", file=sys.stderr)
        return 1 if args.count else 0
    except EOFError:
        print("# connection closed without a close frame", file=sys.stderr)
        return 0
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
