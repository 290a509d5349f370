package org.callhome.device;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the device agent. */
@Command(name = "device-client", mixinStandardHelpOptions = true, version = "callhome device-client 0.1.0",
        subcommands = {StdioCommand.class, CommandLine.HelpCommand.class},
        description = {
            "The device side of NETCONF Call Home: a NETCONF server (RFC 6241/6242) with a",
            "persistent running datastore.",
            "",
            "Built today: 'stdio', one NETCONF session on stdin/stdout, usable as an OpenSSH",
            "'Subsystem netconf' program.",
            "Not built yet: calling home (--mode reverse-ssh, --mode device-ssh-client)."
        })
public final class DeviceClientMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DeviceClientMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "choose a command: 'stdio' (see --help); call-home modes are not built yet");
    }
}
