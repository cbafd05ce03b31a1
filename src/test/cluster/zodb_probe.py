#!/usr/bin/env python3
"""Probe one database of a Zope client config through ZEO.

Usage (with the cluster venv's python, e.g. DIR/testbed/zodb-probe):

    zodb_probe.py ZOPE_CONF DBNAME [--timeout SECONDS] [--as-is] [--read]

ZOPE_CONF is a client's parts/clientN/etc/zope.conf, DBNAME the name of one
of its <zodb_db NAME> sections (the root one is usually "main").  The file is
loaded the way Zope loads it (ZConfig with Zope's wsgischema.xml, so %define,
%import and comments behave as in Zope); the storage factory of that
<zodb_db> (its <zeoclient>) is opened, a ZODB.DB is put on top and a small
change is committed: root()['zeofreeze_probe'] = time.time().

Prints exactly one JSON line on stdout:

    {"db": DBNAME, "result": RESULT, "detail": TEXT, ...}

    RESULT        exit  meaning
    committed       0   the commit went through
    readonly       10   ReadOnlyError: the client storage is read-only
                        (`read-only true` in the <zeoclient>)
    disconnected   11   ZEO.Exceptions.ClientDisconnected, or nothing happened
                        before the hard timeout: typically the ZEO server
                        serves the storage read-only (`read-only true` in its
                        <filestorage>) while the client asks for write access,
                        or the server is down
    error           1   anything else (bad arguments, unknown db, ...)
    read            0   --read mode: the root could be loaded

--timeout S (default 10): the ZEO client's wait_timeout, i.e. how long it
    waits for a usable connection before raising ClientDisconnected.  A
    watchdog ends the process at S + 5 seconds whatever happens (prints a
    "disconnected" result, exit 11), and SIGALRM at S + 8 seconds is the last
    resort.
--as-is: open the <zeoclient> exactly as configured (ZODB.config's own
    factory, so ZEO's default wait_timeout of 30 s applies); only the
    watchdog, now at S seconds, bounds the run.  Without --as-is the probe
    passes the configured options to ClientStorage itself plus
    wait_timeout=S, and drops a persistent cache name (`client`) so it never
    fights a running Zope over the cache file.
--read: open the storage read-only and only read the root mapping (proves
    that a frozen storage stays readable).
--verbose: ZEO/ZODB logging at INFO on stderr (default WARNING).
"""

import argparse
import json
import logging
import os
import re
import signal
import sys
import threading
import time


EXIT = {"committed": 0, "read": 0, "readonly": 10, "disconnected": 11,
        "error": 1}

_lock = threading.Lock()
_state = {"emitted": None, "start": time.monotonic(), "db": None,
          "extra": {}}


def emit(result, detail, **extra):
    """Print the single result line (only the first call prints)."""
    with _lock:
        if _state["emitted"] is not None:
            return _state["emitted"]
        line = {"db": _state["db"], "result": result, "detail": detail}
        line.update(_state["extra"])
        line.update(extra)
        line["elapsed"] = round(time.monotonic() - _state["start"], 3)
        sys.stdout.write(json.dumps(line, sort_keys=False) + "\n")
        sys.stdout.flush()
        _state["emitted"] = EXIT[result]
        return _state["emitted"]


def finish(code):
    try:
        sys.stderr.flush()
    finally:
        os._exit(code)


def arm_watchdog(seconds):
    def fire():
        code = emit(
            "disconnected",
            "no result within %gs (hard timeout): the ZEO client was still "
            "waiting for the server" % seconds,
            hard_timeout=True)
        finish(code)

    t = threading.Timer(seconds, fire)
    t.daemon = True
    t.start()
    # last resort if even the watchdog thread cannot run
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(int(seconds) + 3)


# ------------------------------------------------------------- config loading

def _load_with_zope_schema(path):
    # Exactly what Zope does at startup (Zope2.Startup.run.make_wsgi_app):
    # load wsgischema.xml with its conditional imports, then the config file.
    from Zope2.Startup.options import ZopeWSGIOptions
    opts = ZopeWSGIOptions(configfile=path)()
    return {db.name: db.config.storage for db in opts.configroot.databases}


_DEFINE = re.compile(r"^\s*%define\s+(\S+)\s*(.*?)\s*$")


def _load_text(path):
    """Fallback without Zope: cut each <zodb_db>'s storage section out of the
    file and load it with ZODB's storage schema (ZODB.config)."""
    import io
    import ZConfig
    import ZODB.config
    defines = {}
    lines = []
    with open(path) as f:
        for raw in f:
            m = _DEFINE.match(raw)
            if m:
                defines[m.group(1).lower()] = m.group(2)
                continue
            lines.append(raw)
    text = "".join(lines)

    def subst(m):
        return defines.get((m.group(1) or m.group(2)).lower(), m.group(0))
    text = re.sub(r"\$(?:\{(\w+)\}|(\w+))", subst, text)
    imports = "".join(re.findall(r"^\s*%import\s+\S+\s*$\n?", text, re.M))
    result = {}
    for m in re.finditer(r"<zodb_db\s+([^>\s]+)\s*>(.*?)</zodb_db>",
                         text, re.S | re.I):
        body = m.group(2)
        s = re.search(r"(<(\w+)(\s+[^>]*)?>.*?</\2>)", body, re.S)
        if not s:
            continue
        conf, _ = ZConfig.loadConfigFile(ZODB.config.getStorageSchema(),
                                         io.StringIO(imports + s.group(1)))
        result[m.group(1)] = conf.storage
    return result


