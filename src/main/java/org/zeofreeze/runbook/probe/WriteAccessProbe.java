package org.zeofreeze.runbook.probe;

/** The outside probe of write access: whether a ZEO server lets a client write each of its storages. */
public final class WriteAccessProbe {
    private WriteAccessProbe() {}

    /**
     * Prints one line per storage: NAME read-only|writable|error TEXT. Runs on Python 2.7 and 3.6+
     * with ZEO 4 and 5+, whose ClientStorage takes these arguments alike. The storages are asked at
     * once, each in a thread, all given the timeout and two seconds more: ZEO 4 waits for a
     * connection without end (an unknown storage name, a server that does not answer), and answers
     * "read-only" for a storage it never connected to, so a storage not connected is an error.
     */
    public static final String SCRIPT = StorageFacts.ADDRESS
            + String.join(
                    "\n",
                    "NO_ANSWER = ('error', 'Timeout', 'no answer within %g s' % timeout)",
                    "def ask(name, answer):",
                    "    try:",
                    "        s = ClientStorage(addr, storage=name, read_only=False, read_only_fallback=True,",
                    "                          wait_timeout=timeout)",
                    "        try:",
                    "            if not s.is_connected():",
                    "                answer.append(('error', 'ClientDisconnected', 'not connected within %g s' % timeout))",
                    "            else:",
                    "                answer.append(('read-only' if s.isReadOnly() else 'writable',))",
                    "        finally:",
                    "            s.close()",
                    "    except Exception as e:",
                    "        answer.append(('error', type(e).__name__, e))",
                    "")
            + StorageFacts.ASK_EACH;
}
