#!/usr/bin/env bash
# Wolverine runs Processing's handlers from code generated ahead of time (TypeLoadMode.Static) into
# BuildPeer.Processing/Internal/Generated. A handler whose code is missing stops the service at start-up, but a handler
# whose code is out of date would run the old code: this regenerates it from the built service and fails on any
# difference, so stale generated code never passes CI. Fix: run this script and commit what it wrote.
# Needs BuildPeer.Processing built (Debug); connects to nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
generated=BuildPeer.Processing/Internal/Generated
rm -rf "$generated"
ConnectionStrings__uploadsdb="Host=127.0.0.1;Port=1;Username=codegen;Password=codegen;Database=codegen" \
  dotnet run --project BuildPeer.Processing --no-build -- codegen write >/dev/null
# Compared with the index (what is committed, or staged to be): changed, deleted or new files.
untracked=$(git ls-files --others --exclude-standard -- "$generated")
if ! git diff --quiet -- "$generated" || [ -n "$untracked" ]; then
  echo "Stale generated Wolverine code in $generated (run scripts/check-generated-code.sh and commit the result):" >&2
  git --no-pager diff --stat -- "$generated" >&2
  [ -z "$untracked" ] || echo "new: $untracked" >&2
  exit 1
fi
echo "Generated Wolverine code is up to date ($(ls "$generated"/WolverineHandlers | wc -l) files)."
