"""Reads each zeo.conf named on stdin (one per line: path TAB home) with the real ZEO schema
and prints one JSON line per file: what ZEO would get, or that ZConfig refused the file."""
import json
import os
import sys

import ZConfig
import ZEO

schema = ZConfig.loadSchema(os.path.join(os.path.dirname(ZEO.__file__), "schema.xml"))
for line in sys.stdin:
    path, home = line.rstrip("\n").split("\t")
    os.environ["HOME"] = home
    try:
        conf, _ = ZConfig.loadConfig(schema, path)
        out = {"ok": True, "zeo_read_only": bool(conf.zeo.read_only),
               "storages": [[s.name, bool(s.config.read_only), s.config.path, s.config.blob_dir]
                            for s in conf.storages]}
    except Exception as e:  # the oracle only says accepted or refused
        out = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(out), flush=True)
