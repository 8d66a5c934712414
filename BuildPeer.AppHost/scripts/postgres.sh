#!/usr/bin/env bash
# PostgreSQL 15 for the AppHost (Debian's binaries): initdb once into $PGDATA_DIR/pgdata, set the owner's password to
# $PGPASSWORD (the AppHost's generated parameter), then run the server in the foreground on 127.0.0.1:$PGPORT.
# PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user (setpriv execs in place).
# A stop signal (SIGTERM from DCP, SIGINT from Ctrl+C) becomes a fast shutdown: sessions end and the server checkpoints,
# where SIGTERM alone would wait for every client to disconnect.
set -euo pipefail
# PostgreSQL writes its whole log to stderr: to stdout, so that the dashboard's console shows it as output, not as errors.
exec 2>&1
data="$PGDATA_DIR/pgdata"
socket="$PGDATA_DIR/socket"
as_postgres=()
mkdir -p "$data" "$socket"
if [ "$(id -u)" = 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  chown -R postgres:postgres "$PGDATA_DIR"
fi
chmod 700 "$data"
# A restart (the dashboard's Restart, the fault suite) can come while the previous server of this folder is still
# finishing its shutdown; single-user mode and the server would both refuse its lock file: wait for it to go.
for _ in $(seq 1 120); do
  previous=$(head -1 "$data/postmaster.pid" 2>/dev/null || true)
  { [ -n "$previous" ] && kill -0 "$previous" 2>/dev/null; } || break
  sleep 0.25
done
if [ ! -f "$data/PG_VERSION" ]; then
  pwfile="$PGDATA_DIR/pwfile"
  printf '%s' "$PGPASSWORD" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
  "${as_postgres[@]}" initdb -D "$data" -U postgres --pwfile "$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "postgres.sh: initialized $data"
else
  # The password is the AppHost's parameter: make the server agree with it, whatever the data folder was made with.
  printf "ALTER ROLE postgres PASSWORD '%s';\n" "${PGPASSWORD//\'/\'\'}" |
    "${as_postgres[@]}" postgres --single -D "$data" postgres >/dev/null
fi
"${as_postgres[@]}" postgres -D "$data" -p "$PGPORT" -k "$socket" -c listen_addresses=127.0.0.1 \
  -c max_connections=300 -c shared_buffers=128MB &
server=$!
trap 'kill -INT "$server" 2>/dev/null' INT TERM
# wait returns early when a trapped signal arrives: wait again until the server has exited.
while kill -0 "$server" 2>/dev/null; do wait "$server" || true; done
