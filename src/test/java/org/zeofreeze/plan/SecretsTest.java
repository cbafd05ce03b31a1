package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What is secret in a zope.conf, and how it is hidden in config text, diffs and free text. */
class SecretsTest {
    private static final String ZOPE_CONF = """
            %define ZEO_PW s3cret-pw
            %define INSTANCE /srv/plone
            <zodb_db main>
              <zeoclient>
                server 127.0.0.1:8100
                storage 1
                username admin
                Password\t$ZEO_PW
                realm ZEO
              </zeoclient>
            </zodb_db>
            <zodb_db other>
              <zeoclient>
                password   literal-pw  \r
              </zeoclient>
            </zodb_db>
            """;

    private final Secrets secrets = Secrets.in(List.of(ZOPE_CONF));

    @Test
    void thePasswordKeyAndTheDefinesItUsesAreMaskedAndNothingElse() {
        String masked = secrets.mask(ZOPE_CONF);
        assertThat(masked)
                .doesNotContain("s3cret-pw", "literal-pw")
                .contains("%define ZEO_PW ********\n", "Password\t********\n", "password   ********  \r\n")
                .contains("%define INSTANCE /srv/plone", "username admin", "realm ZEO", "server 127.0.0.1:8100");
        assertThat(masked.lines()).hasSameSizeAs(ZOPE_CONF.lines().toList());
    }

    @Test
    void diffLinesAreMaskedWithTheirMarkersAndHeadersKept() {
        String diff = """
                --- a/parts/client1/etc/zope.conf
                +++ b/parts/client1/etc/zope.conf
                @@ -1,4 +1,4 @@
                 %define ZEO_PW s3cret-pw
                -    password old-literal
                +    password literal-pw
                     read-only true
                """;
        String masked = secrets.mask(diff);
        assertThat(masked)
                .contains(
                        "--- a/parts/client1/etc/zope.conf\n",
                        "+++ b/parts/client1/etc/zope.conf\n",
                        "@@ -1,4 +1,4 @@\n",
                        " %define ZEO_PW ********\n",
                        "-    password ********\n",
                        "+    password ********\n",
                        "    read-only true\n")
                .doesNotContain("s3cret", "old-literal", "literal-pw");
    }

    @Test
    void aSecretDefineIsFoundThroughAnotherDefine() {
        Secrets s = Secrets.in(
                List.of("%define A hidden-value\n%define B $A\n<zeoclient>\n password ${B}\n</zeoclient>\n"));
        assertThat(s.mask("%define A hidden-value\n")).isEqualTo("%define A ********\n");
        assertThat(s.mask("%define B $A\n")).isEqualTo("%define B ********\n");
    }

    @Test
    void aSecretValueQuotedInFreeTextIsMaskedToo() {
        assertThat(secrets.mask("error on line 8: cannot log in with s3cret-pw to 127.0.0.1"))
                .isEqualTo("error on line 8: cannot log in with ******** to 127.0.0.1");
        assertThat(secrets.appearIn("nothing here")).isFalse();
        assertThat(secrets.appearIn("literal-pw")).isTrue();
    }

    @Test
    void aDefineNamedAsASecretIsMaskedEvenWhenThePasswordIsInAFileNotShown() {
        assertThat(Secrets.NONE.mask("%define RELSTORAGE_PASSWORD x\n")).isEqualTo("%define RELSTORAGE_PASSWORD x\n");
        assertThat(Secrets.in(List.of("%define RELSTORAGE_PASSWORD topsecret\n"))
                        .mask("%define RELSTORAGE_PASSWORD topsecret\n"))
                .isEqualTo("%define RELSTORAGE_PASSWORD ********\n");
    }

    @Test
    void withNothingKnownAPasswordLineIsStillMasked() {
        assertThat(Secrets.NONE.mask("+  password abc\n  password-function my.func\n"))
                .isEqualTo("+  password ********\n  password-function my.func\n");
    }
}
