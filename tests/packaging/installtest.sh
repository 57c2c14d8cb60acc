#!/bin/sh
# `cmake --install` into a scratch prefix puts every file where the Debian packages expect it.
# Usage: installtest.sh BUILD_DIR
set -eu
BUILD="$1"
DEST=$(mktemp -d)
trap 'rm -rf "$DEST"' EXIT
cmake --install "$BUILD" --prefix "$DEST/usr" >/dev/null
status=0
for f in \
  usr/bin/cicada usr/bin/cicada-cli \
  usr/share/man/man1/cicada.1.gz usr/share/man/man1/cicada-cli.1.gz \
  usr/share/bash-completion/completions/cicada usr/share/bash-completion/completions/cicada-cli \
  usr/share/applications/io.github.cicada.Cicada.desktop \
  usr/share/icons/hicolor/scalable/apps/io.github.cicada.Cicada.svg \
  usr/share/metainfo/io.github.cicada.Cicada.metainfo.xml \
  usr/share/mime/packages/io.github.cicada.Cicada.xml \
  usr/lib/systemd/system/cicada-worker@.service \
  usr/share/cicada/profiles/demo-chat.cicada.json \
  usr/share/cicada/grafana/cicada-dashboard.json \
  usr/share/doc/cicada/copyright usr/share/doc/cicada-cli/copyright
do
  if [ ! -s "$DEST/$f" ]; then
    echo "installtest: missing or empty: /$f" >&2
    status=1
  fi
done
"$DEST/usr/bin/cicada-cli" validate "$DEST/usr/share/cicada/profiles/demo-chat.cicada.json"
gzip -t "$DEST/usr/share/man/man1/cicada-cli.1.gz"
# The worker unit, pointed at the installed binary: systemd-analyze prints every problem (and
# exits 0 for most), so any output is a failure.
if command -v systemd-analyze >/dev/null; then
  sed "s#/usr/bin/cicada-cli#$DEST/usr/bin/cicada-cli#" \
    "$DEST/usr/lib/systemd/system/cicada-worker@.service" >"$DEST/cicada-worker@ci.service"
  problems=$(cd "$DEST" && MANPATH="$DEST/usr/share/man" \
    systemd-analyze verify ./cicada-worker@ci.service 2>&1) || status=1
  if [ -n "$problems" ]; then
    echo "installtest: systemd-analyze verify: $problems" >&2
    status=1
  fi
fi
exit $status
