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
exit $status
