"""AsyncSSH as the other side of RFC 6187 (X.509 certificates in SSH), for X509AsyncSshInteropTest.

Every result is one JSON object on one stdout line, with an "event" field:

  client ...  connects once, prints {"event": "connected"} or {"event": "failed", ...}, exits 0
  server ...  prints {"event": "listening", "port": N}, then {"event": "auth", ...} for each
              login that succeeds, until it is killed

Certificates are PEM files the test wrote, private keys OpenSSH files; the CA is the root of the
test PKI.
"""

import argparse
import asyncio
import json
import sys

import asyncssh


def emit(**fields):
    print(json.dumps(fields), flush=True)


async def client(args):
    options = dict(username=args.user, known_hosts=None, config=[], agent_path=None,
                   preferred_auth='publickey')
    if args.ca:
        # RFC 6187 host key: validated against the CA (chain, validity, host name or address,
        # extended key usage secureShellServer), offered only in the algorithm under test
        options.update(x509_trusted_certs=[args.ca], server_host_key_algs=[args.host_alg])
    if args.chain:
        options.update(client_keys=[(args.key, args.chain)])
    else:
        options.update(client_keys=[args.key])
    try:
        async with asyncssh.connect('127.0.0.1', args.port, **options) as conn:
            emit(event='connected', username=conn.get_extra_info('username'))
    except (OSError, asyncssh.Error) as exc:
        emit(event='failed', error=type(exc).__name__, message=str(exc))


class Server(asyncssh.SSHServer):

    def connection_made(self, conn):
        self._conn = conn

    def auth_completed(self):
        key = self._conn.get_server_host_key()
        emit(event='auth', username=self._conn.get_extra_info('username'),
             host_key_algorithm=key.algorithm.decode() if key else None)


async def server(args):
    with open(args.authorized) as file:
        authorized = file.read()
    if args.authorized_ca:
        # an X.509 entry: the root CA as a cert-authority line, as OpenSSH format exports it
        ca = asyncssh.read_certificate(args.authorized_ca)
        authorized += 'cert-authority ' + ca.export_certificate('openssh').decode('ascii') + '\n'
    listener = await asyncssh.listen(
        '127.0.0.1', 0, server_factory=Server,
        server_host_keys=[(args.key, args.chain)],
        authorized_client_keys=asyncssh.import_authorized_keys(authorized),
        x509_trusted_certs=[args.authorized_ca] if args.authorized_ca else None)
    emit(event='listening', port=listener.sockets[0].getsockname()[1])
    await asyncio.Event().wait()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest='mode', required=True)
    c = sub.add_parser('client')
    c.add_argument('--port', type=int, required=True)
    c.add_argument('--user', required=True)
    c.add_argument('--key', required=True)
    c.add_argument('--chain')
    c.add_argument('--ca')
    c.add_argument('--host-alg')
    s = sub.add_parser('server')
    s.add_argument('--key', required=True)
    s.add_argument('--chain', required=True)
    s.add_argument('--authorized', required=True)
    s.add_argument('--authorized-ca')
    args = parser.parse_args()
    asyncio.run(client(args) if args.mode == 'client' else server(args))


if __name__ == '__main__':
    sys.exit(main())
