#!/usr/bin/env bash
# The Ansible tests, run by CI after the build (./mvnw -B verify has made the jars and the war):
#   lint (yamllint, ansible-lint), a real install with -c local into a throw-away root with secrets from
#   Ansible Vault, a second run that must change nothing, check mode with --diff, a bad policy that must
#   stop the deploy and leave the served policy alone, a good policy change that must switch atomically,
#   the installed relay (a chat answered through it) and Kong plugin server started from what was installed,
#   and an install whose usage ledger is on the real PostgreSQL at 127.0.0.1:5432 and whose shared state is in the
#   real Redis at 127.0.0.1:6379.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo/ansible"
work=$(mktemp -d /tmp/modelgate-ansible-test.XXXXXX)
root="$work/root"
relay_pid=
kong_pid=
sim_pid=
cleanup() {
  [ -n "$sim_pid" ] && kill -TERM "$sim_pid" 2>/dev/null || true
  [ -n "$relay_pid" ] && kill -TERM -- "-$relay_pid" 2>/dev/null || true
  [ -n "$kong_pid" ] && kill -TERM "$kong_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "ansible test FAILED: $*" >&2; exit 1; }
step() { echo "--- $*"; }
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0

# Crash safety of the ledger: batches posted to the ingest API while the relay is killed with SIGKILL. After
# a restart every acknowledged batch is there exactly once; replaying all of them adds only the ones whose
# acknowledgement was lost, never a double.
crash_test() {  # $1 install root, $2 port, $3 label, $4 a team of the policy that root serves
  local root=$1 port=$2 label=$3 team=$4 url="http://127.0.0.1:$2"
  local run="crash-$label-$(date +%s)-$$" acked="$work/acked-$label" tried=0
  start_relay() {
    setsid "$root/opt/modelgate/bin/modelgate-relay" >> "$work/relay-crash-$label.log" 2>&1 &
    relay_pid=$!
    for _ in $(seq 1 90); do
      code=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$admin_password" "$url/admin/ledger/reconcile" || true)
      [ "$code" = 200 ] && return 0
      sleep 1
    done
    tail -40 "$work/relay-crash-$label.log"; fail "$label: the relay did not come back"
  }
  events_now() { curl -s -u "admin:$admin_password" "$url/admin/ledger/reconcile" | sed -n 's/.*"events":\([0-9]*\).*/\1/p'; }
  batch() {  # $1 batch number: 100 events of known ids
    local b="{\"events\":[" j
    for j in $(seq 1 100); do
      b="$b{\"request_id\":\"$run-$1-$j\",\"team\":\"$team\",\"provider\":\"simulated\",\"model\":\"sim-chat\",\"input_tokens\":10,\"output_tokens\":5}"
      [ "$j" -lt 100 ] && b="$b,"
    done
    echo "$b]}"
  }
  start_relay
  local before; before=$(events_now)
  : > "$acked"
  ( i=0
    while true; do
      i=$((i + 1))
      echo "$i" > "$work/tried-$label.next" && mv -f "$work/tried-$label.next" "$work/tried-$label"  # never seen half-written
      if batch "$i" | curl -s -m 10 -H 'Authorization: Bearer sk-mg-ansible-test' -H 'Content-Type: application/json' \
           --data-binary @- "$url/admin/usage/events" | grep -q '"accepted":100'; then
        echo "$i" >> "$acked"
      fi
    done ) &
  local poster=$!
  sleep 4
  kill -KILL -- "-$relay_pid"; wait "$relay_pid" 2>/dev/null || true; relay_pid=
  sleep 1
  kill "$poster" 2>/dev/null || true; wait "$poster" 2>/dev/null || true
  tried=$(cat "$work/tried-$label")
  local n_acked; n_acked=$(wc -l < "$acked")
  [ "$n_acked" -gt 0 ] || fail "$label: no batch was acknowledged before the kill"
  start_relay
  local after; after=$(events_now)
  local stored=$((after - before))
  [ "$stored" -ge $((n_acked * 100)) ] || fail "$label: $((n_acked * 100)) events acknowledged, $stored stored after SIGKILL"
  [ "$stored" -le $((tried * 100)) ] && [ $((stored % 100)) -eq 0 ] || fail "$label: $stored events stored for $tried batches of 100"
  for i in $(seq 1 "$tried"); do
    batch "$i" | curl -s -H 'Authorization: Bearer sk-mg-ansible-test' -H 'Content-Type: application/json' \
      --data-binary @- "$url/admin/usage/events" > /dev/null
  done
  [ "$(events_now)" -eq $((before + tried * 100)) ] || fail "$label: replaying every batch did not give each event exactly once"
  curl -s -u "admin:$admin_password" "$url/admin/ledger/reconcile" | grep -q '"balanced":true' || fail "$label: the ledger does not reconcile"
  echo "    $label: $n_acked of $tried batches acknowledged before SIGKILL, all there after restart, replay exact"
  kill -TERM -- "-$relay_pid"; wait "$relay_pid" 2>/dev/null || true; relay_pid=
}

step "yamllint"
yamllint -s -c .yamllint .
step "ansible-lint (production profile)"
ansible-lint -q

step "the roles deploy the Open Liberty version the build uses"
pom_liberty=$(sed -n 's:.*<openliberty.version>\(.*\)</openliberty.version>.*:\1:p' "$repo/pom.xml")
role_liberty=$(sed -n 's/^modelgate_liberty_version: "\(.*\)"$/\1/p' roles/relay/defaults/main.yml)
[ -n "$pom_liberty" ] && [ "$pom_liberty" = "$role_liberty" ] || fail "relay role has Liberty '$role_liberty', the build '$pom_liberty'"

step "secrets in Ansible Vault"
hmac_secret=$(head -c 32 /dev/urandom | base64)
provider_secret="sk-test-provider-$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
master_key=$(head -c 32 /dev/urandom | base64)
cat > "$work/vault.yml" <<VAULT
modelgate_gateway_hmac_keys: "k1:$hmac_secret"
modelgate_relay_api_key: "sk-mg-ansible-test"
modelgate_admin_password: "admin-$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
modelgate_provider_credentials: {OPENAI_PROD: "$provider_secret"}
modelgate_master_key: "$master_key"
VAULT
head -c 24 /dev/urandom | base64 > "$work/vault-password"
admin_password=$(sed -n 's/^modelgate_admin_password: "\(.*\)"$/\1/p' "$work/vault.yml")
ansible-vault encrypt --vault-password-file "$work/vault-password" "$work/vault.yml" >/dev/null
grep -q '^\$ANSIBLE_VAULT' "$work/vault.yml" || fail "vault file not encrypted"

play() {
  ansible-playbook -i inventory/local/hosts.yml site.yml -e "modelgate_root=$root" -e modelgate_relay_port=19181 \
    -e modelgate_relay_url=http://127.0.0.1:19181 -e "@$work/vault.yml" --vault-password-file "$work/vault-password" "$@"
}
recap_changed() { sed -n 's/.*localhost *: .*changed=\([0-9]*\).*/\1/p' "$1" | tail -1; }
no_secret_in() {
  if grep -qF -e "$hmac_secret" -e "$provider_secret" -e "$admin_password" -e "$master_key" "$1"; then fail "a secret appears in $2"; fi
}

step "install into $root"
play > "$work/run1.log" 2>&1 || { cat "$work/run1.log"; fail "first run"; }
no_secret_in "$work/run1.log" "the playbook's output"
for f in opt/modelgate/bin/modelgate opt/modelgate/bin/modelgate-relay opt/modelgate/lib/modelgate-runner.jar \
         opt/modelgate/lib/modelgate-kong.jar opt/modelgate/lib/modelgate-kong.info.json opt/modelgate/liberty/wlp/bin/server \
         opt/modelgate/relay/servers/modelgate/apps/modelgate.war etc/systemd/system/modelgate-relay.service \
         etc/systemd/system/kong.service.d/modelgate.conf etc/systemd/system/apisix.service.d/modelgate.conf \
         usr/local/apisix/conf/config.yaml etc/modelgate/policies/small.yaml; do
  [ -e "$root/$f" ] || fail "$f was not installed"
done
for f in etc/modelgate/apisix-runner.env etc/modelgate/kong-plugin.env opt/modelgate/relay/servers/modelgate/server.env; do
  [ "$(stat -c %a "$root/$f")" = 600 ] || fail "$f holds a secret but is not mode 600"
  grep -qF "$hmac_secret" "$root/$f" || fail "$f lacks the HMAC secret"
  grep -q '^MODELGATE_MAX_HEADER_BYTES=16384$' "$root/$f" || fail "$f lacks the header limits"
done
grep -q "MODELGATE_MAX_HEADERS" "$root/usr/local/apisix/conf/config.yaml" || fail "APISIX does not pass the header limits to the runner"
[ -L "$root/etc/modelgate/policies" ] || fail "the served policy is not a switchable link"
first_release=$(readlink "$root/etc/modelgate/policies")

step "second run changes nothing"
play > "$work/run2.log" 2>&1 || { cat "$work/run2.log"; fail "second run"; }
[ "$(recap_changed "$work/run2.log")" = 0 ] || { grep -B3 "changed:" "$work/run2.log"; fail "second run changed something"; }

step "check mode with --diff changes nothing and shows no secret"
play --check --diff > "$work/check.log" 2>&1 || { cat "$work/check.log"; fail "check mode"; }
[ "$(recap_changed "$work/check.log")" = 0 ] || fail "check mode reports changes on an installed node"
no_secret_in "$work/check.log" "check mode's diff"

step "the installed relay starts and serves"
# The demo's upstream runs beside the installed relay, from the build: the install itself does not carry it.
if jar tf "$root/opt/modelgate/relay/servers/modelgate/apps/modelgate.war" | grep -qi simulat; then
  fail "the installed WAR carries the simulated provider"
fi
java -jar "$repo/simulated-provider/target/modelgate-simulated-provider.jar" --port 18081 > "$work/simulator.log" 2>&1 &
sim_pid=$!
setsid "$root/opt/modelgate/bin/modelgate-relay" > "$work/relay.log" 2>&1 &
relay_pid=$!
for _ in $(seq 1 90); do
  code=$(curl -s -o "$work/models.json" -w '%{http_code}' -H 'Authorization: Bearer sk-mg-ansible-test' \
    http://127.0.0.1:19181/v1/models || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "${code:-}" = 200 ] || { tail -40 "$work/relay.log"; fail "the installed relay did not answer /v1/models"; }
grep -q '"id":"chat"' "$work/models.json" || fail "the relay does not serve the installed policy"
answer=$(curl -s -H 'Authorization: Bearer sk-mg-ansible-test' -H 'Content-Type: application/json' \
  -d '{"model":"chat","messages":[{"role":"user","content":"Hello from the installed relay"}]}' \
  http://127.0.0.1:19181/v1/chat/completions)
echo "$answer" | grep -q '"provider":"simulated"' || fail "chat through the installed relay failed: $answer"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$admin_password" -X PUT -H 'Content-Type: application/json' \
  -d '{"value":"sk-stored-by-the-installed-vault"}' http://127.0.0.1:19181/admin/credentials/installed-check)
[ "$code" = 201 ] || fail "the installed relay's credential vault (master key from the Ansible vault) did not store a credential: $code"
kill -TERM -- "-$relay_pid"; wait "$relay_pid" 2>/dev/null || true; relay_pid=
no_secret_in "$work/relay.log" "the relay's log"
if grep -qF "sk-stored-by-the-installed-vault" "$work/relay.log"; then fail "a stored credential appears in the relay's log"; fi

step "the installed Kong plugin server starts with Kong's start command"
start_cmd=$(sed -n 's/^Environment="KONG_PLUGINSERVER_MODELGATE_START_CMD=\(.*\)"$/\1/p' "$root/etc/systemd/system/kong.service.d/modelgate.conf")
query_cmd=$(sed -n 's/^Environment="KONG_PLUGINSERVER_MODELGATE_QUERY_CMD=\(.*\)"$/\1/p' "$root/etc/systemd/system/kong.service.d/modelgate.conf")
$query_cmd | grep -q '"ProtoBuf:1"' || fail "Kong's query command does not print the plugin description"
$start_cmd > "$work/kong.log" 2>&1 &
kong_pid=$!
for _ in $(seq 1 60); do [ -S "$root/usr/local/kong/modelgate.socket" ] && break; sleep 0.5; done
[ -S "$root/usr/local/kong/modelgate.socket" ] || { cat "$work/kong.log"; fail "no plugin server socket"; }
kill -TERM "$kong_pid"; wait "$kong_pid" 2>/dev/null || true; kong_pid=
no_secret_in "$work/kong.log" "the Kong plugin server's log"

step "an invalid policy is refused on the node and the served policy stays"
cp -r "$repo/sample-configs/policies/enterprise" "$work/policy-bad"
sed -i '0,/strategy:/s/strategy: *[a-z_-]*/strategy: fastest_possible/' "$work/policy-bad/models.yaml"
if play -e "modelgate_policy_source=$work/policy-bad" > "$work/bad.log" 2>&1; then fail "an invalid policy was deployed"; fi
grep -q "is invalid; nothing was changed on this node" "$work/bad.log" || { cat "$work/bad.log"; fail "no clear refusal"; }
grep -qE "models.yaml:[0-9]+:[0-9]+" "$work/bad.log" || { cat "$work/bad.log"; fail "the refusal does not name file:line:col"; }
[ "$(readlink "$root/etc/modelgate/policies")" = "$first_release" ] || fail "the served policy changed after a refused deploy"
if ls "$root/etc/modelgate/policy-releases" | grep -q staging; then fail "a staging copy was left behind"; fi

step "a valid policy change is switched atomically"
cp -r "$repo/sample-configs/policies/enterprise" "$work/policy-good"
printf '\n# reviewed %s\n' "$(date +%F)" >> "$work/policy-good/rules.yaml"
play -e "modelgate_policy_source=$work/policy-good" > "$work/good.log" 2>&1 || { cat "$work/good.log"; fail "valid change"; }
second_release=$(readlink "$root/etc/modelgate/policies")
[ "$second_release" != "$first_release" ] || fail "the policy link did not switch"
grep -q "reviewed" "$root/etc/modelgate/policies/rules.yaml" || fail "the new release is not served"
[ -e "$first_release" ] || fail "the previous release was not kept for roll-back"

step "the usage ledger on PostgreSQL (the production datasource) and budgets, limits, replay guard in Redis"
pg_root="$work/root-pg"
pg_schema="mg_ansible_$(date +%s)_$$"
cat > "$work/pg.yml" <<PG
modelgate_db_url: "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$pg_schema"
modelgate_db_user: postgres
modelgate_db_password: "$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
modelgate_db_schema: "$pg_schema"
modelgate_redis_url: "redis://127.0.0.1:6379/0"
PG
ansible-playbook -i inventory/local/hosts.yml site.yml -e "modelgate_root=$pg_root" -e modelgate_relay_port=19182 \
  -e "@$work/vault.yml" -e "@$work/pg.yml" --vault-password-file "$work/vault-password" > "$work/pg.log" 2>&1 \
  || { cat "$work/pg.log"; fail "install with PostgreSQL"; }
grep -q '^MODELGATE_DB_URL=jdbc:postgresql' "$pg_root/opt/modelgate/relay/servers/modelgate/server.env" || fail "no PostgreSQL settings in server.env"
grep -q '^MODELGATE_REDIS_URL=redis://127.0.0.1:6379/0' "$pg_root/opt/modelgate/relay/servers/modelgate/server.env" || fail "no Redis settings in server.env"
setsid "$pg_root/opt/modelgate/bin/modelgate-relay" > "$work/relay-pg.log" 2>&1 &
relay_pid=$!
for _ in $(seq 1 90); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer sk-mg-ansible-test' http://127.0.0.1:19182/v1/models || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "${code:-}" = 200 ] || { tail -40 "$work/relay-pg.log"; fail "the relay on PostgreSQL did not start"; }
curl -s -H 'Authorization: Bearer sk-mg-ansible-test' -H 'Content-Type: application/json' \
  -d '{"model":"chat","messages":[{"role":"user","content":"ledger on PostgreSQL"}]}' http://127.0.0.1:19182/v1/chat/completions >/dev/null
for _ in $(seq 1 40); do
  ledger=$(curl -s -u "admin:$admin_password" http://127.0.0.1:19182/admin/ledger/reconcile)
  echo "$ledger" | grep -q '"events":1' && break
  sleep 0.25
done
echo "$ledger" | grep -q '"events":1' || fail "the request was not recorded in the ledger: $ledger"
echo "$ledger" | grep -q '"balanced":true' || fail "the ledger does not reconcile: $ledger"
grep -q "Database: jdbc:postgresql" "$pg_root/opt/modelgate/relay/servers/modelgate/logs/messages.log" \
  || fail "the relay did not use PostgreSQL"
grep -q "shared through Redis at redis://127.0.0.1:6379/0" "$pg_root/opt/modelgate/relay/servers/modelgate/logs/messages.log" \
  || fail "the relay did not share its state through Redis"
kill -TERM -- "-$relay_pid"; wait "$relay_pid" 2>/dev/null || true; relay_pid=

step "the ledger survives SIGKILL: acknowledged usage is never lost or doubled (PostgreSQL, then embedded H2)"
crash_test "$pg_root" 19182 postgresql demo
crash_test "$root" 19181 embedded search

echo "ansible tests passed"
