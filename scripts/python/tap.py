#!/usr/bin/env python3
"""A beer tap on the event bus: adds beers through the TCP bridge, not HTTP.

  python3 scripts/python/tap.py --bridge 127.0.0.1:7000 --tap 1 --count 5 [--token JWT]

It prints each add's reply and every broadcast and statistics it hears, then a summary line:
  tap=1 added=5 errors=0 heard=7
"""

import argparse
import random
import sys
import time

from eventstack_bus import Bus, BusError


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bridge", default="127.0.0.1:7000", help="HOST:PORT of the TCP bridge")
    parser.add_argument("--tap", type=int, default=0, help="this tap's id")
    parser.add_argument("--count", type=int, default=5, help="beers to add")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between beers")
    parser.add_argument("--token", help="JWT, for a server with --auth")
    args = parser.parse_args(argv)
    host, port = args.bridge.rsplit(":", 1)

    heard = []
    bus = Bus(host, int(port), token=args.token)
    for address in ("beer.added", "beer.stats"):
        bus.register(address, lambda body, frame: (heard.append(frame),
                                                   print("heard %s: %s" % (frame["address"], body),
                                                         flush=True)))
    time.sleep(0.3)  # let the registrations reach the server first
    added = errors = 0
    for _ in range(args.count):
        volume = random.randint(100, 1000)
        try:
            reply = bus.request("beers.add", {"tapId": args.tap, "volume": volume})
            added += 1
            print("added: %s" % reply["beer"], flush=True)
        except BusError as error:
            errors += 1
            print("refused: %s" % error, flush=True)
        time.sleep(args.interval)
    time.sleep(1.0)  # the last broadcasts
    bus.close()
    print("tap=%d added=%d errors=%d heard=%d" % (args.tap, added, errors, len(heard)),
          flush=True)
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
