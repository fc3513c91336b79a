#!/usr/bin/env bash
# Installs the Debian packages uprtc needs when they are missing:
#   gettext — msgfmt, to compile the interface translations.
#   libpango-1.0-0, libpangoft2-1.0-0 — WeasyPrint lays out the PDF reports
#     (and shapes Arabic, right to left) through Pango.
#   libharfbuzz-subset0 — WeasyPrint embeds font subsets; without it a PDF
#     with Chinese takes seconds instead of a fraction of one.
#   fonts-noto-core — Noto Naskh Arabic and Noto Sans for the reports and charts.
#   fonts-noto-cjk — Noto Sans/Serif CJK, Chinese in the reports and charts.
#   poppler-utils — pdftotext, which the report tests read PDFs back with.
#   postgresql-client — pg_dump/pg_restore for `uprtc backup`/`uprtc restore`
#     on PostgreSQL (matching the server's major version or newer).
#   chromium — the browser the journey, accessibility and page-weight tests
#     drive through Playwright (which may not download a browser of its own).
#   haproxy — the load balancer of deploy/haproxy.cfg, which bench/scaleout.py
#     starts in front of two gunicorn instances.
#   redis-server — bench/faults.py redis-down stops and restarts a Redis of
#     its own, never the shared one.
set -euo pipefail
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# grep without -q: under pipefail an early exit of grep -q kills the writer
has_lib() { ldconfig -p 2>/dev/null | grep "$1" >/dev/null; }
has_lib "libpango-1.0.so.0" || missing+=(libpango-1.0-0)
has_lib "libpangoft2-1.0.so.0" || missing+=(libpangoft2-1.0-0)
has_lib "libharfbuzz-subset.so.0" || missing+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -i "Noto Naskh Arabic" >/dev/null || missing+=(fonts-noto-core)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install these packages: ${missing[*]}" >&2
    exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
