"""AsyncSSH as the NMS of reverse-ssh (RFC 8071) with an RFC 6187 device, for X509AsyncSshNmsTest.

Listens on 127.0.0.1 at a port the system picks (listen_reverse) and prints one JSON object a line:
{"event": "listening", "port": N} first; then, for each connection the device makes, AsyncSSH is
the SSH client on it: it takes only X.509 host keys (--host-algs), validates the device's chain
against --ca for the name --host (its subjectAltName or common name), logs in as --user with --key
(with --chain, an X.509 user certificate chain in PEM: RFC 6187 public key authentication),
opens the netconf subsystem and reads the device's hello up to ]]>]]>, printing
{"event": "hello", ...}; with --hold it then keeps the connection open, without a hello of its own,
until the device ends it. A connection that fails prints {"event": "failed", ...}. Runs until killed.
"""

import argparse
import asyncio
import json
import sys

import asyncssh


def emit(**fields):
    print(json.dumps(fields), flush=True)


async def nms(args):
    async def accepted(conn):
        try:
            writer, reader, _ = await conn.open_session(subsystem='netconf')
            hello = await asyncio.wait_for(reader.readuntil(']]>]]>'), 30)
            emit(event='hello', username=conn.get_extra_info('username'), hello=hello)
            if args.hold:
                await conn.wait_closed()
            writer.close()
        except (OSError, asyncssh.Error, asyncio.TimeoutError) as exc:
            emit(event='failed', stage='netconf', error=type(exc).__name__, message=str(exc))
        finally:
            conn.close()

    def failed(conn, exc):
        emit(event='failed', stage='handshake', error=type(exc).__name__, message=str(exc))

    # (key, chain): AsyncSSH offers the key with the chain (an x509v3-* public key algorithm), then
    # the bare key. x509_trusted_certs must not be None: with None, AsyncSSH 2.10 leaves the
    # x509v3-* algorithms out of its signature algorithms and so never offers the chain.
    client_key = (args.key, args.chain) if args.chain else args.key
    listener = await asyncssh.listen_reverse(
        '127.0.0.1', 0, acceptor=accepted, error_handler=failed, config=[],
        username=args.user, client_keys=[client_key], agent_path=None, preferred_auth='publickey',
        known_hosts=None, x509_trusted_certs=[args.ca], host_key_alias=args.host,
        server_host_key_algs=args.host_algs.split(','))
    emit(event='listening', port=listener.sockets[0].getsockname()[1])
    await asyncio.Event().wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--user', required=True)
    parser.add_argument('--key', required=True)
    parser.add_argument('--chain')
    parser.add_argument('--ca', required=True)
    parser.add_argument('--host', required=True)
    parser.add_argument('--host-algs', required=True)
    parser.add_argument('--hold', action='store_true')
    asyncio.run(nms(parser.parse_args()))


if __name__ == '__main__':
    sys.exit(main())
