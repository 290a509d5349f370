#!/usr/bin/env bash
# tls call home (RFC 8071 over TLS, NETCONF over TLS per RFC 7589) end to end on this machine: a
# CA made with openssl, an NMS, one device calling home to it over TLS, then edit-config and
# get-config through the NMS's HTTP API.
# Usage: examples/tls-demo.sh [WORK_DIR]   (default: a new temporary folder)
# Ports: TLS_PORT (default 4335) and HTTP_PORT (default 8080) may be set in the environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nms_jar=$root/nms-server/target/nms-server.jar
device_jar=$root/device-client/target/device-client.jar
for jar in "$nms_jar" "$device_jar"; do
  [ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
done
work=${1:-$(mktemp -d)}
tls_port=${TLS_PORT:-4335}
http_port=${HTTP_PORT:-8080}
mkdir -p "$work" && cd "$work"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT   # stop them and wait until they are gone

# 1. One CA; a certificate for the device (a TLS server, its id as CN) and one for the NMS (a TLS
#    client, its CN the device account it is mapped to). EC P-256 keys, PKCS#8 PEM.
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
key ca.key
openssl req -x509 -new -key ca.key -subj "/CN=Example CA" -days 2 -out ca.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
issue() {   # issue NAME CN EXTENDED_KEY_USAGE
  key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile "$1.ext" \
    -out "$1.pem" 2>/dev/null
}
issue device dev-1 serverAuth
issue nms nms clientAuth

# 2. The NMS takes devices certified by the CA (the CN is the device id) and proves itself with its own.
java -jar "$nms_jar" --mode tls --tls-listen 127.0.0.1:"$tls_port" --http 127.0.0.1:"$http_port" \
  --identity nms.key --identity-cert nms.pem --device-ca ca.pem > nms.log 2>&1 &
pids+=($!)

# 3. The device calls home over TLS; the NMS's certificate, of the CA in the account's file, names
#    the account 'nms' (its CN), whose role its NETCONF session gets.
java -jar "$device_jar" --mode tls --nms 127.0.0.1:"$tls_port" --host-key device.key --host-cert device.pem \
  --account nms:admin:ca.pem --datastore dev-1-data > device.log 2>&1 &
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
