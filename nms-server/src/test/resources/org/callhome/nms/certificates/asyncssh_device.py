"""AsyncSSH as a reverse-ssh device (RFC 8071) presenting an X.509 host certificate (RFC 6187),
for X509AsyncSshDeviceTest.

It dials the NMS and runs AsyncSSH's SSH server on that connection (connect_reverse), presenting
its key with the certificate chain, lets the NMS log in with the one key it is given, and serves
the netconf subsystem with the smallest NETCONF server: a hello with base:1.0 and base:1.1, then
every rpc answered with <data/>, in RFC 6242 chunked framing once both hellos say base:1.1.

Every result is one JSON object on one stdout line, with an "event" field:

  {"event": "connected"}                 the NMS logged in
  {"event": "hello", "capabilities": n}  the NMS's hello arrived on the netconf subsystem
  {"event": "rpc", "message_id": "..."}  an rpc was answered
  {"event": "closed"}                    the connection ended after it was up
  {"event": "failed", ...}               the connection did not come up (the NMS refused it)
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


async def netconf(process):
    if process.subsystem != 'netconf':
        process.exit(1)
        return
    process.stdout.write(HELLO)
    buffer = ''
    while END_OF_MESSAGE not in buffer:
        data = await process.stdin.read(4096)
        if not data:
            process.exit(0)
            return
        buffer += data
    hello, buffer = buffer.split(END_OF_MESSAGE, 1)
    emit(event='hello', capabilities=hello.count('<capability>'))
    chunked_framing = BASE_1_1 in hello
    while True:
        message, buffer = await read_message(process, buffer, chunked_framing)
        if message is None:
            break
        found = re.search(r'message-id="([^"]*)"', message)
        message_id = found.group(1) if found else ''
        reply = ('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="%s"><data/></rpc-reply>'
                 % message_id)
        process.stdout.write(chunked(reply) if chunked_framing else reply + END_OF_MESSAGE)
        emit(event='rpc', message_id=message_id)
    process.exit(0)


async def read_message(process, buffer, chunked_framing):
    """One message and what follows it, or None at the end of input."""
    while True:
        if chunked_framing:
            parsed = parse_chunks(buffer)
            if parsed is not None:
                return parsed
        elif END_OF_MESSAGE in buffer:
            message, rest = buffer.split(END_OF_MESSAGE, 1)
            return message, rest
        data = await process.stdin.read(4096)
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


async def device(args):
    with open(args.nms_key) as file:
        authorized = asyncssh.import_authorized_keys(file.read())
    try:
        conn = await asyncssh.connect_reverse(
            '127.0.0.1', args.port, server_factory=Device, server_host_keys=[(args.key, args.chain)],
            authorized_client_keys=authorized, process_factory=netconf, config=[])
    except (OSError, asyncssh.Error) as exc:
        emit(event='failed', error=type(exc).__name__, message=str(exc))
        return
    await conn.wait_closed()
    emit(event='closed')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--key', required=True)
    parser.add_argument('--chain', required=True)
    parser.add_argument('--nms-key', required=True)
    args = parser.parse_args()
    asyncio.run(device(args))


if __name__ == '__main__':
    sys.exit(main())
