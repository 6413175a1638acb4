#!/usr/bin/env bash
# bench:fanout measures against Postfix's smtp-sink and smtp-source (Debian package postfix).
# Installs it when missing, unconfigured: no mail server is started, only the two test tools are used.
set -euo pipefail
command -v smtp-sink >/dev/null 2>&1 && command -v smtp-source >/dev/null 2>&1 && exit 0
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq postfix >/dev/null
command -v smtp-sink >/dev/null 2>&1 || { echo "bench:fanout: postfix installed but smtp-sink is not on PATH" >&2; exit 1; }
