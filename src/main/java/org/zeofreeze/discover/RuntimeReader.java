package org.zeofreeze.discover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.cluster.RuntimeVersions;
import org.zeofreeze.host.Host;

/**
 * Reads which Python, ZEO and ZODB a part runs from its {@code bin/PART} script, as zc.buildout
 * writes it: the interpreter on the first line and the literal {@code sys.path[0:0] = [...]} list.
 * Only read, never run. An egg names its version and Python ({@code ZEO-4.3.1-py2.7.egg}); a
 * {@code site-packages} directory is listed for the distributions' {@code .dist-info} /
 * {@code .egg-info}; the interpreter's path may name its Python ({@code python2.7}, pyenv's
 * {@code versions/3.8.18}).
 */
final class RuntimeReader {
    private static final int MAX_SCRIPT = 256 * 1024;
    private static final Pattern SHEBANG = Pattern.compile("#!\\s*(\\S+)");
    private static final Pattern PATH_LIST = Pattern.compile("sys\\.path\\[0:0\\]\\s*=\\s*\\[(.*?)\\]", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("'([^'\\\\\\n]*)'|\"([^\"\\\\\\n]*)\"");
    private static final Pattern EGG =
            Pattern.compile("(?i)(ZEO|ZODB|ZODB3)-([0-9][0-9A-Za-z.]*)-py([23]\\.[0-9]+)[^/]*\\.egg");
    private static final Pattern DIST =
            Pattern.compile("(?i)(ZEO|ZODB|ZODB3)-([0-9][0-9A-Za-z.]*)\\.(dist-info|egg-info)");
    private static final Pattern LIB_PYTHON = Pattern.compile("/lib/python([23]\\.[0-9]+)/(site|dist)-packages/?$");
    private static final Pattern INTERPRETER = Pattern.compile("(?:python|versions/)([23]\\.[0-9]+)");

    private final Host host;
    /** site-packages listings of this host, read once for all its parts. */
    private final Map<String, List<String>> listings = new HashMap<>();

    RuntimeReader(Host host) {
        this.host = host;
    }

    RuntimeVersions read(String buildoutDir, String part) {
        String script = buildoutDir + "/bin/" + part;
        String text;
        try {
            if (!host.exists(script)) {
                return RuntimeVersions.unknown();
            }
            text = new String(host.readRegularFile(script, MAX_SCRIPT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return RuntimeVersions.unknown();
        }
        String python = null;
        String zeo = null;
        String zodb = null;
        for (String entry : pathEntries(text)) {
            Matcher egg = EGG.matcher(entry);
            if (egg.find()) {
                python = python == null ? egg.group(3) : python;
                if (egg.group(1).equalsIgnoreCase("ZEO")) {
                    zeo = zeo == null ? egg.group(2) : zeo;
                } else {
                    zodb = zodb == null ? egg.group(2) : zodb;
                }
                continue;
            }
            Matcher lib = LIB_PYTHON.matcher(entry);
            if (lib.find()) {
                python = python == null ? lib.group(1) : python;
                for (String name : listing(entry)) {
                    Matcher dist = DIST.matcher(name);
                    if (dist.matches()) {
                        if (dist.group(1).equalsIgnoreCase("ZEO")) {
                            zeo = zeo == null ? dist.group(2) : zeo;
                        } else {
                            zodb = zodb == null ? dist.group(2) : zodb;
                        }
                    }
                }
            }
        }
        if (python == null) {
            Matcher shebang = SHEBANG.matcher(text);
            if (shebang.lookingAt()) {
                Matcher m = INTERPRETER.matcher(shebang.group(1));
                python = m.find() ? m.group(1) : null;
            }
        }
        return new RuntimeVersions(python, zeo, zodb);
    }

    /**
     * What the interpreter a files layout names runs: the distributions in the
     * {@code lib/pythonX.Y/site-packages} (or {@code dist-packages}) beside its {@code bin/} — a
     * venv's, or an installation's own. Only listed, never run; unknown where there is none.
     */
    RuntimeVersions ofInterpreter(String python) {
        int bin = python.lastIndexOf('/');
        int root = bin <= 0 ? -1 : python.lastIndexOf('/', bin - 1);
        if (root < 0) {
            return RuntimeVersions.unknown();
        }
        String lib = python.substring(0, root) + "/lib";
        String version = null;
        String zeo = null;
        String zodb = null;
        for (String dir : listing(lib)) {
            if (!dir.matches("python[23]\\.[0-9]+")) {
                continue;
            }
            for (String packages : List.of("site-packages", "dist-packages")) {
                for (String name : listing(lib + "/" + dir + "/" + packages)) {
                    Matcher dist = DIST.matcher(name);
                    if (dist.matches()) {
                        version = version == null ? dir.substring("python".length()) : version;
                        if (dist.group(1).equalsIgnoreCase("ZEO")) {
                            zeo = zeo == null ? dist.group(2) : zeo;
                        } else {
                            zodb = zodb == null ? dist.group(2) : zodb;
                        }
                    }
                }
            }
        }
        return version == null ? RuntimeVersions.unknown() : new RuntimeVersions(version, zeo, zodb);
    }

    private static List<String> pathEntries(String text) {
        Matcher list = PATH_LIST.matcher(text);
        List<String> out = new ArrayList<>();
        if (list.find()) {
            Matcher s = STRING.matcher(list.group(1));
            while (s.find()) {
                out.add(s.group(1) != null ? s.group(1) : s.group(2));
            }
        }
        return out;
    }

    private List<String> listing(String dir) {
        return listings.computeIfAbsent(dir, d -> {
            try {
                return host.list(d);
            } catch (IOException e) {
                return List.of();
            }
        });
    }
}
