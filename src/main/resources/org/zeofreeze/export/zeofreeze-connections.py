# Who is connected to a ZEO server, as ZeoFreeze's own run asks before it restarts the server
# read-only: every connection to the server's port, listed on the server's host, must be held at
# its other end by a client of the cluster (its pid from its pid file). Anything else -- a client
# missing from the profile, a zeopack, a script -- would hang asking for write access.
#
# Arguments (never through a shell): PORTS (comma-separated) SERVER_HOST, then any of
#   listing HOST TEXT        the output of `ss -tnpH state established ...` on HOST
#   client LABEL HOST PID    a client of the cluster on HOST, PID as its pid file says (may be empty)
# Prints one line per connection no client holds: "stranger PEER:PORT (WHO)", then, if there are
# any, which clients had no pid; nothing when every connection is a client's.
# Runs on Python 2.7 and 3.
import re
import sys

OWNER = re.compile(r'\("((?:[^"\\]|\\.)*)",pid=(\d+)')


def normal(address):
    a = address.lower()
    if a.startswith('[') and a.endswith(']'):
        a = a[1:-1]
    if '%' in a:
        a = a[:a.index('%')]
    if a.startswith('::ffff:') and '.' in a:
        a = a[7:]
    return a


def parse(listing):
    out = []
    for line in listing.split('\n'):
        cols = line.strip().split(None, 4)
        if len(cols) < 4 or ':' not in cols[2] or ':' not in cols[3]:
            continue
        local, _, lport = cols[2].rpartition(':')
        peer, _, pport = cols[3].rpartition(':')
        if not (lport.isdigit() and pport.isdigit()):
            continue
        owners = [(m.group(1), int(m.group(2))) for m in OWNER.finditer(cols[4])] if len(cols) == 5 else []
        out.append((normal(local), int(lport), normal(peer), int(pport), owners))
    return out


def main(args):
    ports = set(int(p) for p in args[0].split(',') if p)
    server_host = args[1]
    listings = {}
    known = []
    unknown = []
    i = 2
    while i < len(args):
        if args[i] == 'listing' and i + 2 < len(args):
            listings[args[i + 1]] = parse(args[i + 2])
            i += 3
        elif args[i] == 'client' and i + 3 < len(args):
            pid = args[i + 3].strip()
            if pid.isdigit():
                known.append((args[i + 1], args[i + 2], int(pid)))
            else:
                unknown.append(args[i + 1])
            i += 4
        else:
            sys.stderr.write('unexpected argument %r\n' % args[i])
            return 2
    if server_host not in listings:
        sys.stderr.write('no listing of the server host %s\n' % server_host)
        return 2
    strangers = 0
    for (local, lport, peer, pport, _) in listings[server_host]:
        if lport not in ports:
            continue
        holder = None
        seen = None
        for host, connections in listings.items():
            for c in connections:
                if c[1] == pport and c[3] == lport and c[0] == peer and c[2] == local:
                    seen = c
                    for (label, khost, pid) in known:
                        if holder is None and khost == host and pid in [o[1] for o in c[4]]:
                            holder = label
        if holder is None:
            if seen is None:
                who = 'a process on another machine'
            elif not seen[4]:
                who = 'process not visible'
            else:
                who = ', '.join(sorted(set('%s pid %d' % o for o in seen[4])))
            sys.stdout.write('stranger %s:%d (%s)\n' % (peer, pport, who))
            strangers += 1
    if strangers and unknown:
        # A client whose pid is not known cannot be told from a stranger: say so with the strangers.
        sys.stdout.write('no pid known for %s (pid file missing or unreadable)\n' % ', '.join(unknown))
    return 0


sys.exit(main(sys.argv[1:]))
