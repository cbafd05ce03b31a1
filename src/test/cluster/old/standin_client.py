"""A STAND-IN for a Zope client of a ZEO 4 cluster (Plone 5.0 era, Python 2.7).

Zope 2.13 no longer installs from PyPI as it was released (its dependencies
resolve to Zope 4), so the ZEO 4 test cluster's clients are this script: it
reads the client's zope.conf with ZConfig (ZODB's own <zodb_db> storage types
and the Zope 2.13 keys such a file carries), opens every <zodb_db> through its
real ZEO 4 ClientStorage as Zope does at start-up (waiting for the server), and
serves HTTP at the <http-server> address. A request loads the root object of
every database from the server in a fresh transaction, as a page view of a
mounted site does; a ClientDisconnected answers 503, as Zope's error page would.

Usage (the venv's Python 2.7):
    standin_client.py serve ZOPE_CONF        serve until SIGTERM
    standin_client.py init ZOPE_CONF         create the root objects, then exit
    standin_client.py probe ZOPE_CONF DB [--timeout S] [--read]
        commit root['zeofreeze_probe'] through DB's <zeoclient> as configured;
        prints one JSON line {"db", "result", "detail"}: committed (exit 0),
        readonly (10), disconnected (11), error (1), read (0, with --read)
"""
from __future__ import print_function

import json
import os
import signal
import sys
import threading
import time

try:
    from BaseHTTPServer import BaseHTTPRequestHandler, HTTPServer
    from SocketServer import ThreadingMixIn
except ImportError:  # Python 3
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from socketserver import ThreadingMixIn

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "standin-zope.xml")


def load(path):
    import ZConfig
    schema = ZConfig.loadSchema(SCHEMA)
    conf, _ = ZConfig.loadConfig(schema, path)
    return conf


def databases(conf):
    for db in conf.databases:
        # ZConfig 3 reads host names as unicode on Python 2, where ZEO 4's address check wants str
        # (Zope 2.13 ran ZConfig 2, which gave str)
        for server in getattr(db.config.storage.config, "server", None) or []:
            if isinstance(server.address, tuple):
                server.address = (str(server.address[0]),) + tuple(server.address[1:])
    return dict((db.name, db) for db in conf.databases)


def open_all(conf):
    return dict((name, section.open()) for name, section in databases(conf).items())


def serve(path):
    conf = load(path)
    host, port = conf.http_server.address
    host = str(host or "127.0.0.1")
    dbs = open_all(conf)  # ZEO 4's <zeoclient> waits for its server (wait on), as Zope's start does

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            import transaction
            from ZEO.Exceptions import ClientDisconnected
            loaded = []
            try:
                for name in sorted(dbs):
                    tm = transaction.TransactionManager()
                    conn = dbs[name].open(tm)
                    try:
                        conn.sync()
                        root = conn.root()
                        loaded.append("%s: %d keys" % (name, len(root.keys())))
                    finally:
                        tm.abort()
                        conn.close()
                code, body = 200, "stand-in Zope client (ZEO 4): " + "; ".join(loaded) + "\n"
            except ClientDisconnected as e:
                code, body = 503, "ZEO disconnected: %s\n" % e
            except Exception as e:  # what Zope's error page would say
                code, body = 500, "%s: %s\n" % (type(e).__name__, e)
            data = body.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt, *args):
            sys.stderr.write("%s %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), fmt % args))

    class Server(ThreadingMixIn, HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server((host, port), Handler)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown).start()
    signal.signal(signal.SIGTERM, stop)
    print("stand-in client serving http://%s:%d/ for %s" % (host, port, ", ".join(sorted(dbs))))
    sys.stdout.flush()
    server.serve_forever()
    for db in dbs.values():
        db.close()
    return 0


def init(path):
    import transaction
    conf = load(path)
    for name, db in open_all(conf).items():
        conn = db.open()
        conn.root()["zeofreeze_standin"] = name
        transaction.commit()
        conn.close()
        db.close()
    return 0


EXIT = {"committed": 0, "read": 0, "readonly": 10, "disconnected": 11, "error": 1}


def probe(path, name, timeout, read):
    def say(result, detail):
        print(json.dumps({"db": name, "result": result, "detail": detail}))
        sys.stdout.flush()
        os._exit(EXIT[result])
    watchdog = threading.Timer(timeout + 5, say, ("disconnected", "no answer within %ss" % (timeout + 5)))
    watchdog.daemon = True
    watchdog.start()
    try:
        import transaction
        from ZEO.ClientStorage import ClientStorage
        from ZEO.Exceptions import ClientDisconnected
        from ZODB import DB
        from ZODB.POSException import ReadOnlyError
        section = databases(load(path)).get(name)
        if section is None:
            say("error", "no <zodb_db %s> in %s" % (name, path))
        zc = section.config.storage.config
        storage = ClientStorage(zc.server[0].address, storage=zc.storage, read_only=read or zc.read_only,
                                wait_timeout=timeout)
        db = DB(storage)
        conn = db.open()
        if read:
            say("read", "%d keys" % len(conn.root().keys()))
        conn.root()["zeofreeze_probe"] = time.time()
        try:
            transaction.commit()
        except ReadOnlyError as e:
            say("readonly", str(e))
        say("committed", "root['zeofreeze_probe'] set")
    except ClientDisconnected as e:
        say("disconnected", str(e))
    except Exception as e:
        say("readonly" if type(e).__name__ == "ReadOnlyError" else "error", "%s: %s" % (type(e).__name__, e))


def main(argv):
    if len(argv) >= 2 and argv[0] == "serve":
        return serve(argv[1])
    if len(argv) >= 2 and argv[0] == "init":
        return init(argv[1])
    if len(argv) >= 3 and argv[0] == "probe":
        timeout = float(argv[argv.index("--timeout") + 1]) if "--timeout" in argv else 10.0
        return probe(argv[1], argv[2], timeout, "--read" in argv)
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
