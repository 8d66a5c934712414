#!/usr/bin/env bash
# clamd for the AppHost on 127.0.0.1:$CLAMD_PORT, its configuration and signatures in $CLAMD_STATE_DIR. freshclam cannot
# download here, and clamd refuses an empty database: a local database holds the EICAR test string and the hash of
# ClamAV's test file (Debian's clamav-testfiles), so test samples are found. Production images run freshclam.
set -euo pipefail
dir="$CLAMD_STATE_DIR"
mkdir -p "$dir/db"
echo 'Local.Test.EICAR.NDB:0:*:45494341522d5354414e444152442d414e544956495255532d544553542d46494c45' > "$dir/db/local.ndb"
echo 'aa15bcf478d165efd2065190eb473bcb:544:ClamAV-Test-File' > "$dir/db/local.hdb"
cat > "$dir/clamd.conf" <<CONF
Foreground yes
DatabaseDirectory $dir/db
TCPSocket $CLAMD_PORT
TCPAddr 127.0.0.1
StreamMaxLength 110M
MaxFileSize 110M
MaxScanSize 400M
SelfCheck 0
ScanImageFuzzyHash no
MaxThreads 4
LogTime yes
DisableCache ${CLAMD_DISABLE_CACHE:-no}
CONF
exec "$(command -v clamd || echo /usr/sbin/clamd)" -c "$dir/clamd.conf"
