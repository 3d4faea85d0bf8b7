package io.arrears.infra.axon;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class NodeIdentityTest {

    @Test
    void aNodeOnAFixedPortOwnsItsClaimsByHostAndPortAndItsLeasesByProcess() {
        NodeIdentity node = NodeIdentity.of(8080);

        assertThat(node.claimOwner()).endsWith(":8080").doesNotContain("@");
        assertThat(node.process()).isEqualTo(ManagementFactory.getRuntimeMXBean().getName()).contains("@");
        assertThat(NodeIdentity.of(8080)).isEqualTo(node);
        assertThat(NodeIdentity.of(8081).claimOwner()).isNotEqualTo(node.claimOwner());
    }

    @Test
    void aNodeOnARandomPortOwnsItsClaimsByProcessToo() {
        NodeIdentity node = NodeIdentity.of(0);

        assertThat(node.claimOwner()).isEqualTo(node.process());
    }
}
