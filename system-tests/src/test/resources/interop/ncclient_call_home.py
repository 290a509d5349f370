#!/usr/bin/python3
"""ncclient as the NMS of RFC 8071 call home, for NcclientCallHomeInteropTest.

Listens with ncclient's own manager.call_home() for one device, accepts it only if it presents
the pinned host key (hostkey_verify=True, hostkey_b64), logs in with one private key file (no
agent, no ~/.ssh keys), merges <system><hostname> in the given namespace into running, reads it
back with a subtree filter and closes the session. With --get-schema NAME (repeatable) it also
fetches each module's text with get-schema (RFC 6022) and reads /netconf-state/schemas with <get>.

stdout carries two lines: "LISTENING <port>" once the socket listens (flushed, so the caller
starts the device only then), and one JSON object with the result. Errors go to stderr as
"ERROR <kind>: <message>" followed by what paramiko logged about the key exchange; exit code 3
means the device's host key was refused, 1 any other failure, 2 bad arguments.
"""

import argparse
import json
import logging
import socket
import sys

from ncclient import manager
from ncclient.transport.errors import SSHUnknownHostError

EXIT_FAILED = 1
EXIT_HOST_KEY_REFUSED = 3
MONITORING_NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"


class _AnnouncingSocket(socket.socket):
    """The listening socket call_home() creates: says which port it got once it listens.

    call_home() binds the port it is given, so port 0 lets the kernel pick a free one, but it
    neither returns nor prints the port, and it blocks in accept() right after listen().
    """

    def listen(self, *args):
        super().listen(*args)
        print("LISTENING %d" % self.getsockname()[1], flush=True)


class _ListenerAnnouncement:
    """Makes call_home() create an _AnnouncingSocket while the block runs (it looks up
    socket.socket in ncclient.manager's module namespace); restores the module afterwards."""

    def __enter__(self):
        shim = type("socket_shim", (), {})()
        shim.socket = _AnnouncingSocket
        shim.AF_INET = socket.AF_INET
        shim.SOCK_STREAM = socket.SOCK_STREAM
        manager.socket = shim
        return self

    def __exit__(self, *exc):
        manager.socket = socket
        return False


class _TransportLog(logging.Handler):
    """Keeps what paramiko logs on ncclient's transport logger: the algorithms each side
    offered and which were agreed (paramiko forgets the agreed key exchange once it is done)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())

    def agreed(self, prefix):
        for line in self.lines:
            if line.startswith(prefix + ": "):
                return line[len(prefix) + 2:]
        return None


def _arguments(argv):
    parser = argparse.ArgumentParser(description="ncclient call-home NMS for one device")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0: any free port")
    parser.add_argument("--username", required=True)
    parser.add_argument("--key-file", required=True, help="private key to log in with")
    parser.add_argument("--hostkey-b64", required=True,
                        help="the device's host key: base64 of the key blob, as in known_hosts")
    parser.add_argument("--namespace", required=True, help="namespace of the <system> edited")
    parser.add_argument("--hostname", required=True, help="value merged into <system><hostname>")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds for each RPC")
    parser.add_argument("--get-schema", action="append", default=[], metavar="NAME",
                        help="a module to fetch with get-schema (repeatable)")
    parser.add_argument("--with-defaults", action="append", default=[], metavar="MODE",
                        help="a with-defaults mode to read running with (repeatable)")
    return parser.parse_args(argv)


def _negotiated(session, log):
    transport = session.transport
    return {
        "kex": log.agreed("Kex"),
        "host_key": transport.host_key_type,
        "cipher_out": transport.local_cipher,
        "cipher_in": transport.remote_cipher,
        "mac_out": transport.local_mac,
        "mac_in": transport.remote_mac,
    }


def _round_trip(m, args):
    config = ('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
              '<system xmlns="%s"><hostname>%s</hostname></system></config>') % (args.namespace, args.hostname)
    edit = m.edit_config(target="running", config=config, default_operation="merge")
    got = m.get_config(source="running", filter=("subtree", '<system xmlns="%s"/>' % args.namespace))
    return edit.ok, got.data_xml


def _schemas(m, names):
    texts = {name: m.get_schema(name).data for name in names}
    state = m.get(filter=("subtree", '<netconf-state xmlns="%s"><schemas/></netconf-state>' % MONITORING_NS))
    return texts, state.data_xml


def main(argv):
    args = _arguments(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="ncclient_call_home %(levelname)s %(name)s: %(message)s")
    log = _TransportLog()
    transport_logger = logging.getLogger("ncclient.transport.ssh")
    transport_logger.setLevel(logging.DEBUG)
    transport_logger.propagate = False
    transport_logger.addHandler(log)
    try:
        with _ListenerAnnouncement():
            m = manager.call_home(host=args.host, port=args.port, username=args.username,
                                  key_filename=args.key_file, hostkey_verify=True,
                                  hostkey_b64=args.hostkey_b64, allow_agent=False, look_for_keys=False,
                                  timeout=args.timeout)
        with m:
            edit_ok, data = _round_trip(m, args)
            result = {
                "session_id": m.session_id,
                "server_capabilities": sorted(m.server_capabilities),
                "negotiated": _negotiated(m._session, log),
                "edit_ok": edit_ok,
                "get_config": data,
            }
            if args.get_schema:
                result["schemas"], result["netconf_state_schemas"] = _schemas(m, args.get_schema)
            if args.with_defaults:
                result["with_defaults"] = {mode: m.get_config(source="running", with_defaults=mode).data_xml
                                           for mode in args.with_defaults}
    except SSHUnknownHostError as e:
        return _fail(EXIT_HOST_KEY_REFUSED, "host-key-refused", e, log)
    except Exception as e:  # every other failure is reported the same way
        return _fail(EXIT_FAILED, type(e).__name__, e, log)
    print(json.dumps(result), flush=True)
    return 0


def _fail(code, kind, error, log):
    print("ERROR %s: %s" % (kind, error), file=sys.stderr)
    for line in log.lines:
        print("  paramiko: " + line, file=sys.stderr)
    sys.stderr.flush()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
