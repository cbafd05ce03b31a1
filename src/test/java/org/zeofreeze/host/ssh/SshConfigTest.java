package org.zeofreeze.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    @TempDir
    Path home;

    private SshConfig config(String text) throws IOException {
        Path file = home.resolve(".ssh/config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return SshConfig.load(file, home, "alice");
    }

    @Test
    void anUnknownAliasIsTakenLiterallyWithTheLocalUserAndPort22() throws IOException {
        SshTarget t = config("").resolve("zeo1.example.org");
        assertThat(t.alias()).isEqualTo("zeo1.example.org");
        assertThat(t.hostName()).isEqualTo("zeo1.example.org");
        assertThat(t.user()).isEqualTo("alice");
        assertThat(t.port()).isEqualTo(22);
        assertThat(t.identityFiles()).isEmpty();
        assertThat(t.proxyJump()).isEmpty();
        assertThat(t.sudoUser()).isEmpty();
    }

    @Test
    void aMissingFileIsAnEmptyConfiguration() throws IOException {
        SshTarget t = SshConfig.load(home.resolve("nope"), home, "bob").resolve("web");
        assertThat(t.hostName()).isEqualTo("web");
        assertThat(t.user()).isEqualTo("bob");
    }

    @Test
    void anAliasGetsHostNameUserPortAndIdentityFile() throws IOException {
        SshConfig c = config("""
                # production
                Host zeo
                    HostName 10.0.0.5
                    User plone
                    Port 2222
                    IdentityFile ~/.ssh/plone_ed25519
                """);
        SshTarget t = c.resolve("zeo");
        assertThat(t.alias()).isEqualTo("zeo");
        assertThat(t.hostName()).isEqualTo("10.0.0.5");
        assertThat(t.user()).isEqualTo("plone");
        assertThat(t.port()).isEqualTo(2222);
        assertThat(t.identityFiles()).containsExactly(home.resolve(".ssh/plone_ed25519"));
        assertThat(c.resolve("other").hostName()).isEqualTo("other");
    }

    @Test
    void theFirstValueWinsAndIdentityFilesAccumulate() throws IOException {
        SshConfig c = config("""
                Host client1
                  User zope
                  IdentityFile ~/.ssh/client1
                Host client*
                  User nobody
                  Port 2200
                  IdentityFile /keys/shared
                Host *
                  User fallback
                  Port 22
                """);
        SshTarget t = c.resolve("client1");
        assertThat(t.user()).isEqualTo("zope");
        assertThat(t.port()).isEqualTo(2200);
        assertThat(t.identityFiles()).containsExactly(home.resolve(".ssh/client1"), Path.of("/keys/shared"));
        assertThat(c.resolve("client2").user()).isEqualTo("nobody");
        assertThat(c.resolve("zeo").user()).isEqualTo("fallback");
    }

    @Test
    void patternsWithStarQuestionMarkNegationAndSeveralOnOneLine() throws IOException {
        SshConfig c = config("""
                Host web? !web9 db-*.internal
                  User matched
                """);
        assertThat(c.resolve("web1").user()).isEqualTo("matched");
        assertThat(c.resolve("WEB2").user())
                .as("host names compare case-insensitively")
                .isEqualTo("matched");
        assertThat(c.resolve("web9").user()).as("negated").isEqualTo("alice");
        assertThat(c.resolve("web10").user()).as("? is one character").isEqualTo("alice");
        assertThat(c.resolve("db-main.internal").user()).isEqualTo("matched");
        assertThat(c.resolve("db-main.internal.evil").user()).isEqualTo("alice");
    }

    @Test
    void keywordsAreCaseInsensitiveAndMayUseEqualsAndQuotes() throws IOException {
        SshConfig c = config("""
                host=box
                  HOSTNAME = 192.0.2.7
                  user="my user"
                  identityfile "/keys/with space/id"   # trailing comment
                """);
        SshTarget t = c.resolve("box");
        assertThat(t.hostName()).isEqualTo("192.0.2.7");
        assertThat(t.user()).isEqualTo("my user");
        assertThat(t.identityFiles()).containsExactly(Path.of("/keys/with space/id"));
    }

    @Test
    void tokensInHostNameAndIdentityFileAreExpanded() throws IOException {
        SshConfig c = config("""
                Host *.lan
                  HostName %h.example.org
                  User deploy
                  IdentityFile %d/.ssh/%r-%h-%p_%%
                """);
        SshTarget t = c.resolve("zeo.lan");
        assertThat(t.hostName()).isEqualTo("zeo.lan.example.org");
        assertThat(t.identityFiles()).containsExactly(home.resolve(".ssh/deploy-zeo.lan.example.org-22_%"));
    }

    @Test
    void anExplicitUserWinsOverTheConfiguredOne() throws IOException {
        SshTarget t = config("Host zeo\n  User plone\n").resolve("root@zeo");
        assertThat(t.user()).isEqualTo("root");
        assertThat(t.alias()).isEqualTo("zeo");
    }

    @Test
    void proxyJumpIsResolvedThroughTheConfigurationToo() throws IOException {
        SshConfig c = config("""
                Host bastion
                  HostName 198.51.100.1
                  User jump
                  Port 2022
                Host zeo
                  HostName 10.0.0.5
                  ProxyJump bastion
                Host client
                  HostName 10.0.0.6
                  ProxyJump admin@gate:2200,bastion
                Host direct
                  ProxyJump none
                """);
        SshTarget zeo = c.resolve("zeo");
        assertThat(zeo.proxyJump()).isPresent();
        SshTarget jump = zeo.proxyJump().get();
        assertThat(jump.hostName()).isEqualTo("198.51.100.1");
        assertThat(jump.user()).isEqualTo("jump");
        assertThat(jump.port()).isEqualTo(2022);

        SshTarget client = c.resolve("client");
        SshTarget last = client.proxyJump().get();
        assertThat(last.alias()).isEqualTo("bastion");
        SshTarget firstHop = last.proxyJump().get();
        assertThat(firstHop.hostName()).isEqualTo("gate");
        assertThat(firstHop.user()).isEqualTo("admin");
        assertThat(firstHop.port()).isEqualTo(2200);
        assertThat(firstHop.proxyJump()).isEmpty();

        assertThat(c.resolve("direct").proxyJump()).isEmpty();
    }

    @Test
    void aProxyJumpLoopIsRefused() throws IOException {
        SshConfig c = config("Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n");
        assertThatThrownBy(() -> c.resolve("a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loop");
    }

    @Test
    void connectTimeoutAndServerAliveIntervalAreRead() throws IOException {
        SshConfig c =
                config("Host slow\n  ConnectTimeout 40\n  ServerAliveInterval 5\nHost off\n  ServerAliveInterval 0\n");
        assertThat(c.resolve("slow").connectTimeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(c.resolve("slow").keepAliveInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.resolve("off").keepAliveInterval())
                .as("keepalive stays on")
                .isEqualTo(SshTarget.DEFAULT_KEEPALIVE);
    }

    @Test
    void includedFilesAreReadInPlaceRelativeToDotSsh() throws IOException {
        Path d = home.resolve(".ssh/config.d");
        Files.createDirectories(d);
        Files.writeString(d.resolve("10-zeo.conf"), "Host zeo\n  HostName 10.0.0.5\n");
        Files.writeString(d.resolve("20-web.conf"), "Host web\n  HostName 10.0.0.8\n");
        Files.writeString(d.resolve("README"), "Host zeo\n  HostName wrong\n");
        SshConfig c = config("""
                Include config.d/*.conf
                Host zeo
                  HostName too-late
                """);
        assertThat(c.resolve("zeo").hostName()).isEqualTo("10.0.0.5");
        assertThat(c.resolve("web").hostName()).isEqualTo("10.0.0.8");
    }

    @Test
    void matchBlocksAreNotAppliedExceptMatchAll() throws IOException {
        SshConfig c = config("""
                Match exec "true"
                  User fromMatch
                Match all
                  Port 2345
                """);
        assertThat(c.resolve("x").user()).isEqualTo("alice");
        assertThat(c.resolve("x").port()).isEqualTo(2345);
    }

    @Test
    void malformedLinesAreReportedWithFileAndLine() throws IOException {
        assertThatThrownBy(() -> config("Host a\n  User \"unterminated\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("config:2");
        assertThatThrownBy(() -> config("Host a\n  Port\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("config:2");
        assertThatThrownBy(() -> config("Host a\n  Port twenty\n").resolve("a")).hasMessageContaining("twenty");
    }

    @Test
    void globMatchesLikeSshConfig() {
        assertThat(SshConfig.glob("*", "")).isTrue();
        assertThat(SshConfig.glob("a*b*c", "axxbyyc")).isTrue();
        assertThat(SshConfig.glob("a*b*c", "axxbyy")).isFalse();
        assertThat(SshConfig.glob("??", "ab")).isTrue();
        assertThat(SshConfig.glob("??", "abc")).isFalse();
        assertThat(List.of("10.0.0.1", "10.0.1.1"))
                .filteredOn(h -> SshConfig.glob("10.0.0.*", h))
                .containsExactly("10.0.0.1");
    }
}
