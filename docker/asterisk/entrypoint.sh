#!/bin/sh
# Renders the configuration templates with this container's secrets, then runs Asterisk.
set -eu
for var in AMI_SECRET ARI_PASSWORD AGENT_PASSWORD CARRIER_HOST; do
  eval "value=\${$var:-}"
  [ -n "$value" ] || { echo "entrypoint: $var is not set" >&2; exit 1; }
done
for template in /etc/asterisk/templates/*.conf; do
  envsubst '${AMI_SECRET} ${ARI_PASSWORD} ${AGENT_PASSWORD} ${CARRIER_HOST}' \
    < "$template" > "/etc/asterisk/$(basename "$template")"
done
umask 0002
exec asterisk -f -U asterisk -G recordings
