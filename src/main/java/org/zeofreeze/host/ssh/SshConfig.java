package org.zeofreeze.host.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of an OpenSSH client configuration ({@code ~/.ssh/config}, see ssh_config(5)) that
 * decides where {@code ssh ALIAS} goes: {@code Host} blocks with {@code *}, {@code ?} and
 * {@code !} patterns, {@code HostName}, {@code User}, {@code Port}, {@code IdentityFile} (with
 * {@code ~} and {@code %} tokens), {@code ProxyJump}, {@code ConnectTimeout},
 * {@code ServerAliveInterval} and {@code Include}. As in OpenSSH the first value found for a
 * keyword wins, except {@code IdentityFile}, which accumulates. {@code Match} blocks are not
 * evaluated: their settings are never applied (except {@code Match all}). Other keywords are ignored.
 */
public final class SshConfig {
    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final int MAX_JUMPS = 8;

    /** One {@code Keyword value} line and the block condition it sits under. */
    private record Setting(HostCondition condition, String keyword, List<String> values, Path file, int line) {}

    /** Which destinations a {@code Host} line (or an unconditional part of the file) applies to. */
    private record HostCondition(List<String> patterns) {
        static final HostCondition ALL = new HostCondition(List.of("*"));
        static final HostCondition NEVER = new HostCondition(List.of());

        boolean matches(String alias) {
            String host = alias.toLowerCase(Locale.ROOT);
            boolean matched = false;
            for (String pattern : patterns) {
                boolean negated = pattern.startsWith("!");
                String p = negated ? pattern.substring(1) : pattern;
                if (glob(p.toLowerCase(Locale.ROOT), host)) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }
    }

    private final List<Setting> settings;
    private final Path home;
    private final String localUser;

    private SshConfig(List<Setting> settings, Path home, String localUser) {
        this.settings = List.copyOf(settings);
        this.home = home;
        this.localUser = localUser;
    }

    /** {@code ~/.ssh/config} of the user running this program. */
    public static Path defaultFile() {
        return userHome().resolve(".ssh").resolve("config");
    }

    /** The configuration of this user ({@code ~/.ssh/config}); empty when the file does not exist. */
    public static SshConfig load() throws IOException {
        return load(defaultFile(), userHome(), System.getProperty("user.name"));
    }

    /**
     * A configuration file; {@code home} stands for {@code ~} (relative {@code Include}s are
     * looked up in {@code home/.ssh}), {@code localUser} is the default remote user.
     */
    public static SshConfig load(Path file, Path home, String localUser) throws IOException {
        List<Setting> settings = new ArrayList<>();
        if (Files.exists(file)) {
            new Reader(home).read(file, HostCondition.ALL, settings, 0);
        }
        return new SshConfig(settings, home, localUser);
    }

    /** An empty configuration: every destination is taken literally. */
    public static SshConfig empty() {
        return new SshConfig(List.of(), userHome(), System.getProperty("user.name"));
    }

    /**
     * What {@code ssh DESTINATION} would connect to: DESTINATION is an alias or host name,
     * optionally {@code user@} in front (which wins over {@code User}).
     */
    public SshTarget resolve(String destination) {
        return resolve(destination, 0);
    }

    private SshTarget resolve(String destination, int depth) {
        if (depth > MAX_JUMPS) {
            throw new IllegalArgumentException(
                    "ProxyJump chain longer than " + MAX_JUMPS + " hosts (a loop?) at " + destination);
        }
        String explicitUser = null;
        String alias = destination;
        int at = destination.lastIndexOf('@');
        if (at >= 0) {
            explicitUser = destination.substring(0, at);
            alias = destination.substring(at + 1);
        }
        Map<String, String> first = new HashMap<>();
        List<String> identities = new ArrayList<>();
        for (Setting s : settings) {
            if (!s.condition().matches(alias)) {
                continue;
            }
            if (s.keyword().equals("identityfile")) {
                identities.add(s.values().get(0));
            } else {
                first.putIfAbsent(s.keyword(), s.values().get(0));
            }
        }
        String hostName = expand(first.getOrDefault("hostname", alias), Map.of('h', alias));
        String user = explicitUser != null ? explicitUser : first.getOrDefault("user", localUser);
        int port = first.containsKey("port") ? parsePort(first.get("port"), alias) : SshTarget.DEFAULT_PORT;
        Map<Character, String> tokens = Map.of(
                'h',
                hostName,
                'n',
                alias,
                'r',
                user,
                'u',
                localUser,
                'd',
                home.toString(),
                'p',
                Integer.toString(port));
        List<Path> identityFiles =
                identities.stream().map(f -> path(expand(f, tokens))).toList();
        SshTarget target = new SshTarget(
                alias,
                hostName,
                port,
                user,
                identityFiles,
                Optional.empty(),
                Optional.empty(),
                seconds(first.get("connecttimeout"), SshTarget.DEFAULT_CONNECT_TIMEOUT),
                seconds(first.get("serveraliveinterval"), SshTarget.DEFAULT_KEEPALIVE));
        String jump = first.get("proxyjump");
        if (jump == null || jump.equalsIgnoreCase("none")) {
            return target;
        }
        return target.withProxyJump(jumpChain(jump, depth));
    }

    /** {@code a,b,c}: c is reached through b, b through a; a uses its own configuration. */
    private SshTarget jumpChain(String spec, int depth) {
        String[] hops = spec.split(",");
        SshTarget previous = null;
        for (String hop : hops) {
            SshTarget t = jumpHost(hop.trim(), depth + 1);
            previous = previous == null
                    ? t
                    : new SshTarget(
                            t.alias(),
                            t.hostName(),
                            t.port(),
                            t.user(),
                            t.identityFiles(),
                            Optional.of(previous),
                            t.sudoUser(),
                            t.connectTimeout(),
                            t.keepAliveInterval());
        }
        return previous;
    }

