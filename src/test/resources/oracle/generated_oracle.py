"""Reads configuration files with the real ZConfig, each with the environment the test gives it:
the oracle of GeneratedFilesOracleTest. One JSON request per stdin line,
{"kind": "server" | "client", "path": ..., "env": {NAME: VALUE}}, one JSON answer per line:

    server -> the <zeo> read-only and each storage's read-only, as ZEO's schema reads them
              (no storage is opened: a read-only FileStorage that does not exist cannot be)
    client -> the databases Zope would open, with their <zeoclient>s (cluster_oracle.client)

ZConfig looks $(NAME) up in os.environ while it parses, so each request gets exactly its own
environment and nothing else; {"ok": false, "error": ...} when the library refuses the file."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def server(path):
    import ZConfig
    import ZEO
    schema = ZConfig.loadSchema(os.path.join(os.path.dirname(ZEO.__file__), "schema.xml"))
    conf, _ = ZConfig.loadConfig(schema, path)
    return {"ok": True, "zeo_read_only": bool(conf.zeo.read_only),
            "storages": [[s.name, bool(s.config.read_only)] for s in conf.storages]}


def main():
    from cluster_oracle import client
    for line in sys.stdin:
        request = json.loads(line)
        os.environ.clear()
        os.environ.update(request["env"])
        try:
            result = server(request["path"]) if request["kind"] == "server" else client(request["path"])
        except Exception as e:  # the oracle only says what it read, or that it refused
            result = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
