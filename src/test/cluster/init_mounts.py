# Run inside a Zope client with:  bin/client1 run .../init_mounts.py
#
# `app` is bound by `bin/clientN run`.  This does what an admin does in the
# ZMI with "Add ZODB Mount Point": for every <zodb_db> with a mount-point
# other than "/" it creates the MountedObject in the parent database and,
# through create_mount_points, the container object (container-class) at the
# real path inside the mounted database.  Running it also initialises the
# root Data.fs (Zope creates the Application object when it opens the root
# database).  Already existing mount points are left alone.
import sys

import transaction
from App.config import getConfiguration
from Products.ZODBMountPoint.MountedObject import manage_addMounts


def virtual_paths():
    dbtab = getConfiguration().dbtab
    paths = []
    for virtual in dbtab.listMountPaths():
        # listMountPaths() returns (virtual path, db name) pairs
        if isinstance(virtual, tuple):
            virtual = virtual[0]
        if virtual != "/":
            paths.append(virtual)
    # parents before children (/plone before /plone/portal_catalog)
    return sorted(paths, key=lambda p: p.count("/"))


def exists(root, path):
    obj = root
    for part in [p for p in path.split("/") if p]:
        try:
            obj = obj[part]
        except (KeyError, AttributeError, TypeError):
            try:
                obj = getattr(obj.aq_base, part)
            except AttributeError:
                return False
    return True


def main():
    created = []
    for path in virtual_paths():
        if exists(app, path):  # noqa: F821 (bound by `bin/clientN run`)
            print("mount point exists: %s" % path)
            continue
        manage_addMounts(app, (path,), create_mount_points=True)  # noqa: F821
        transaction.commit()
        created.append(path)
        print("mount point created: %s" % path)
    for path in virtual_paths():
        obj = app.unrestrictedTraverse(path)  # noqa: F821
        print("mount point ok: %s -> %s in db %s" % (
            path, obj.meta_type, obj._p_jar.db().database_name))
    return 0


sys.exit(main())
