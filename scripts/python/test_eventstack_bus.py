"""Unit tests of the bridge client: python3 -m unittest discover -s scripts/python"""

import io
import json
import socket
import struct
import threading
import unittest

from eventstack_bus import Bus, BusError, encode_frame, read_frame


class FramingTest(unittest.TestCase):

    def test_a_frame_is_a_big_endian_length_then_json(self):
        frame = encode_frame({"type": "ping"})
        (length,) = struct.unpack(">I", frame[:4])
        self.assertEqual(length, len(frame) - 4)
        self.assertEqual(json.loads(frame[4:]), {"type": "ping"})

    def test_frames_read_back_in_order_and_none_at_the_end(self):
        stream = io.BytesIO(encode_frame({"a": 1}) + encode_frame({"b": "é"}))
        self.assertEqual(read_frame(stream), {"a": 1})
        self.assertEqual(read_frame(stream), {"b": "é"})
        self.assertIsNone(read_frame(stream))

    def test_a_truncated_frame_reads_as_the_end(self):
        self.assertIsNone(read_frame(io.BytesIO(encode_frame({"a": 1})[:-2])))


class FakeBridge:
    """Answers each send with a replyAddress by echoing its body, and refuses 'forbidden'."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.port = self.server.getsockname()[1]
        self.frames = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        connection, _ = self.server.accept()
        stream = connection.makefile("rb")
        while True:
            frame = read_frame(stream)
            if frame is None:
                return
            self.frames.append(frame)
            if frame.get("address") == "forbidden":
                connection.sendall(encode_frame({"type": "err", "message": "access_denied"}))
            elif frame.get("replyAddress"):
                connection.sendall(encode_frame({"type": "message",
                                                 "address": frame["replyAddress"],
                                                 "body": {"echo": frame["body"]}}))
            elif frame.get("type") == "register":
                connection.sendall(encode_frame({"type": "message", "address": frame["address"],
                                                 "body": "hello"}))


class BusTest(unittest.TestCase):

    def test_request_gets_the_reply_and_sends_the_token(self):
        bridge = FakeBridge()
        bus = Bus("127.0.0.1", bridge.port, token="t0k", log=lambda *_: None)
        self.assertEqual(bus.request("beers.add", {"x": 1}), {"echo": {"x": 1}})
        self.assertEqual(bridge.frames[0]["headers"], {"token": "t0k"})
        bus.close()

    def test_a_refused_request_raises(self):
        bridge = FakeBridge()
        bus = Bus("127.0.0.1", bridge.port, log=lambda *_: None)
        with self.assertRaises(BusError):
            bus.request("forbidden", {}, timeout=2)
        bus.close()

    def test_registered_handlers_get_messages(self):
        bridge = FakeBridge()
        bus = Bus("127.0.0.1", bridge.port, log=lambda *_: None)
        got = threading.Event()
        bus.register("beer.added", lambda body, frame: got.set() if body == "hello" else None)
        self.assertTrue(got.wait(2))
        bus.close()


if __name__ == "__main__":
    unittest.main()
