#!/usr/bin/env bash
# Installs the Debian packages uprtc needs when they are missing:
#   gettext — msgfmt, to compile the interface translations.
#   postgresql-client — pg_dump/pg_restore for `uprtc backup`/`uprtc restore`
#     on PostgreSQL (matching the server's major version or newer).
set -euo pipefail
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install these packages: ${missing[*]}" >&2
    exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