def load_storage_factory(path, dbname):
    try:
        factories = _load_with_zope_schema(path)
        parser = "zope-schema"
    except ImportError:
        factories = _load_text(path)
        parser = "text"
    _state["extra"]["parser"] = parser
    if dbname not in factories:
        raise LookupError("no <zodb_db %s> in %s (found: %s)" % (
            dbname, path, ", ".join(sorted(factories)) or "none"))
    return factories[dbname]


def _inner_zeoclient(factory):
    """The ZEO client factory of a database, also inside wrappers (zlibstorage, before,
    demostorage...), which keep their storages in attributes or lists of their config."""
    if type(factory).__name__ == "ZEOClient":
        return factory
    for name in sorted(vars(factory.config)):
        value = getattr(factory.config, name)
        for inner in value if isinstance(value, (list, tuple)) else [value]:
            if hasattr(inner, "config") and hasattr(inner.config, "getSectionType"):
                found = _inner_zeoclient(inner)
                if found is not None:
                    return found
    return None


def open_storage(factory, timeout, as_is, read):
    outer = factory
    kind = type(outer).__name__
    _state["extra"]["storage_type"] = kind
    factory = _inner_zeoclient(outer)
    if factory is None:
        raise TypeError("<zodb_db %s> does not use a <zeoclient> but %s"
                        % (_state["db"], kind))
    cfg = factory.config
    _state["extra"]["storage"] = cfg.storage
    _state["extra"]["server"] = ["%s:%s" % s.address if isinstance(
        s.address, tuple) else str(s.address) for s in cfg.server]
    _state["extra"]["config_read_only"] = bool(cfg.read_only)
    if read:
        cfg.read_only = True
    if as_is:
        return outer.open()
    from ZEO.ClientStorage import ClientStorage
    options = {}
    if cfg.blob_cache_size is not None:
        options["blob_cache_size"] = cfg.blob_cache_size
    if cfg.blob_cache_size_check is not None:
        options["blob_cache_size_check"] = cfg.blob_cache_size_check
    if cfg.client_label is not None:
        options["client_label"] = cfg.client_label
    client = ClientStorage(
        [s.address for s in cfg.server],
        blob_dir=cfg.blob_dir,
        shared_blob_dir=cfg.shared_blob_dir,
        storage=cfg.storage,
        cache_size=cfg.cache_size,
        name=cfg.name,
        client=None,
        var=cfg.var,
        min_disconnect_poll=cfg.min_disconnect_poll,
        max_disconnect_poll=cfg.max_disconnect_poll,
        wait=cfg.wait,
        wait_timeout=timeout,
        read_only=cfg.read_only,
        read_only_fallback=cfg.read_only_fallback,
        drop_cache_rather_verify=cfg.drop_cache_rather_verify,
        username=cfg.username,
        password=cfg.password,
        realm=cfg.realm,
        **options)
    if factory is outer:
        return client
    # A wrapper opens its base through the base's factory: hand it this client.
    factory.open = lambda: client
    return outer.open()


# ------------------------------------------------------------------ the probe

def probe(args):
    import transaction
    import ZODB
    from ZODB.POSException import ReadOnlyError
    from ZEO.Exceptions import ClientDisconnected

    db = None
    try:
        factory = load_storage_factory(args.zope_conf, args.dbname)
        storage = open_storage(factory, args.timeout, args.as_is, args.read)
        db = ZODB.DB(storage, pool_size=1, cache_size=100,
                     database_name=args.dbname)
        conn = db.open()
        root = conn.root()
        if args.read:
            keys = sorted(str(k) for k in root.keys())
            code = emit("read", "root keys: %s" % ", ".join(keys), keys=keys)
            transaction.abort()
        else:
            root["zeofreeze_probe"] = time.time()
            transaction.commit()
            code = emit("committed", "root()['zeofreeze_probe'] committed")
    except ReadOnlyError as e:
        code = emit("readonly", "%s: %s" % (type(e).__name__, e))
    except ClientDisconnected as e:
        code = emit("disconnected", "%s: %s" % (type(e).__name__, e))
    except Exception as e:  # noqa: BLE001 - report anything else as error
        code = emit("error", "%s: %s" % (type(e).__name__, e))
    try:
        transaction.abort()
    except Exception:  # noqa: BLE001
        pass
    if db is not None:
        try:
            db.close()
        except Exception:  # noqa: BLE001
            pass
    return code


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Probe a <zodb_db> of a Zope client config via ZEO.")
    p.add_argument("zope_conf")
    p.add_argument("dbname")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--as-is", action="store_true")
    p.add_argument("--read", action="store_true")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    _state["db"] = args.dbname
    _state["extra"]["mode"] = ("read" if args.read else "commit") + (
        "/as-is" if args.as_is else "")
    if args.timeout <= 0:
        finish(emit("error", "--timeout must be > 0"))
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    arm_watchdog(args.timeout if args.as_is else args.timeout + 5)
    if not os.path.isfile(args.zope_conf):
        finish(emit("error", "no such file: %s" % args.zope_conf))
    finish(probe(args))


if __name__ == "__main__":
    main()
