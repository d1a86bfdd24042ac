#!/usr/bin/env bash
# Starts a private PostgreSQL for the store's tests and sets
# QUHUA_TEST_POSTGRES to its URL. Either source it:
#
#	source .ci/postgres.sh           # exports QUHUA_TEST_POSTGRES
#
# or run it and evaluate what it prints:
#
#	eval "$(bash .ci/postgres.sh)"
#
# It installs PostgreSQL from Debian's packages when no server is found,
# initialises a cluster under $QUHUA_PG_DIR (default /var/tmp/quhua-postgres),
# starts it on 127.0.0.1:$QUHUA_PG_PORT (default 54329), trusting local
# connections only, and creates the database quhua_test. Running it again
# reuses the cluster: it is idempotent. Progress goes to standard error; a
# failure is reported and returns a non-zero status.

quhua_pg_log() { echo "postgres.sh: $*" >&2; }

quhua_pg_bindir() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# The server refuses to run as root: use the postgres account then.
quhua_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# quhua_pg_start prints the URL of a running test database.
quhua_pg_start() {
	local port=${QUHUA_PG_PORT:-54329}
	local dir=${QUHUA_PG_DIR:-/var/tmp/quhua-postgres}
	local db=quhua_test
	local bin
	bin=$(quhua_pg_bindir)
	if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
		quhua_pg_log "installing PostgreSQL from Debian's packages"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
		bin=$(quhua_pg_bindir)
	fi
	[ -x "$bin/initdb" ] || { quhua_pg_log "no initdb found after installing"; return 1; }

	mkdir -p "$dir" || return 1
	if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir" || return 1; fi
	chmod 700 "$dir" || return 1
	if [ ! -f "$dir/PG_VERSION" ]; then
		quhua_pg_log "initialising a cluster in $dir"
		quhua_pg_as "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --no-locale >&2 || return 1
	fi
	if ! quhua_pg_as "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
		quhua_pg_log "starting on 127.0.0.1:$port"
		quhua_pg_as "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
			-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2 || {
			quhua_pg_log "the server did not start; its log:"
			tail -n 20 "$dir/server.log" >&2
			return 1
		}
	fi
	if ! quhua_pg_as "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atqc \
		"SELECT 1 FROM pg_database WHERE datname = '$db'" postgres | grep -q 1; then
		quhua_pg_as "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" >&2 || return 1
	fi
	echo "postgres://postgres@127.0.0.1:$port/$db?sslmode=disable"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
	# Sourced: export the variable into the caller's shell.
	QUHUA_TEST_POSTGRES=$(quhua_pg_start) || { quhua_pg_log "PostgreSQL is not available"; return 1; }
	export QUHUA_TEST_POSTGRES
	quhua_pg_log "QUHUA_TEST_POSTGRES=$QUHUA_TEST_POSTGRES"
else
	url=$(quhua_pg_start) || { quhua_pg_log "PostgreSQL is not available"; exit 1; }
	echo "export QUHUA_TEST_POSTGRES='$url'"
fi
