"""AsyncSSH as a device presenting X.509 certificates (RFC 6187) to our NMS, in either strategy,
for X509AsyncSshDeviceTest and X509AsyncSshLoginTest.

  reverse-ssh        dials the NMS and runs AsyncSSH's SSH server on that connection (RFC 8071,
                     connect_reverse), presenting its key with the X.509 host certificate chain,
                     and lets the NMS log in with the one key it is given (--nms-key)
  device-ssh-client  logs into the NMS's SSH server as --user with its key and X.509 user
                     certificate chain, after validating the NMS's X.509 host certificate chain
                     against --ca for the address 127.0.0.1 (X.509 host key algorithms only, no
                     known_hosts), and opens the NMS's --subsystem

Either way it is the NETCONF server in the channel, the smallest one: a hello with base:1.0 and
base:1.1, then every rpc answered with <data/>, in RFC 6242 chunked framing once both hellos say
base:1.1. It runs until the NMS ends the connection or the test kills it.

Every result is one JSON object on one stdout line, with an "event" field:

  {"event": "connected", ...}            logged in (the NMS, or we, in device-ssh-client)
  {"event": "hello", "capabilities": n}  the NMS's hello arrived in the channel
  {"event": "rpc", "message_id": "..."}  an rpc was answered
  {"event": "closed"}                    the connection ended after it was up
  {"event": "failed", ...}               the connection did not come up (a side refused it)
"""

import argparse
import asyncio
import json
import re
import sys

import asyncssh

BASE_1_1 = 'urn:ietf:params:netconf:base:1.1'
HELLO = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
         '<capability>urn:ietf:params:netconf:base:1.0</capability>'
         '<capability>' + BASE_1_1 + '</capability>'
         '</capabilities><session-id>7</session-id></hello>]]>]]>')
END_OF_MESSAGE = ']]>]]>'


def emit(**fields):
    print(json.dumps(fields), flush=True)


class Device(asyncssh.SSHServer):

    def auth_completed(self):
        emit(event='connected')


def chunked(message):
    data = message.encode('utf-8')
    return '\n#%d\n%s\n##\n' % (len(data), message)


async def netconf_server(reader, writer):
    """The NETCONF server on one channel, until its input ends."""
    writer.write(HELLO)
    buffer = ''
    while END_OF_MESSAGE not in buffer:
        data = await reader.read(4096)
        if not data:
            return
        buffer += data
    hello, buffer = buffer.split(END_OF_MESSAGE, 1)
    emit(event='hello', capabilities=hello.count('<capability>'))
    chunked_framing = BASE_1_1 in hello
    while True:
        message, buffer = await read_message(reader, buffer, chunked_framing)
        if message is None:
            return
        found = re.search(r'message-id="([^"]*)"', message)
        message_id = found.group(1) if found else ''
        reply = ('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="%s"><data/></rpc-reply>'
                 % message_id)
        writer.write(chunked(reply) if chunked_framing else reply + END_OF_MESSAGE)
        emit(event='rpc', message_id=message_id)


async def netconf_subsystem(process):
    """reverse-ssh: the netconf subsystem the NMS opens on our SSH server."""
    if process.subsystem != 'netconf':
        process.exit(1)
        return
    await netconf_server(process.stdin, process.stdout)
    process.exit(0)


async def read_message(reader, buffer, chunked_framing):
    """One message and what follows it, or None at the end of input."""
    while True:
        if chunked_framing:
            parsed = parse_chunks(buffer)
            if parsed is not None:
                return parsed
        elif END_OF_MESSAGE in buffer:
            message, rest = buffer.split(END_OF_MESSAGE, 1)
            return message, rest
        data = await reader.read(4096)
        if not data:
            return None, buffer
        buffer += data


def parse_chunks(buffer):
    """RFC 6242 chunked framing: (message, rest) once a whole message is buffered, else None."""
    message = ''
    position = 0
    while True:
        header = re.match(r'\n#(\d+|#)\n', buffer[position:])
        if not header:
            return None
        position += header.end()
        if header.group(1) == '#':
            return message, buffer[position:]
        size = int(header.group(1))
        if len(buffer) - position < size:
            return None
        message += buffer[position:position + size]
        position += size


async def reverse_ssh(args):
    with open(args.nms_key) as file:
        authorized = asyncssh.import_authorized_keys(file.read())
    try:
        conn = await asyncssh.connect_reverse(
            '127.0.0.1', args.port, server_factory=Device, server_host_keys=[(args.key, args.chain)],
            authorized_client_keys=authorized, process_factory=netconf_subsystem, config=[])
    except (OSError, asyncssh.Error) as exc:
        emit(event='failed', error=type(exc).__name__, message=str(exc))
        return
    await conn.wait_closed()
    emit(event='closed')


async def device_ssh_client(args):
    # known_hosts=None with x509_trusted_certs: the host key is trusted only as an X.509 chain to
    # --ca, valid now, for secureShellServer (x509_purposes) and naming the host dialled, 127.0.0.1
    # (its subjectAltName, else its CN). x509_trusted_certs also lets the x509v3-* signature
    # algorithms in: with None, AsyncSSH 2.10 never offers the user chain of client_keys.
    options = dict(
        username=args.user, client_keys=[(args.key, args.chain)], agent_path=None, config=[],
        preferred_auth='publickey', known_hosts=None, x509_trusted_certs=[args.ca],
        x509_purposes='secureShellServer', server_host_key_algs=args.host_algs.split(','))
    try:
        conn = await asyncssh.connect('127.0.0.1', args.port, **options)
    except (OSError, asyncssh.Error) as exc:
        emit(event='failed', error=type(exc).__name__, message=str(exc))
        return
    async with conn:
        emit(event='connected', username=conn.get_extra_info('username'))
        try:
            writer, reader, _ = await conn.open_session(subsystem=args.subsystem, encoding='utf-8')
            await netconf_server(reader, writer)
        except (OSError, asyncssh.Error) as exc:
            emit(event='failed', error=type(exc).__name__, message=str(exc))
            return
    emit(event='closed')


def main():
    parser = argparse.ArgumentParser()
    modes = parser.add_subparsers(dest='mode', required=True)
    reverse = modes.add_parser('reverse-ssh')
    reverse.add_argument('--port', type=int, required=True)
    reverse.add_argument('--key', required=True)
    reverse.add_argument('--chain', required=True)
    reverse.add_argument('--nms-key', required=True)
    login = modes.add_parser('device-ssh-client')
    login.add_argument('--port', type=int, required=True)
    login.add_argument('--user', required=True)
    login.add_argument('--key', required=True)
    login.add_argument('--chain', required=True)
    login.add_argument('--ca', required=True)
    login.add_argument('--host-algs', required=True)
    login.add_argument('--subsystem', required=True)
    args = parser.parse_args()
    asyncio.run(reverse_ssh(args) if args.mode == 'reverse-ssh' else device_ssh_client(args))


if __name__ == '__main__':
    sys.exit(main())
