package org.callhome.compare;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the side-by-side comparison. The comparison needs both call-home
 * strategies, which are not built yet; until then this command says so and fails.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, version = "callhome compare 0.1.0",
        description = {
            "Runs reverse-ssh (RFC 8071) and device-ssh-client side by side on loopback and",
            "writes a report.",
            "",
            "Not built yet: it needs both call-home strategies. What exists today is the shared",
            "NETCONF core and the device's NETCONF server ('device-client stdio')."
        })
public final class CompareMain implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new CompareMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ExecutionException(new CommandLine(this),
                "compare: the comparison is not built yet (it needs both call-home strategies); see --help");
    }
}
