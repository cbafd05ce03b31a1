package org.zeofreeze.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.zeofreeze.runbook.process.HttpAddress;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigParser;

/** A Zope 2.13 (ZServer) client says where it serves HTTP in its zope.conf's {@code <http-server>}. */
class ZServerAddressTest {
    private static ZopeClient client(String text) throws Exception {
        var config = ConfigParser.standalone().parse(ConfigDocument.of("/b/parts/client1/etc/zope.conf", text));
        return new ClusterBuilder().readClient("local", "client1", config);
    }

    @Test
    void theFirstHttpServerSectionsAddressIsReadWithItsDefinesResolved() throws Exception {
        ZopeClient c = client("""
                %define PORT 8081
                <http-server>
                  # valid keys are "address" and "force-connection-close"
                  address 127.0.0.1:$PORT
                </http-server>
                <http-server>
                  address 9000
                </http-server>
                """);
        assertThat(c.zserverAddress()).contains("127.0.0.1:8081");
    }

    @Test
    void aWsgiClientsZopeConfHasNone() throws Exception {
        assertThat(client("<zodb_db main>\n  mount-point /\n</zodb_db>\n").zserverAddress())
                .isEmpty();
    }

    @Test
    void anInetBindingAddressIsAskedOnTheClientsOwnHost() {
        assertThat(HttpAddress.zserver("8080")).contains("127.0.0.1:8080");
        assertThat(HttpAddress.zserver(":8080")).contains("127.0.0.1:8080");
        assertThat(HttpAddress.zserver("0.0.0.0:8080")).contains("127.0.0.1:8080");
        assertThat(HttpAddress.zserver("10.0.0.5:8082")).contains("10.0.0.5:8082");
        assertThat(HttpAddress.zserver("zope.example.org:8080")).contains("zope.example.org:8080");
        assertThat(HttpAddress.zserver("not an address")).isEmpty();
    }
}
