package org.zeofreeze.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.host.ssh.HostKeyConsent;
import org.zeofreeze.host.ssh.PassphrasePrompt;
import org.zeofreeze.host.ssh.SshConnector;
import org.zeofreeze.host.ssh.SshHosts;
import org.zeofreeze.host.ssh.SshSettings;
import org.zeofreeze.host.ssh.UnknownHostKey;
import org.zeofreeze.profile.ClusterProfile;

/**
 * The hosts of a profile for the command line: this computer, and SSH hosts as {@code ssh} would
 * reach them. An unknown host key is shown with its SHA256 fingerprint and needs a "yes" typed on
 * the terminal (never implied by --yes); a passphrase is read without echo and kept in memory only.
 */
final class Hosts {
    private Hosts() {}

    /** OpenSSH's first-time question, with its warning when another key type is known for the host. */
    static String question(UnknownHostKey key) {
        String nl = System.lineSeparator();
        return "The authenticity of host '" + key.host() + "' can't be established." + nl
                + key.keyType() + " key fingerprint is " + key.fingerprint() + "." + nl
                + key.warning().map(w -> w + nl).orElse("")
                + "Trust it and record it in " + key.knownHosts() + "? Type yes to continue: ";
    }

    static ProfileHosts of(ClusterProfile profile, BufferedReader in, PrintWriter out) {
        HostKeyConsent consent = key -> {
            synchronized (in) {
                out.print(question(key));
                out.flush();
                try {
                    String answer = in.readLine();
                    return answer != null
                            && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
                } catch (IOException e) {
                    return false;
                }
            }
        };
        PassphrasePrompt passphrase = (keyFile, attempt) -> {
            Console console = System.console();
            if (console == null) {
                return null; // no terminal to ask on: the key is skipped, the agent may still serve
            }
            return console.readPassword("%sPassphrase for %s: ", attempt > 1 ? "Wrong passphrase. " : "", keyFile);
        };
        return new ProfileHosts(
                profile, new SshHosts(new SshConnector(SshSettings.forCurrentUser(consent, passphrase))));
    }
}
