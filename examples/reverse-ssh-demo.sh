#!/usr/bin/env bash
# reverse-ssh (RFC 8071) end to end on this machine: an NMS, one device calling home to it,
# then edit-config and get-config through the NMS's HTTP API. The same steps as the README.
# Usage: examples/reverse-ssh-demo.sh [WORK_DIR]   (default: a new temporary folder)
# Ports: CALLHOME_PORT (default 4334) and HTTP_PORT (default 8080) may be set in the environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nms_jar=$root/nms-server/target/nms-server.jar
device_jar=$root/device-client/target/device-client.jar
for jar in "$nms_jar" "$device_jar"; do
  [ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
done
work=${1:-$(mktemp -d)}
callhome_port=${CALLHOME_PORT:-4334}
http_port=${HTTP_PORT:-8080}
mkdir -p "$work" && cd "$work"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT   # stop them and wait until they are gone

# 1. Keys: the NMS's login key, the device's host key; the trust on each side.
ssh-keygen -q -t ed25519 -N '' -f nms_key <<<y >/dev/null
ssh-keygen -q -t ed25519 -N '' -f device_key <<<y >/dev/null
echo "dev-1 $(cut -d' ' -f1,2 device_key.pub)" > known_devices      # the NMS trusts dev-1's host key
cp nms_key.pub nms.authorized_keys                                    # dev-1 lets the NMS log in as 'nms'

# 2. The NMS listens for call home and serves the API.
java -jar "$nms_jar" --listen 127.0.0.1:"$callhome_port" --http 127.0.0.1:"$http_port" \
  --known-devices known_devices --identity nms_key > nms.log 2>&1 &
pids+=($!)

# 3. The device calls home (it never listens on a port).
java -jar "$device_jar" --mode reverse-ssh --nms 127.0.0.1:"$callhome_port" --host-key device_key \
  --account nms:admin:nms.authorized_keys --datastore dev-1-data > device.log 2>&1 &
pids+=($!)

api=http://127.0.0.1:$http_port/api/devices
for _ in $(seq 1 60); do
  curl -sf "$api" 2>/dev/null | grep -q '"state" : "connected"' && break
  sleep 0.5
done
echo "== GET /api/devices"
curl -sf "$api"
echo
echo "== edit-config"
curl -sf -X POST -H 'Content-Type: application/xml' --data-binary '<edit-config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><target><running/></target><config><system xmlns="urn:example:system"><hostname>edge-1</hostname></system></config></edit-config>' "$api/dev-1/rpc"
echo
echo "== get-config"
curl -sf -X POST -H 'Content-Type: application/xml' --data-binary '<get-config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><source><running/></source></get-config>' "$api/dev-1/rpc"
echo
