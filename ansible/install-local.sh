#!/usr/bin/env bash
# Installs Modelgate from this checkout into DIR with the Ansible roles, as on a real host but under DIR:
# the relay on Open Liberty, the APISIX runner, the Kong plugin server, the small sample policy pointing at
# the simulated provider on 18081 (not installed: production carries no simulator; start its jar from this
# checkout, as printed at the end). Needs no root rights and touches no service. Builds what is missing first.
#   ansible/install-local.sh /tmp/modelgate
# then run the installed relay with DIR/opt/modelgate/bin/modelgate-relay.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
command -v ansible-playbook >/dev/null || { echo "install Ansible first (Debian/Ubuntu: apt install ansible)" >&2; exit 1; }
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
root=$(cd "$1" && pwd)
liberty=$(sed -n 's:.*<openliberty.version>\(.*\)</openliberty.version>.*:\1:p' "$repo/pom.xml")

if [ ! -f "$repo/ee-module/target/modelgate.war" ] || [ ! -f "$repo/plugin-runner/kong/target/modelgate-kong.jar" ] \
   || [ ! -f "$repo/plugin-runner/apisix/target/modelgate-runner.jar" ] || [ ! -f "$repo/policy-dsl/target/modelgate-cli.jar" ] \
   || [ ! -f "$repo/simulated-provider/target/modelgate-simulated-provider.jar" ]; then
  echo "install-local: building Modelgate (first run only)..." >&2
  (cd "$repo" && ./mvnw -q -B package -DskipTests)
fi
if [ ! -f "$HOME/.m2/repository/io/openliberty/openliberty-runtime/$liberty/openliberty-runtime-$liberty.zip" ]; then
  echo "install-local: fetching Open Liberty $liberty..." >&2
  (cd "$repo" && ./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
     -Dartifact="io.openliberty:openliberty-runtime:$liberty:zip")
fi

# A throw-away install gets throw-away secrets, made once and kept beside it (a real estate keeps them in
# Ansible Vault: see ansible/README.md).
secrets="$root/.install-secrets.yml"
if [ ! -f "$secrets" ]; then
  umask 077
  cat > "$secrets" <<SECRETS
modelgate_gateway_hmac_keys: "k1:$(head -c 32 /dev/urandom | base64)"
modelgate_relay_api_key: "sk-mg-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
modelgate_admin_password: "$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
modelgate_provider_credentials: {}
modelgate_master_key: "$(head -c 32 /dev/urandom | base64)"
SECRETS
fi

cd "$repo/ansible"
ansible-playbook -i inventory/local/hosts.yml site.yml -e "modelgate_root=$root" -e "@$secrets"
key=$(sed -n 's/^modelgate_relay_api_key: "\(.*\)"$/\1/p' "$secrets")
admin=$(sed -n 's/^modelgate_admin_password: "\(.*\)"$/\1/p' "$secrets")
cat <<MSG

  Installed under $root.
  Its demo upstream: java -jar $repo/simulated-provider/target/modelgate-simulated-provider.jar --port 18081 &
  Run the relay:   $root/opt/modelgate/bin/modelgate-relay
  Then:            curl http://127.0.0.1:9081/v1/chat/completions -H "Authorization: Bearer $key" \\
                     -H 'Content-Type: application/json' -d '{"model":"chat","messages":[{"role":"user","content":"Hello"}]}'
  Admin API:       user admin, password $admin (e.g. curl -u admin:$admin http://127.0.0.1:9081/admin/usage)
  APISIX and Kong settings for this install: $root/usr/local/apisix/conf/config.yaml,
  $root/etc/systemd/system/kong.service.d/modelgate.conf.
MSG
