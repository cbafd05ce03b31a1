package org.zeofreeze.zconfig;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ZConfig makes of a {@code %include} argument: a URL reference joined to the including
 * file's {@code file:} URL ({@code storages.conf}, {@code file:storages.conf}, {@code /abs.conf},
 * {@code file:///abs.conf}), its percent escapes decoded as urllib opens it. What ZConfig cannot
 * open or treats specially (other schemes, any host even localhost, fragments, queries) is
 * refused with a sentence.
 */
final class IncludeUrl {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);

    private IncludeUrl() {}

    /** The absolute path {@code reference} names, written in the file at {@code includer} (an absolute path). */
    static String resolve(String includer, String reference) {
        String ref = reference;
        int hash = ref.indexOf('#');
        if (hash >= 0) {
            if (hash < ref.length() - 1) {
                throw refused(reference, "ZConfig does not support fragment identifiers ('#...') in includes");
            }
            ref = ref.substring(0, hash); // an empty fragment is dropped, as urldefrag does
        }
        if (ref.indexOf('?') >= 0) {
            throw refused(
                    reference, "a '?' query has no meaning for a file; write the file name (as %3F if it holds a '?')");
        }
        Matcher scheme = SCHEME.matcher(ref);
        if (scheme.matches()) {
            if (!scheme.group(1).toLowerCase(Locale.ROOT).equals("file")) {
                throw refused(reference, "only files on the same host can be included (a plain path or a file: URL)");
            }
            ref = scheme.group(2);
        }
        if (ref.startsWith("//")) {
            int end = ref.indexOf('/', 2);
            String authority = end < 0 ? ref.substring(2) : ref.substring(2, end);
            if (!authority.isEmpty()) {
                // ZConfig fails to open even file://localhost/...: it takes the host for part of the path.
                throw refused(
                        reference,
                        "ZConfig cannot open a file: URL that names a host ('" + authority
                                + "'); write file:///path or the plain path");
            }
            ref = end < 0 ? "/" : ref.substring(end);
        }
        String path = ref.startsWith("/") ? ref : directoryOf(includer) + ref;
        return decode(reference, removeDotSegments(path));
    }

    private static String directoryOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "/" : file.substring(0, slash + 1);
    }

    /** RFC 3986 dot-segment removal, as urljoin does; a ".." above the root stays at the root. */
    private static String removeDotSegments(String path) {
        Deque<String> out = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (part.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(part);
            }
        }
        // Empty segments name the same directory on POSIX; collapsing them gives each file one name.
        return ("/" + String.join("/", out)).replaceAll("/{2,}", "/");
    }

    private static String decode(String reference, String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]); // an invalid escape stays as written, as in urllib
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw refused(reference, "its percent escapes are not UTF-8");
        }
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    private static IllegalArgumentException refused(String reference, String why) {
        return new IllegalArgumentException("cannot include '" + reference + "': " + why);
    }
}
