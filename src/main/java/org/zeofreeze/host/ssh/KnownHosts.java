package org.zeofreeze.host.ssh;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * An OpenSSH known_hosts file: looks a host key up (plain and hashed host names, {@code [host]:port}
 * for ports other than 22, {@code @revoked} lines) and appends new keys. SSHJ parses the lines;
 * this class keeps their numbers so a changed key can be reported with the line that holds the old one.
 */
public final class KnownHosts {
    /** What known_hosts says of a key a host offered. */
    public enum Verdict {
        KNOWN,
        UNKNOWN,
        CHANGED,
        REVOKED
    }

    /** A verdict and, for CHANGED and REVOKED, the 1-based line it comes from. */
    public record Check(Verdict verdict, int line) {}

    private final Path file;

    public KnownHosts(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The host as known_hosts names it: lower case, {@code [host]:port} when the port is not 22. */
    public static String entryName(String hostName, int port) {
        String h = hostName.toLowerCase(Locale.ROOT);
        return port == 22 ? h : "[" + h + "]:" + port;
    }

    /** OpenSSH's fingerprint of a key: {@code SHA256:} and the unpadded base64 of the key blob's SHA-256. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The key type as OpenSSH names it, e.g. {@code ssh-ed25519}. */
    public static String keyType(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }

    public Check check(String hostName, int port, PublicKey key) throws IOException {
        String host = entryName(hostName, port);
        KeyType type = KeyType.fromKey(key);
        byte[] blob = blob(key);
        OpenSSHKnownHosts.EntryFactory parser = parser();
        List<String> lines = lines();
        int known = 0;
        int changed = 0;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).trim();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("@cert-authority")) {
                continue;
            }
            OpenSSHKnownHosts.KnownHostEntry entry;
            try {
                entry = parser.parseEntry(text);
            } catch (IOException | RuntimeException e) {
                continue; // OpenSSH skips lines it cannot read, too
            }
            if (!(entry instanceof OpenSSHKnownHosts.HostEntry)) {
                continue;
            }
            if (text.startsWith("@revoked")) {
                if (Arrays.equals(blob, lineKeyBlob(text))) {
                    return new Check(Verdict.REVOKED, i + 1);
                }
                continue;
            }
            if (entry.appliesTo(type, host)) {
                if (entry.verify(key)) {
                    known = known == 0 ? i + 1 : known;
                } else if (changed == 0) {
                    changed = i + 1;
                }
            }
        }
        if (known > 0) {
            return new Check(Verdict.KNOWN, known);
        }
        return changed > 0 ? new Check(Verdict.CHANGED, changed) : new Check(Verdict.UNKNOWN, 0);
    }

    /**
     * The keys known_hosts holds for the host that are of another type than {@code key}, with
     * their lines: a host offering a key of a new type is, to OpenSSH, not a host seen for the first
     * time, and the person deciding whether to trust it must be told so.
     */
    public List<RecordedKey> otherKeyTypes(String hostName, int port, PublicKey key) throws IOException {
        String host = entryName(hostName, port);
        KeyType type = KeyType.fromKey(key);
        OpenSSHKnownHosts.EntryFactory parser = parser();
        List<String> lines = lines();
        List<RecordedKey> others = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).trim();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("@")) {
                continue; // comments, @cert-authority and @revoked lines vouch for no key of the host
            }
            OpenSSHKnownHosts.KnownHostEntry entry;
            try {
                entry = parser.parseEntry(text);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (entry instanceof OpenSSHKnownHosts.HostEntry && entry.appliesTo(host) && entry.getType() != type) {
                others.add(new RecordedKey(entry.getType().toString(), i + 1));
            }
        }
        return List.copyOf(others);
    }

    /** A key of the host as known_hosts records it: its type and its 1-based line. */
    public record RecordedKey(String keyType, int line) {}

    /** Key types known for the host, so the key exchange can ask for one of those first. */
    public List<String> knownKeyTypes(String hostName, int port) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return new OpenSSHKnownHosts(file.toFile(), LoggerFactory.DEFAULT).findExistingAlgorithms(hostName, port);
    }

    /** Appends the key as a plain line; creates the file (0600) and its directory (0700) when needed. */
    public void add(String hostName, int port, PublicKey key) throws IOException {
        String line =
                new OpenSSHKnownHosts.HostEntry(null, entryName(hostName, port), KeyType.fromKey(key), key).getLine();
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        byte[] existing = Files.readAllBytes(file);
        boolean needsNewline = existing.length > 0 && existing[existing.length - 1] != '\n';
        Files.writeString(
                file, (needsNewline ? "\n" : "") + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static OpenSSHKnownHosts.EntryFactory parser() throws IOException {
        return new OpenSSHKnownHosts(new StringReader(""), LoggerFactory.DEFAULT).new EntryFactory();
    }

    /** The base64 key field of a {@code @revoked hosts type key [comment]} line. */
    private static byte[] lineKeyBlob(String text) {
        String[] fields = text.split("\\s+");
        try {
            return fields.length >= 4 ? Base64.getDecoder().decode(fields[3]) : new byte[0];
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }
}
