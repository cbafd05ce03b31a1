"""What the real libraries make of a buildout's configuration: the oracle of RecipeMatrixIT.

    cluster_oracle.py server ZEO_CONF   -> the storages ZEO serves, each opened: name, isReadOnly()
    cluster_oracle.py client ZOPE_CONF  -> the databases Zope opens, with every <zeoclient> found
                                           in each one's storage factory, however it is wrapped

One JSON object on stdout; {"ok": false, "error": ...} when the library refuses the file.
"""
import json
import os
import sys


def server(path):
    import ZConfig
    import ZEO
    schema = ZConfig.loadSchema(os.path.join(os.path.dirname(ZEO.__file__), "schema.xml"))
    conf, _ = ZConfig.loadConfig(schema, path)
    out = []
    for opener in conf.storages:
        storage = opener.open()
        try:
            out.append([opener.name, bool(storage.isReadOnly())])
        finally:
            storage.close()
    return {"ok": True, "storages": out}


def zeoclients(factory):
    """Every ZEO client config inside a storage factory: wrappers keep theirs in attributes."""
    config = factory.config
    if config.getSectionType() == "zeoclient":
        return [config]
    found = []
    for name in sorted(vars(config)):
        value = getattr(config, name)
        # a <demostorage> keeps its base and changes as a list ('factories')
        for inner in value if isinstance(value, (list, tuple)) else [value]:
            if hasattr(inner, "config") and hasattr(inner.config, "getSectionType"):
                found.extend(zeoclients(inner))
    return found


def address(a):
    return "%s:%s" % a if isinstance(a, tuple) else str(a)


def client(path):
    from Zope2.Startup.options import ZopeWSGIOptions
    opts = ZopeWSGIOptions(configfile=path)()
    databases = []
    for db in opts.configroot.databases:
        databases.append({
            "name": db.name,
            "mounts": list(db.config.mount_points),
            "storage_type": db.config.storage.config.getSectionType(),
            "zeoclients": [{"storage": z.storage, "servers": [address(s.address) for s in z.server],
                            "read_only": bool(z.read_only), "fallback": bool(z.read_only_fallback)}
                           for z in zeoclients(db.config.storage)],
        })
    return {"ok": True, "databases": databases}


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    try:
        result = server(path) if kind == "server" else client(path)
    except Exception as e:
        result = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(result) + "\n")
