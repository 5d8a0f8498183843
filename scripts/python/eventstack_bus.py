"""A client of the eventstack TCP event-bus bridge, with the Python standard library only.

Frames are a 4-byte big-endian length, then that many bytes of UTF-8 JSON:
  {"type": "send"|"publish"|"register"|"unregister"|"ping", "address": ..., "body": ...,
   "headers": {...}, "replyAddress": ...}
The server answers with {"type": "message", ...}, {"type": "err", "message": ...} or
{"type": "pong"}. See the README section "Python and other languages".
"""

import json
import socket
import struct
import threading
import time
import uuid


def encode_frame(frame):
    """One frame: the length of the JSON, big-endian on 4 bytes, then the JSON."""
    data = json.dumps(frame, separators=(",", ":")).encode("utf-8")
    return struct.pack(">I", len(data)) + data


def read_frame(stream):
    """Reads one frame from a file-like object; returns None at the end of the stream."""
    head = _read_exactly(stream, 4)
    if head is None:
        return None
    (length,) = struct.unpack(">I", head)
    body = _read_exactly(stream, length)
    if body is None:
        return None
    return json.loads(body.decode("utf-8"))


def _read_exactly(stream, count):
    chunks = b""
    while len(chunks) < count:
        chunk = stream.read(count - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return chunks


class BusError(Exception):
    """The bridge refused a frame, or a request failed or timed out."""


class Bus:
    """A connection to the bridge. Handlers run on the reader thread; keep them short."""

    def __init__(self, host, port, token=None, max_backoff=10.0, log=print):
        self.host, self.port, self.token = host, port, token
        self.max_backoff = max_backoff
        self.log = log
        self._handlers = {}          # address -> [callables]
        self._pending = {}           # reply address -> (event, [result])
        self._lock = threading.Lock()
        self._sock = None
        self._closed = False
        self._errors = []
        self._connect()
        threading.Thread(target=self._read_loop, name="bus-reader", daemon=True).start()

    # -- what callers use -------------------------------------------------------------------

    def send(self, address, body, headers=None):
        self._write({"type": "send", "address": address, "body": body,
                     "headers": self._headers(headers)})

    def publish(self, address, body, headers=None):
        self._write({"type": "publish", "address": address, "body": body,
                     "headers": self._headers(headers)})

    def request(self, address, body, timeout=5.0, headers=None):
        """Sends and waits for the reply's body; raises BusError on a failure or a timeout."""
        reply_address = "py.reply." + uuid.uuid4().hex
        done = threading.Event()
        result = []
        with self._lock:
            self._pending[reply_address] = (done, result)
        self._write({"type": "send", "address": address, "body": body,
                     "replyAddress": reply_address, "headers": self._headers(headers)})
        if not done.wait(timeout):
            with self._lock:
                self._pending.pop(reply_address, None)
            raise BusError("no reply from %s within %.1f s" % (address, timeout))
        frame = result[0]
        if frame.get("type") == "err":
            raise BusError(frame.get("message", "refused"))
        return frame.get("body")

    def register(self, address, handler):
        with self._lock:
            first = address not in self._handlers
            self._handlers.setdefault(address, []).append(handler)
        if first:
            self._write({"type": "register", "address": address, "headers": self._headers(None)})

    def unregister(self, address):
        with self._lock:
            self._handlers.pop(address, None)
        self._write({"type": "unregister", "address": address, "headers": self._headers(None)})

    def ping(self):
        self._write({"type": "ping"})

    def errors(self):
        """The error frames received that answered no request."""
        return list(self._errors)

    def close(self):
        self._closed = True
        try:
            self._sock.close()
        except OSError:
            pass

    # -- the connection ---------------------------------------------------------------------

    def _headers(self, headers):
        merged = dict(headers or {})
        if self.token:
            merged["token"] = self.token
        return merged

    def _connect(self):
        backoff = 0.5
        while not self._closed:
            try:
                self._sock = socket.create_connection((self.host, self.port), timeout=10)
                self._sock.settimeout(None)
                self._stream = self._sock.makefile("rb")
                return
            except OSError as error:
                self.log("bridge %s:%s unreachable (%s); retrying in %.1f s"
                         % (self.host, self.port, error, backoff))
                time.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)

    def _write(self, frame):
        data = encode_frame(frame)
        with self._lock:
            self._sock.sendall(data)

    def _read_loop(self):
        while not self._closed:
            try:
                frame = read_frame(self._stream)
            except (OSError, ValueError):
                frame = None
            if frame is None:
                if self._closed:
                    return
                self.log("bridge connection lost; reconnecting")
                self._connect()
                with self._lock:
                    addresses = list(self._handlers)
                for address in addresses:
                    self._write({"type": "register", "address": address,
                                 "headers": self._headers(None)})
                continue
            self._dispatch(frame)

    def _dispatch(self, frame):
        address = frame.get("address")
        with self._lock:
            pending = self._pending.pop(address, None) if address else None
            handlers = list(self._handlers.get(address, []))
        if pending is not None:
            done, result = pending
            result.append(frame)
            done.set()
            return
        if frame.get("type") == "err":
            self._errors.append(frame)
            # A refused request without an address still frees its caller.
            with self._lock:
                waiting = list(self._pending.items())
                self._pending.clear()
            for _, (done, result) in waiting:
                result.append(frame)
                done.set()
            return
        for handler in handlers:
            handler(frame.get("body"), frame)
