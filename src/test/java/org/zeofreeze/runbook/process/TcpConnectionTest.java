package org.zeofreeze.runbook.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading `ss -tnpH state established` as iproute2 prints it. */
class TcpConnectionTest {
    static final String LISTING = String.join(
            "\n",
            "0      0      127.0.0.1:8200  127.0.0.1:47620 users:((\"python\",pid=5211,fd=23))",
            "0      0      127.0.0.1:47620 127.0.0.1:8200  users:((\"python\",pid=5232,fd=15))",
            "0      0      [::ffff:10.0.0.5]:8200 [::ffff:10.0.0.9]:51000",
            "0      0      [fe80::1%eth0]:22 [fe80::2%eth0]:40000 users:((\"sshd\",pid=1,fd=3),(\"sshd\",pid=7,fd=3))",
            "garbage line",
            "");

    @Test
    void bothEndsAndTheProcessesHoldingThemAreRead() {
        List<TcpConnection> all = TcpConnection.parse(LISTING);
        assertThat(all).hasSize(4);
        TcpConnection server = all.get(0);
        assertThat(server.localPort()).isEqualTo(8200);
        assertThat(server.peerAddress()).isEqualTo("127.0.0.1");
        assertThat(server.heldBy(5211)).isTrue();
        assertThat(all.get(1).isOtherEndOf(server)).isTrue();
        assertThat(all.get(1).heldBy(5232)).isTrue();
    }

    @Test
    void mappedAndScopedAddressesAreNormalisedAndHiddenOwnersSaidSo() {
        List<TcpConnection> all = TcpConnection.parse(LISTING);
        assertThat(all.get(2).localAddress()).isEqualTo("10.0.0.5");
        assertThat(all.get(2).describeOwners()).isEqualTo("process not visible");
        assertThat(all.get(3).localAddress()).isEqualTo("fe80::1");
        assertThat(all.get(3).owners()).extracting(TcpConnection.Owner::pid).containsExactly(1L, 7L);
    }
}
