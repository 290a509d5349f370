package org.callhome.compare.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.callhome.testsupport.ncclient.NcclientProcess;

/**
 * The NMS side of {@link Rfc6242Client} over SSH: ncclient's {@code manager.call_home} in a script that
 * listens on a port of its choosing, says which ("LISTENING port"), accepts one device, runs
 * get-config and prints one JSON line, or "ERROR kind: message" on stderr.
 */
final class NcclientCallHomeScript {

    /** The NMS side, written to a file of the run; arguments: host user key-file host-key-b64|- timeout. */
    private static final String SCRIPT = """
            import json, socket, sys
            from ncclient import manager


            class AnnouncingSocket(socket.socket):
                # call_home() binds the port it is given (0: any) but never says which; this does
                def listen(self, *args):
                    super().listen(*args)
                    print("LISTENING %d" % self.getsockname()[1], flush=True)


            def main(argv):
                host, username, key_file, host_key, timeout = argv[0], argv[1], argv[2], argv[3], float(argv[4])
                original = manager.socket
                manager.socket = type("socket_module", (), {"socket": AnnouncingSocket,
                                                            "AF_INET": socket.AF_INET,
                                                            "SOCK_STREAM": socket.SOCK_STREAM})
                options = dict(host=host, port=0, username=username, key_filename=key_file,
                               hostkey_verify=host_key != "-", allow_agent=False, look_for_keys=False,
                               timeout=timeout)
                if host_key != "-":
                    options["hostkey_b64"] = host_key
                try:
                    with manager.call_home(**options) as m:
                        reply = m.get_config(source="running")
                        transport = m._session.transport
                        print(json.dumps({"session_id": m.session_id, "get_config": reply.data_xml,
                                          "host_key": transport.host_key_type,
                                          "cipher": transport.local_cipher}), flush=True)
                    return 0
                except Exception as e:
                    print("ERROR %s: %s" % (type(e).__name__, e), file=sys.stderr, flush=True)
                    return 1
                finally:
                    manager.socket = original


            if __name__ == "__main__":
                sys.exit(main(sys.argv[1:]))
            """;

    private NcclientCallHomeScript() {
    }

    /** Writes the script to {@code folder} and starts it; {@code hostKeyBase64} null accepts any host key. */
    static NcclientProcess start(Path python, Path folder, String username, Path keyFile, String hostKeyBase64,
                                 Duration rpcTimeout) throws IOException {
        Path script = Files.writeString(folder.resolve("ncclient_call_home.py"), SCRIPT);
        return NcclientProcess.start(python, script, List.of("127.0.0.1", username, keyFile.toString(),
                hostKeyBase64 == null ? "-" : hostKeyBase64, Long.toString(rpcTimeout.toSeconds())));
    }
}
