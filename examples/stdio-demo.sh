#!/usr/bin/env bash
# Drives one `device-client stdio` NETCONF session with raw RFC 6242 bytes: hello, an
# edit-config, a get-config, close-session. Prints what the device answers.
# Usage: examples/stdio-demo.sh [DATA_DIR]   (default: ./demo-data)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=device-client/target/device-client.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
data=${1:-demo-data}
ns='urn:ietf:params:xml:ns:netconf:base:1.0'
eom=']]>]]>'
{
  printf '%s%s' "<hello xmlns=\"$ns\"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>" "$eom"
  printf '%s%s' "<rpc xmlns=\"$ns\" message-id=\"1\"><edit-config><target><running/></target><config><system xmlns=\"urn:example:system\"><hostname>edge-1</hostname><location>rack 7</location></system></config></edit-config></rpc>" "$eom"
  printf '%s%s' "<rpc xmlns=\"$ns\" message-id=\"2\"><get-config><source><running/></source></get-config></rpc>" "$eom"
  printf '%s%s' "<rpc xmlns=\"$ns\" message-id=\"3\"><close-session/></rpc>" "$eom"
} | java -jar "$jar" stdio --datastore "$data" --user demo 2>/dev/null | sed 's/\]\]>\]\]>/\n/g'
