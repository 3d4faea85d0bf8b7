package io.arrears.infra.axon;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who this node is, in the two senses the ledger needs, deliberately different.
 *
 * @param claimOwner owns segment claims in the token store and this node's entry in the segment
 *                   balancer: host and HTTP port, so a node restarted after a crash takes its own
 *                   claims back at once, while two nodes on one host never share it; a node on a
 *                   random port has no stable one and uses {@code process}
 * @param process    owns leases (the portfolio accrual run): process id and host, so a restarted
 *                   process never believes it still holds a run its predecessor was doing
 */
public record NodeIdentity(String claimOwner, String process) {

    /** This process, serving HTTP on {@code httpPort} (0 for a random one). */
    public static NodeIdentity of(int httpPort) {
        String process = ManagementFactory.getRuntimeMXBean().getName();
        return new NodeIdentity(httpPort > 0 ? hostName() + ":" + httpPort : process, process);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
