#!/usr/bin/env python3
"""A job worker in Python: claims jobs of one type over the TCP bridge, with the same lease and
retry rules as the JVM's workers.

  python3 scripts/python/worker.py --bridge 127.0.0.1:7000 --type py.wordcount [--token JWT]

For py.wordcount it counts the words of payload.text and returns {"words": n}.
"""

import argparse
import os
import socket
import sys
import threading
import time

from eventstack_bus import Bus, BusError

LEASE_MS = 30000


def word_count(payload):
    return {"words": len(payload.get("text", "").split())}


HANDLERS = {"py.wordcount": word_count}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bridge", default="127.0.0.1:7000", help="HOST:PORT of the TCP bridge")
    parser.add_argument("--type", default="py.wordcount", choices=sorted(HANDLERS))
    parser.add_argument("--token", help="JWT, for a server with --auth")
    parser.add_argument("--lease-ms", type=int, default=LEASE_MS)
    parser.add_argument("--poll", type=float, default=5.0, help="seconds between slow polls")
    parser.add_argument("--max-jobs", type=int, default=0, help="stop after N jobs (0: never)")
    parser.add_argument("--work-seconds", type=float, default=0.0,
                        help="pretend each job takes this long (for demos of a killed worker)")
    args = parser.parse_args(argv)
    host, port = args.bridge.rsplit(":", 1)
    owner = "py-%s-%d" % (socket.gethostname(), os.getpid())

    bus = Bus(host, int(port), token=args.token)
    wake = threading.Event()
    bus.register("jobs.queued", lambda body, frame: wake.set())
    print("worker %s ready for %s" % (owner, args.type), flush=True)
    done = 0
    while args.max_jobs == 0 or done < args.max_jobs:
        try:
            reply = bus.request("jobs.claim", {"owner": owner, "lease_ms": args.lease_ms,
                                               "types": [args.type]})
        except BusError as error:
            print("claim failed: %s" % error, flush=True)
            time.sleep(args.poll)
            continue
        job = (reply or {}).get("job")
        if not job:
            wake.wait(args.poll)
            wake.clear()
            continue
        print("claimed %s (attempt %d)" % (job["id"], job["attempts"]), flush=True)
        run(bus, owner, job, args)
        done += 1
    bus.close()
    return 0


def run(bus, owner, job, args):
    claim = {"id": job["id"], "owner": owner, "attempts": job["attempts"]}
    stop = threading.Event()

    def renew():
        while not stop.wait(args.lease_ms / 3000.0):
            try:
                bus.request("jobs.renew", dict(claim, lease_ms=args.lease_ms))
            except BusError as error:
                print("lease of %s not renewed: %s" % (job["id"], error), flush=True)

    threading.Thread(target=renew, daemon=True).start()
    try:
        time.sleep(args.work_seconds)
        result = HANDLERS[job["type"]](job.get("payload") or {})
        report = dict(claim, outcome="succeeded", result=result)
    except Exception as error:  # the job failed: it is retried with backoff by the queue
        report = dict(claim, outcome="failed", error=str(error), retry_delay_ms=1000)
    finally:
        stop.set()
    try:
        finished = bus.request("jobs.finish", report)
        print("finished %s: %s %s" % (job["id"], finished["job"]["status"],
                                      finished["job"].get("result")), flush=True)
    except BusError as error:
        print("outcome of %s not recorded: %s" % (job["id"], error), flush=True)


if __name__ == "__main__":
    sys.exit(main())
