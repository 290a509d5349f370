#!/usr/bin/env bash
# The NMS as an operator runs it, through the HTTP API with curl: an NMS serving both strategies
# with no device trusted yet and a bearer token; a reverse-ssh device and a device-ssh-client
# device calling it, rejected at first; then approve, read and edit config, watch events and
# metrics, revoke. The same commands as the README's "Operating the NMS".
# Usage: examples/operator-demo.sh [WORK_DIR]   (default: a new temporary folder)
# Ports: CALLHOME_PORT (4334), SSH_PORT (8322) and HTTP_PORT (8080) may be set in the environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nms_jar=$root/nms-server/target/nms-server.jar
device_jar=$root/device-client/target/device-client.jar
for jar in "$nms_jar" "$device_jar"; do
  [ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
done
work=${1:-$(mktemp -d)}
callhome_port=${CALLHOME_PORT:-4334}
ssh_port=${SSH_PORT:-8322}
http_port=${HTTP_PORT:-8080}
mkdir -p "$work" && cd "$work"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT   # stop them and wait until they are gone
api=http://127.0.0.1:$http_port/api
step() { printf '\n== %s\n' "$*"; }
await() {  # await DEVICE STATE: poll the API until the device is in that state
  for _ in $(seq 1 80); do
    curl -sf -H "$auth" "$api/devices/$1" 2>/dev/null | grep -q "\"state\" : \"$2\"" && return 0
    sleep 0.5
  done
  echo "device $1 did not reach state $2" >&2; return 1
}

# Keys: the NMS's login key for reverse-ssh devices, each device's own key, an API token.
ssh-keygen -q -t ed25519 -N '' -f nms_key <<<y >/dev/null
ssh-keygen -q -t ed25519 -N '' -f dev1_host_key <<<y >/dev/null      # dev-1 (reverse-ssh): its SSH host key
ssh-keygen -q -t ed25519 -N '' -f dev2_login_key <<<y >/dev/null     # dev-2 (device-ssh-client): its login key
cp nms_key.pub nms.authorized_keys                                    # dev-1 lets the NMS log in as 'nms'
head -c 32 /dev/urandom | base64 > api_token && chmod 600 api_token
auth="Authorization: Bearer $(cat api_token)"

# The NMS: both strategies, nothing trusted yet, the API behind the token.
java -jar "$nms_jar" --mode both --listen 127.0.0.1:"$callhome_port" --ssh-listen 127.0.0.1:"$ssh_port" \
  --http 127.0.0.1:"$http_port" --identity nms_key --api-token-file api_token --state-dir nms-state \
  > nms.log 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  [ -f nms-state/ssh_host_ed25519_key ] && curl -s -o /dev/null "$api/devices" && break
  sleep 0.5
done
ssh-keygen -y -f nms-state/ssh_host_ed25519_key > nms_host_key.pub  # what dev-2 pins

# The devices call the NMS; neither is trusted yet.
java -jar "$device_jar" --mode reverse-ssh --nms 127.0.0.1:"$callhome_port" --host-key dev1_host_key \
  --account nms:admin:nms.authorized_keys --datastore dev-1-data > dev-1.log 2>&1 &
pids+=($!)
java -jar "$device_jar" --mode device-ssh-client --nms 127.0.0.1:"$ssh_port" --nms-host-key nms_host_key.pub \
  --device-id dev-2 --identity dev2_login_key --account netconf:admin --bind-account netconf \
  --datastore dev-2-data > dev-2.log 2>&1 &
pids+=($!)

step "without the token"
curl -s "$api/devices"
echo
fingerprint=$(ssh-keygen -lf dev1_host_key.pub | cut -d' ' -f2)
for _ in $(seq 1 80); do  # until both have called once
  seen=$(curl -sf -H "$auth" "$api/devices" || true)
  grep -q "$fingerprint" <<<"$seen" && grep -q '"claimedName" : "dev-2"' <<<"$seen" && break
  sleep 0.5
done
step "GET /api/devices: both devices rejected (unknown keys)"
curl -s -H "$auth" "$api/devices"
echo

step "approve dev-1, seen and rejected, by its host key fingerprint"
curl -s -H "$auth" -H 'Content-Type: application/json' -X POST "$api/devices" \
  -d "{\"id\": \"dev-1\", \"approveFingerprint\": \"$fingerprint\"}"
echo
step "trust dev-2 by its login key"
curl -s -H "$auth" -H 'Content-Type: application/json' -X POST "$api/devices" \
  -d "{\"id\": \"dev-2\", \"strategy\": \"device-ssh-client\", \"publicKey\": \"$(cut -d' ' -f1,2 dev2_login_key.pub)\"}"
echo
await dev-1 connected
await dev-2 connected

step "GET /api/devices/dev-2"
curl -s -H "$auth" "$api/devices/dev-2"
echo
step "edit-config on dev-1, then its running config"
curl -s -H "$auth" -H 'Content-Type: application/xml' -X POST --data-binary '<edit-config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><target><running/></target><config><system xmlns="urn:example:system"><hostname>edge-1</hostname></system></config></edit-config>' \
  "$api/devices/dev-1/rpc"
echo
curl -s -H "$auth" "$api/devices/dev-1/config"
echo

step "GET /api/events while dev-1 is revoked (DELETE /api/devices/dev-1)"
curl -s -N --max-time 4 -H "$auth" "$api/events" > events.txt &
events=$!
sleep 1
curl -s -H "$auth" -X DELETE "$api/devices/dev-1"
echo
wait "$events" || true
cat events.txt

step "GET /api/strategies"
curl -s -H "$auth" "$api/strategies"
echo
step "GET /metrics (callhome_ lines)"
curl -s -H "$auth" "http://127.0.0.1:$http_port/metrics" | grep '^callhome_' | grep -v '_bucket'
