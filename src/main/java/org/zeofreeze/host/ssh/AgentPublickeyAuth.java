package org.zeofreeze.host.ssh;

import com.hierynomus.sshj.key.KeyAlgorithm;
import java.io.IOException;
import java.util.LinkedList;
import java.util.Queue;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * SSH "publickey" authentication (RFC 4252 section 7) with a key held by the SSH agent: the
 * request is first offered without a signature and, once the server says the key would do,
 * sent again signed by the agent.
 */
final class AgentPublickeyAuth extends AbstractAuthMethod {
    private final SshAgent agent;
    private final SshAgent.Identity identity;
    private Queue<KeyAlgorithm> algorithms;

    AgentPublickeyAuth(SshAgent agent, SshAgent.Identity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    @Override
    public void handle(Message msg, SSHPacket buf) throws UserAuthException, TransportException {
        if (msg != Message.USERAUTH_60) {
            super.handle(msg, buf);
            return;
        }
        SSHPacket signed = request(true);
        byte[] toSign = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(signed)
                .getCompactData();
        try {
            signed.putBytes(
                    agent.sign(identity.blob(), toSign, flags(algorithm().getKeyAlgorithm())));
        } catch (IOException e) {
            throw new UserAuthException("the SSH agent did not sign with " + identity, e);
        }
        params.getTransport().write(signed);
    }

    /** Another signature algorithm for the same key (e.g. rsa-sha2-512 after rsa-sha2-256) may still work. */
    @Override
    public boolean shouldRetry() {
        if (algorithms != null) {
            algorithms.poll();
            return !algorithms.isEmpty();
        }
        return false;
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        return super.buildReq()
                .putBoolean(signed)
                .putString(algorithm().getKeyAlgorithm())
                .putBytes(identity.blob());
    }

    private KeyAlgorithm algorithm() throws UserAuthException {
        try {
            if (algorithms == null) {
                algorithms =
                        new LinkedList<>(params.getTransport().getClientKeyAlgorithms(KeyType.fromKey(identity.key())));
            }
        } catch (TransportException e) {
            throw new UserAuthException("no signature algorithm for " + identity, e);
        }
        KeyAlgorithm a = algorithms.peek();
        if (a == null) {
            throw new UserAuthException("no signature algorithm for " + identity);
        }
        return a;
    }

    private static int flags(String algorithm) {
        switch (algorithm) {
            case "rsa-sha2-256":
                return SshAgent.RSA_SHA2_256;
            case "rsa-sha2-512":
                return SshAgent.RSA_SHA2_512;
            default:
                return 0;
        }
    }

    @Override
    public String toString() {
        return "agent key " + identity;
    }
}
