"""Measures, on the ZEO and ZODB of the Python that runs it, the facts the rolling strategy rests on.

    zeo_facts.py WORKDIR PORT RUNZEO

Starts a real runzeo (RUNZEO, the venv's script) on 127.0.0.1:PORT serving a FileStorage '1', then:
  read_only_client   a client opened read-only against the writable storage reads, sees another
                     client's commit (its invalidation), and its own commit raises ReadOnlyError
  restart            while a client loads an uncached object every 0.1 s, the server is stopped
                     with SIGTERM, started again 1 s after it exited: how each call ended (ok,
                     waited, failed at once), the longest call, the time from the new server
                     listening to the first call that succeeds again, and whether the client's
                     commits work afterwards
Prints one JSON object. Runs on Python 2.7 and 3.6+ (ZEO 4, 5 and 6).
"""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time


def listening(port):
    s = socket.socket()
    s.settimeout(0.2)
    try:
        s.connect(("127.0.0.1", port))
        return True
    except (OSError, socket.error):
        return False
    finally:
        s.close()


def start_server(runzeo, workdir, port):
    proc = subprocess.Popen([runzeo, "-a", "127.0.0.1:%d" % port, "-f", os.path.join(workdir, "Data.fs")],
                            stdout=open(os.path.join(workdir, "runzeo.log"), "ab"), stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while not listening(port):
        if time.time() > deadline or proc.poll() is not None:
            raise RuntimeError("runzeo did not listen on %d" % port)
        time.sleep(0.05)
    return proc


def stop_server(proc):
    proc.send_signal(signal.SIGTERM)
    proc.wait()


def client(port, read_only=False):
    from ZEO.ClientStorage import ClientStorage
    return ClientStorage(("127.0.0.1", port), read_only=read_only, wait_timeout=30)


def read_only_client(port):
    import transaction
    import ZODB
    from ZODB.POSException import ReadOnlyError
    writer = ZODB.DB(client(port))
    reader = ZODB.DB(client(port, read_only=True))
    out = {}
    try:
        wc = writer.open()
        wc.root()["x"] = 1
        transaction.commit()
        wc.close()
        out["reads"] = False
        deadline = time.time() + 5
        while time.time() < deadline and not out["reads"]:
            rc = reader.open()  # the writer's commit reaches the reader as an invalidation, not at once
            out["reads"] = rc.root().get("x") == 1
            rc.close()
            time.sleep(0.05)
        wc = writer.open()
        wc.root()["x"] = 2
        transaction.commit()
        wc.close()
        seen = False
        deadline = time.time() + 5
        while time.time() < deadline and not seen:
            rc = reader.open()
            seen = rc.root().get("x") == 2
            rc.close()
            time.sleep(0.05)
        out["sees_commits"] = seen
        rc = reader.open()
        rc.root()["y"] = 1
        try:
            transaction.commit()
            out["own_commit"] = "committed"
        except ReadOnlyError:
            transaction.abort()
            out["own_commit"] = "ReadOnlyError"
        except Exception as e:
            transaction.abort()
            out["own_commit"] = type(e).__name__
        rc.close()
    finally:
        writer.close()
        reader.close()
    return out


def restart(runzeo, workdir, port, proc):
    import transaction
    import ZODB
    from ZODB.utils import z64
    storage = client(port)
    calls = []
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            t0 = time.time()
            try:
                storage._cache.clear()  # uncached: every load goes to the server
                storage.load(z64, "")
                outcome = "ok"
            except Exception as e:
                outcome = type(e).__name__
            calls.append((t0, time.time(), outcome))
            time.sleep(0.1)

    t = threading.Thread(target=loop)
    t.daemon = True
    t.start()
    time.sleep(1)
    stopped_at = time.time()
    stop_server(proc)
    exited_at = time.time()
    time.sleep(1)
    proc = start_server(runzeo, workdir, port)
    listening_at = time.time()
    deadline = time.time() + 30
    while time.time() < deadline:
        if calls and calls[-1][2] == "ok" and calls[-1][0] > listening_at:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    stop.set()
    t.join(5)
    during = [c for c in calls if c[1] >= stopped_at and c[0] <= listening_at]
    failed = [c for c in calls if c[2] != "ok"]
    back = [c for c in calls if c[2] == "ok" and c[0] >= listening_at]
    out = {
        "calls_during_restart": len(during),
        "failed_calls": len(failed),
        "failures": sorted(set(c[2] for c in failed)),
        "longest_failed_call_s": round(max([c[1] - c[0] for c in failed] or [0]), 2),
        "longest_call_s": round(max([c[1] - c[0] for c in calls] or [0]), 2),
        "server_down_s": round(listening_at - exited_at, 2),
        "back_after_listening_s": round(back[0][1] - listening_at, 2) if back else None,
    }
    db = ZODB.DB(storage)
    try:
        conn = db.open()
        conn.root()["after_restart"] = time.time()
        transaction.commit()
        conn.close()
        out["commit_after_restart"] = "committed"
    except Exception as e:
        transaction.abort()
        out["commit_after_restart"] = type(e).__name__
    finally:
        db.close()
    return out, proc


def main():
    workdir, port, runzeo = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    import ZEO
    import ZODB
    result = {"python": "%d.%d" % sys.version_info[:2]}
    for name, module in (("zeo", ZEO), ("zodb", ZODB)):
        try:
            import pkg_resources
            result[name] = pkg_resources.get_distribution(module.__name__).version
        except Exception:
            result[name] = None
    proc = start_server(runzeo, workdir, port)
    try:
        result["read_only_client"] = read_only_client(port)
        result["restart"], proc = restart(runzeo, workdir, port, proc)
    finally:
        stop_server(proc)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