    /** One hop of ProxyJump: {@code [ssh://][user@]host[:port]}; the host itself goes through the config. */
    private SshTarget jumpHost(String hop, int depth) {
        String rest = hop.startsWith("ssh://") ? hop.substring("ssh://".length()) : hop;
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        Integer port = null;
        String host = rest;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            host = rest.substring(1, close);
            if (rest.length() > close + 1 && rest.charAt(close + 1) == ':') {
                port = parsePort(rest.substring(close + 2), hop);
            }
        } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
            host = rest.substring(0, rest.indexOf(':'));
            port = parsePort(rest.substring(rest.indexOf(':') + 1), hop);
        }
        SshTarget t = resolve(user == null ? host : user + "@" + host, depth);
        return port == null ? t : t.withPort(port);
    }

    private static int parsePort(String value, String where) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + value + "' for " + where, e);
        }
    }

    private static Duration seconds(String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            long s = Long.parseLong(value.trim());
            // ServerAliveInterval 0 switches probes off in OpenSSH; here they are always on.
            return s > 0 ? Duration.ofSeconds(s) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private Path path(String file) {
        if (file.equals("~")) {
            return home;
        }
        if (file.startsWith("~/")) {
            return home.resolve(file.substring(2));
        }
        Path p = Path.of(file);
        // ssh_config: a relative IdentityFile is taken from the user's home directory.
        return p.isAbsolute() ? p : home.resolve(p);
    }

    /** Replaces {@code %x} tokens; {@code %%} is a literal percent sign. */
    private static String expand(String value, Map<Character, String> tokens) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 1 < value.length()) {
                char t = value.charAt(++i);
                if (t == '%') {
                    out.append('%');
                } else if (tokens.containsKey(t)) {
                    out.append(tokens.get(t));
                } else {
                    throw new IllegalArgumentException("unsupported token %" + t + " in '" + value + "'");
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Shell-like glob of ssh_config: {@code *} any run of characters, {@code ?} exactly one. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }

    /** Reads files line by line into settings, following Include. */
    private static final class Reader {
        private final Path home;

        Reader(Path home) {
            this.home = home;
        }

        void read(Path file, HostCondition inherited, List<Setting> out, int depth) throws IOException {
            if (depth > MAX_INCLUDE_DEPTH) {
                throw new IOException(file + ": Include nested more than " + MAX_INCLUDE_DEPTH + " deep");
            }
            HostCondition condition = inherited;
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                List<String> words = words(lines.get(n), file, n + 1);
                if (words.isEmpty()) {
                    continue;
                }
                String keyword = words.get(0).toLowerCase(Locale.ROOT);
                List<String> args = words.subList(1, words.size());
                if (args.isEmpty()) {
                    throw new IOException(file + ":" + (n + 1) + ": " + words.get(0) + " without a value");
                }
                switch (keyword) {
                    case "host":
                        condition = new HostCondition(List.copyOf(args));
                        break;
                    case "match":
                        // Match criteria (exec, user, ...) are not evaluated: only "Match all" applies.
                        condition = args.size() == 1 && args.get(0).equalsIgnoreCase("all")
                                ? HostCondition.ALL
                                : HostCondition.NEVER;
                        break;
                    case "include":
                        for (String pattern : args) {
                            for (Path included : includes(pattern)) {
                                read(included, condition, out, depth + 1);
                            }
                        }
                        break;
                    default:
                        out.add(new Setting(condition, keyword, List.copyOf(args), file, n + 1));
                }
            }
        }

        /** Files an Include names: {@code ~} expanded, relative to ~/.ssh, globs in the file name. */
        private List<Path> includes(String pattern) throws IOException {
            String expanded = pattern.startsWith("~/")
                    ? home.resolve(pattern.substring(2)).toString()
                    : pattern;
            Path p = Path.of(expanded);
            if (!p.isAbsolute()) {
                p = home.resolve(".ssh").resolve(p);
            }
            Path dir = p.getParent();
            String name = p.getFileName().toString();
            if (!name.contains("*") && !name.contains("?")) {
                return Files.isRegularFile(p) ? List.of(p) : List.of();
            }
            List<Path> found = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path e : entries) {
                        if (glob(name, e.getFileName().toString()) && Files.isRegularFile(e)) {
                            found.add(e);
                        }
                    }
                }
            }
            found.sort(null);
            return found;
        }

        /**
         * Splits a line into keyword and arguments: whitespace or one {@code =} after the keyword,
         * double quotes group words; {@code #} starts a comment outside quotes.
         */
        static List<String> words(String line, Path file, int number) throws IOException {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                return List.of();
            }
            int k = 0;
            while (k < s.length() && !Character.isWhitespace(s.charAt(k)) && s.charAt(k) != '=') {
                k++;
            }
            List<String> words = new ArrayList<>();
            words.add(s.substring(0, k));
            String rest = s.substring(k).stripLeading();
            if (rest.startsWith("=")) {
                rest = rest.substring(1);
            }
            StringBuilder word = null;
            boolean quoted = false;
            for (int i = 0; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        quoted = false;
                    } else {
                        word.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                    if (word == null) {
                        word = new StringBuilder();
                    }
                } else if (c == '#' && word == null) {
                    break;
                } else if (Character.isWhitespace(c)) {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                } else {
                    if (word == null) {
                        word = new StringBuilder();
                    }
                    word.append(c);
                }
            }
            if (quoted) {
                throw new IOException(file + ":" + number + ": unterminated quote");
            }
            if (word != null) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
