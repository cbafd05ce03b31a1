package org.zeofreeze.discover;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.FilesLayout;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;

/**
 * Reads a cluster from its hosts, the first time and again while a run goes on: every buildout at
 * once, each with the environment its host gives {@code $(VAR)} substitutions. Every read of the
 * same cluster (the plan, the check before a write, the verification after it) goes through here,
 * so they all see the same files the same way.
 */
public final class ClusterReader {
    /**
     * One buildout to read: the host's name and the buildout directory on it; or, with
     * {@code files}, the configurations a host of the files layout names, {@code buildoutDir} being
     * its home directory.
     */
    public record Place(String host, String buildoutDir, FilesLayout files) {
        public Place(String host, String buildoutDir) {
            this(host, buildoutDir, null);
        }
    }

    private static final int MOST_AT_ONCE = 16;

    private final HostProvider hosts;
    private final Predicate<String> local;

    /** {@code local}: whether a host is this computer, whose environment its files may refer to. */
    public ClusterReader(HostProvider hosts, Predicate<String> local) {
        this.hosts = hosts;
        this.local = local;
    }

    /** The hosts of a profile; those it marks local are this computer. */
    public static ClusterReader of(ClusterProfile profile, HostProvider hosts) {
        return new ClusterReader(
                hosts, name -> profile.host(name).map(HostEntry::isLocal).orElse(Buildout.LOCAL.equals(name)));
    }

    /**
     * The environment a host's {@code $(VAR)} substitutions see: this process's for the local
     * host, none for a remote one (its variables are not known here, and a guess would read
     * other files than the host's own processes do).
     */
    public UnaryOperator<String> environment(String host) {
        return local.test(host) ? System::getenv : name -> null;
    }

    /**
     * Every host of the profile. Where a host names its files, what cannot be read is said with the
     * profile's name too: the profile, not a directory on the host, is where to fix it.
     */
    public Discovery read(ClusterProfile profile) throws DiscoveryException, InterruptedException {
        try {
            return read(profile.hosts().stream()
                    .map(h -> new Place(h.name(), h.buildoutDir(), h.filesLayout()))
                    .toList());
        } catch (DiscoveryException e) {
            if (profile.hosts().stream().noneMatch(HostEntry::isFiles)) {
                throw e;
            }
            throw new DiscoveryException("profile '" + profile.name() + "': " + e.getMessage(), e);
        }
    }

    /** The buildouts of a cluster read before, as the files are now. */
    public Discovery again(Cluster cluster) throws DiscoveryException, InterruptedException {
        return read(cluster.buildouts().stream()
                .map(b -> new Place(b.host(), b.dir(), b.files()))
                .toList());
    }

    /** The places, read in parallel (one alone on this thread), merged into one cluster. */
    public Discovery read(List<Place> places) throws DiscoveryException, InterruptedException {
        Discoverer discoverer = new Discoverer();
        if (places.size() == 1) {
            return discoverer.merge(List.of(layout(discoverer, places.get(0))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(MOST_AT_ONCE, places.size())));
        try {
            List<Future<Discoverer.HostLayout>> futures = new ArrayList<>();
            for (Place place : places) {
                futures.add(pool.submit(() -> layout(discoverer, place)));
            }
            List<Discoverer.HostLayout> layouts = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    layouts.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof DiscoveryException de) {
                        throw de;
                    }
                    throw new DiscoveryException(places.get(i).host() + ": " + cause.getMessage(), cause);
                }
            }
            return discoverer.merge(layouts);
        } finally {
            pool.shutdownNow();
        }
    }

    private Discoverer.HostLayout layout(Discoverer discoverer, Place place) throws DiscoveryException {
        try {
            return discoverer.read(new Discoverer.Source(
                    hosts.get(place.host()), place.buildoutDir(), environment(place.host()), place.files()));
        } catch (IOException e) {
            throw new DiscoveryException(place.host() + ": " + e.getMessage(), e);
        }
    }
}
