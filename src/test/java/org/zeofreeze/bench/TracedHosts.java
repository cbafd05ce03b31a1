package org.zeofreeze.bench;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.profile.HostEntry;

/**
 * A connector that records what discovery asks of each host (every file operation, in order, and
 * the files it reads), so the OpenSSH reference reads the same files and the round trips of both
 * can be counted. Only for one untimed run: the recording is not free.
 */
final class TracedHosts implements ProfileHosts.Connector {
    /** What one host was asked: operation name to count, and the files read, in order. */
    record Trace(Map<String, Integer> operations, List<String> reads) {
        int total() {
            return operations.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final ProfileHosts.Connector inner;
    private final Map<String, Trace> traces = new ConcurrentHashMap<>();

    TracedHosts(ProfileHosts.Connector inner) {
        this.inner = inner;
    }

    /** The trace of a host, by the profile's name for it. */
    Trace trace(String name) {
        return traces.get(name);
    }

    @Override
    public Host connect(HostEntry entry) throws IOException {
        Host host = inner.connect(entry);
        Trace trace = new Trace(new TreeMap<>(), new ArrayList<>());
        traces.put(entry.name(), trace);
        return (Host) Proxy.newProxyInstance(
                Host.class.getClassLoader(), new Class<?>[] {Host.class, AutoCloseable.class}, (p, m, args) -> {
                    if (m.getName().equals("close")) {
                        ((AutoCloseable) host).close();
                        return null;
                    }
                    if (m.getDeclaringClass() != Host.class || m.getName().equals("name")) {
                        return m.invoke(host, args);
                    }
                    synchronized (trace) {
                        trace.operations().merge(m.getName(), 1, Integer::sum);
                    }
                    Object result;
                    try {
                        result = m.invoke(host, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (m.getName().startsWith("read")) {
                        synchronized (trace) {
                            trace.reads().add((String) args[0]); // only files that were there to read
                        }
                    }
                    return result;
                });
    }
}
