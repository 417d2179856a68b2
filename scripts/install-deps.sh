#!/bin/sh
# Installs the Debian 12 packages that build, test and benchmark `place`.
# Run as root (CI runs as root); with sudo otherwise.
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
PKGS="build-essential cmake pkg-config libigraph-dev libgsl-dev libxml2-dev libcairo2-dev zlib1g-dev clang fonts-dejavu-core chromium valgrind klayout tcl qrouter libopenmpi-dev openmpi-bin"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends $missing
fi
