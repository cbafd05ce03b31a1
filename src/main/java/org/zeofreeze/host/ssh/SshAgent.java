package org.zeofreeze.host.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.common.Buffer;

/**
 * A client of a running SSH agent (the protocol of OpenSSH's ssh-agent, spoken over its Unix
 * socket): lists the keys it holds and has it sign authentication requests. The private keys
 * never leave the agent. Java talks to Unix sockets itself since 16, so no native library is needed.
 */
public final class SshAgent {
    private static final byte FAILURE = 5;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    private static final int MAX_MESSAGE = 256 * 1024;

    /** Signature flags of the agent protocol: which hash an RSA signature uses. */
    static final int RSA_SHA2_256 = 2;

    static final int RSA_SHA2_512 = 4;

    /** A key the agent holds: its public blob, the parsed key and the comment it was added with. */
    public record Identity(byte[] blob, PublicKey key, String comment) {
        @Override
        public String toString() {
            return KnownHosts.keyType(key) + " " + KnownHosts.fingerprint(key)
                    + (comment.isEmpty() ? "" : " " + comment);
        }
    }

    private final Path socket;

    public SshAgent(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    public List<Identity> identities() throws IOException {
        Buffer.PlainBuffer answer = exchange(new Buffer.PlainBuffer().putByte(REQUEST_IDENTITIES));
        byte type = readByte(answer);
        if (type != IDENTITIES_ANSWER) {
            throw new IOException("SSH agent at " + socket + " refused to list its keys (answer " + type + ")");
        }
        List<Identity> out = new ArrayList<>();
        try {
            long n = answer.readUInt32();
            for (long i = 0; i < n; i++) {
                byte[] blob = answer.readBytes();
                String comment = new String(answer.readBytes(), StandardCharsets.UTF_8);
                try {
                    out.add(new Identity(blob, new Buffer.PlainBuffer(blob).readPublicKey(), comment));
                } catch (Buffer.BufferException | RuntimeException e) {
                    // a key type SSHJ does not know (e.g. a hardware key): not usable here
                }
            }
        } catch (Buffer.BufferException e) {
            throw new IOException("malformed answer from the SSH agent at " + socket, e);
        }
        return out;
    }

    /** The agent's signature of data (an SSH signature blob: algorithm name and signature). */
    public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
        Buffer.PlainBuffer request = new Buffer.PlainBuffer()
                .putByte(SIGN_REQUEST)
                .putBytes(keyBlob)
                .putBytes(data)
                .putUInt32(flags);
        Buffer.PlainBuffer answer = exchange(request);
        byte type = readByte(answer);
        if (type == FAILURE) {
            throw new IOException("SSH agent at " + socket + " refused to sign (key locked or confirmation denied?)");
        }
        if (type != SIGN_RESPONSE) {
            throw new IOException("unexpected answer " + type + " from the SSH agent at " + socket);
        }
        try {
            return answer.readBytes();
        } catch (Buffer.BufferException e) {
            throw new IOException("malformed signature from the SSH agent at " + socket, e);
        }
    }

    /** One request, one answer, on a fresh connection (the agent serves each in order). */
    private Buffer.PlainBuffer exchange(Buffer.PlainBuffer request) throws IOException {
        byte[] payload = request.getCompactData();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(4 + payload.length)
                    .putInt(payload.length)
                    .put(payload)
                    .flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer len = readFully(ch, 4);
            int n = len.getInt();
            if (n <= 0 || n > MAX_MESSAGE) {
                throw new IOException("SSH agent at " + socket + " sent a message of " + n + " bytes");
            }
            return new Buffer.PlainBuffer(readFully(ch, n).array());
        } catch (IOException e) {
            throw new IOException("SSH agent at " + socket + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("the agent closed the connection");
            }
        }
        return b.flip();
    }

    private static byte readByte(Buffer.PlainBuffer b) throws IOException {
        try {
            return b.readByte();
        } catch (Buffer.BufferException e) {
            throw new IOException("empty answer from the SSH agent", e);
        }
    }
}
