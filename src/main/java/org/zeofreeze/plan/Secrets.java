package org.zeofreeze.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values in configuration files, and the one way they are hidden wherever a person
 * reads (plan, patch on a terminal, JSON, Review page, logs, reports). ZODB's {@code <zeoclient>}
 * schema has one secret key, {@code password} ({@code username} and {@code realm} are not
 * secret); a {@code %define} whose name the password uses, directly or through another
 * {@code %define}, is a secret too, and so is one whose name says it is (PASS, SECRET, PWD).
 * Masking works on config text and on unified diffs alike, line by line, and also replaces the
 * secret values wherever else they appear (a log line quoting one).
 */
public final class Secrets {
    public static final String MASK = "********";
    /** Shorter values are masked where they stand in a config line, but not searched for in free text. */
    private static final int MIN_LITERAL = 6;

    private static final Pattern KEY_VALUE = Pattern.compile("([^\\s()]+)(\\s+)(\\S.*?)(\\s*)");
    private static final Pattern DEFINE = Pattern.compile("%define(\\s+)([^\\s()]+)(\\s+)(\\S.*?)(\\s*)");
    private static final Pattern REFERENCE =
            Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|secret|pwd).*");

    /** Nothing secret known: only the structure of a line ({@code password ...}) is masked. */
    public static final Secrets NONE = new Secrets(Set.of(), List.of());

    private final Set<String> names;
    private final List<String> values;

    private Secrets(Set<String> names, List<String> values) {
        this.names = Set.copyOf(names);
        this.values = List.copyOf(values);
    }

    /** The secrets of every file a plan reads and writes. */
    public static Secrets of(Plan plan) {
        List<String> texts = new ArrayList<>();
        for (FileChange c : plan.changes()) {
            texts.add(new String(c.before(), StandardCharsets.UTF_8));
            texts.add(new String(c.after(), StandardCharsets.UTF_8));
        }
        return in(texts);
    }

    /** The secrets of these configuration texts (one file each, or all in one). */
    public static Secrets in(Collection<String> texts) {
        Map<String, String> defines = new HashMap<>();
        List<String> passwords = new ArrayList<>();
        for (String text : texts) {
            for (String line : text.split("\n", -1)) {
                String s = line.strip();
                Matcher d = DEFINE.matcher(s);
                if (d.matches()) {
                    defines.put(d.group(2).toLowerCase(Locale.ROOT), d.group(4));
                    continue;
                }
                Matcher kv = KEY_VALUE.matcher(s);
                if (!s.startsWith("#") && !s.startsWith("%") && kv.matches() && isSecretKey(kv.group(1))) {
                    passwords.add(kv.group(3));
                }
            }
        }
        Set<String> names = new LinkedHashSet<>();
        defines.keySet().stream().filter(n -> SECRET_NAME.matcher(n).matches()).forEach(names::add);
        List<String> pending = new ArrayList<>(passwords);
        names.forEach(n -> pending.add(defines.get(n)));
        Set<String> literal = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            String value = pending.remove(pending.size() - 1);
            literal.add(value);
            Matcher ref = REFERENCE.matcher(value);
            while (ref.find()) {
                String name = (ref.group(1) != null ? ref.group(1) : ref.group(2)).toLowerCase(Locale.ROOT);
                if (names.add(name) && defines.containsKey(name)) {
                    pending.add(defines.get(name));
                }
            }
        }
        List<String> values = new ArrayList<>();
        for (String v : literal) {
            String resolved = substitute(v, defines);
            for (String candidate : List.of(v, resolved)) {
                if (candidate.length() >= MIN_LITERAL && !candidate.contains(MASK) && !values.contains(candidate)) {
                    values.add(candidate);
                }
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed()); // longer first: no half-masked value
        return new Secrets(names, values);
    }

    private static boolean isSecretKey(String key) {
        return key.toLowerCase(Locale.ROOT).equals("password");
    }

    private static String substitute(String value, Map<String, String> defines) {
        Matcher ref = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (ref.find()) {
            String name = (ref.group(1) != null ? ref.group(1) : ref.group(2)).toLowerCase(Locale.ROOT);
            ref.appendReplacement(out, Matcher.quoteReplacement(defines.getOrDefault(name, ref.group())));
        }
        return ref.appendTail(out).toString();
    }

    /** Whether masking would change {@code text}. */
    public boolean appearIn(String text) {
        return !mask(text).equals(text);
    }

    /** Config text or a unified diff with every secret value replaced by {@value #MASK}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            out.append(maskLine(text.substring(start, end)));
            if (nl < 0) {
                break;
            }
            out.append('\n');
            start = nl + 1;
        }
        return out.toString();
    }

    public List<String> mask(List<String> lines) {
        return lines.stream().map(this::mask).toList();
    }

    private String maskLine(String line) {
        String masked = structural(line);
        if (masked == null
                && !line.isEmpty()
                && "+- ".indexOf(line.charAt(0)) >= 0
                && !line.startsWith("+++ ")
                && !line.startsWith("--- ")) {
            String inner = structural(line.substring(1));
            masked = inner == null ? null : line.charAt(0) + inner;
        }
        String result = masked == null ? line : masked;
        for (String v : values) {
            result = result.replace(v, MASK);
        }
        return result;
    }

    /** The line with its value masked when it is a password or a secret %define; null otherwise. */
    private String structural(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return null;
        }
        int lead = line.indexOf(s);
        String before = line.substring(0, lead);
        String after = line.substring(lead + s.length());
        Matcher d = DEFINE.matcher(s);
        if (d.matches()) {
            if (!names.contains(d.group(2).toLowerCase(Locale.ROOT))) {
                return null;
            }
            return before + "%define" + d.group(1) + d.group(2) + d.group(3) + MASK + d.group(5) + after;
        }
        Matcher kv = KEY_VALUE.matcher(s);
        if (!s.startsWith("%") && kv.matches() && isSecretKey(kv.group(1))) {
            return before + kv.group(1) + kv.group(2) + MASK + kv.group(4) + after;
        }
        return null;
    }
}
