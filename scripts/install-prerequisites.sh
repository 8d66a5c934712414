#!/usr/bin/env bash
# Installs what running and testing BuildPeer needs on a Debian 12 machine with the .NET 10 SDK and Node 20:
# Debian packages (ClamAV, libvips, poppler, exiftool, qpdf, test samples, Redis, Chromium for browser tests) and the npm
# packages of the local S3/SQS emulator, the CDK app and the web page. Idempotent: does nothing that is already done.
# With --run (what ./run.sh passes), only what running needs: no Chromium (browser tests) and no CDK app (test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
run_only=0
[ "${1:-}" = "--run" ] && run_only=1

packages=(clamav-daemon libvips-tools poppler-utils libimage-exiftool-perl libheif1 qpdf clamav-testfiles redis-server)
# Chromium runs the browser tests (Playwright drives Debian's build).
if [ "$run_only" = "0" ]; then packages+=(chromium); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm_dirs=(tools/fauxqs web)
if [ "$run_only" = "0" ]; then npm_dirs+=(deploy/cdk); fi
for dir in "${npm_dirs[@]}"; do
  if [ -f "$dir/package-lock.json" ] && { [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; }; then
    echo "Installing npm packages in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
done
