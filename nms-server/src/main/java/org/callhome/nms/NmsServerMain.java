package org.callhome.nms;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the NMS. The call-home listener, registry and HTTP API are not built yet;
 * until they are, this command only explains what exists.
 */
@Command(name = "nms-server", mixinStandardHelpOptions = true, version = "callhome nms-server 0.1.0",
        description = {
            "The network management system side of NETCONF Call Home.",
            "",
            "Not built yet: the reverse-ssh call-home listener (port 4334, RFC 8071), the",
            "device-ssh-client SSH server, the device registry, the HTTP API and the dashboard.",
            "What exists today is the shared NETCONF core (framing, messages, session engine)",
            "and the device's NETCONF server: see 'device-client stdio --help'."
        })
public final class NmsServerMain implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new NmsServerMain()).execute(args));
    }

    @Override
    public void run() {
        System.err.println("nms-server: no mode is built yet; see --help for what exists.");
        throw new CommandLine.ExecutionException(new CommandLine(this), "nothing to run yet");
    }
}
