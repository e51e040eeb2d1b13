#!/bin/sh
# A throwaway PostgreSQL cluster for the test suite (see docs/operations.md,
# "Tests on PostgreSQL").
#
#   tests/pg/cluster.sh start DIR   initdb into DIR/data and start it; it
#                                   listens only on a Unix socket in a short
#                                   folder /tmp/kjpg-<hash of DIR>, with no
#                                   durability (fsync off: tests only)
#   tests/pg/cluster.sh stop DIR    stop it at once, remove DIR (in the
#                                   background) and the socket folder;
#                                   nothing there is fine
#   tests/pg/cluster.sh uri DIR     the base conninfo of the cluster, e.g.
#                                   postgresql:///postgres?host=/tmp/kjpg-0123456789ab&user=postgres
#
# With KJ_PG_STATS=1 in the environment of `start`, the server also keeps
# pg_stat_statements and logs each connection (measuring the suite only).
#
# Run as root, the server runs as the unprivileged user postgres (runuser);
# otherwise as the caller. `start` first removes what an aborted run left.
# Authentication is `trust`, so the socket and its folder are the owner's
# alone (root, running the tests, passes anyway): no other local user reaches
# the cluster's superuser.
set -eu

usage() {
	echo "usage: $0 start|stop|uri DIR" >&2
	exit 2
}
[ $# -eq 2 ] || usage
cmd=$1
case $2 in
/*) dir=$2 ;;
*) dir=$(pwd)/$2 ;;
esac
dir=${dir%/}
[ -n "$dir" ] || usage

# The socket folder: short, since a socket path is limited to 107 bytes.
hash=$(printf '%s' "$dir" | sha256sum | cut -c1-12)
sock=/tmp/kjpg-$hash

if [ "$(id -u)" -eq 0 ]; then
	pguser=postgres
	as() { runuser -u postgres -- "$@"; }
else
	pguser=$(id -un)
	as() { "$@"; }
fi

bindir() {
	if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
		echo /usr/lib/postgresql/15/bin
	elif command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
		pg_config --bindir
	else
		echo "cluster.sh: no initdb (PostgreSQL 15 server): scripts/install-deps --test" >&2
		exit 1
	fi
}

# The files of a whole run's databases (gigabytes, 300 files each) take
# half a minute of the disk to delete, little of the processor: the folder
# is moved aside at once and deleted in the background, at the disk's idle
# priority, with nothing of the caller's left open (ctest waits for its
# test's output to close). `start` does so with what is left of earlier ones.
rm_later() {
	if command -v setsid >/dev/null 2>&1; then
		# shellcheck disable=SC2016 # "$1" is the inner shell's
		setsid sh -c 'ionice -c 3 nice rm -rf "$1" || rm -rf "$1"' sh "$1" \
			</dev/null >/dev/null 2>&1 &
	else
		rm -rf "$1"
	fi
}

trash() {
	[ -e "$dir" ] || return 0
	old=$(mktemp -d "$dir.old-XXXXXX")
	mv "$dir" "$old/"
	rm_later "$old"
}

stop() {
	if [ -f "$dir/data/postmaster.pid" ]; then
		bin=$(bindir)
		as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	trash
	rm -rf "$sock"
}

start() {
	bin=$(bindir)
	for old in "$dir".old-*; do
		[ ! -e "$old" ] || rm_later "$old"
	done
	stop
	mkdir -p "$dir" "$sock"
	chmod 700 "$dir" "$sock"
	if [ "$pguser" = postgres ]; then
		chown postgres: "$dir" "$sock"
	fi
	if ! as "$bin/initdb" -D "$dir/data" -U "$pguser" --auth=trust --encoding=UTF8 \
		--locale=C >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	cat >>"$dir/data/postgresql.conf" <<CONF
# tests/pg/cluster.sh: a throwaway cluster, no durability
listen_addresses = ''
unix_socket_directories = '$sock'
unix_socket_permissions = 0700
fsync = off
full_page_writes = off
synchronous_commit = off
max_connections = 200
CONF
	if [ -n "${KJ_PG_STATS:-}" ]; then
		# Measuring the suite's load on the server (docs/operations.md):
		# every statement's time and count, every backend in server.log.
		cat >>"$dir/data/postgresql.conf" <<CONF
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
pg_stat_statements.track_utility = on
log_connections = on
CONF
	fi
	if ! as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
		cat "$dir/server.log" >&2
		exit 1
	fi
	i=0
	until "$bin/pg_isready" -q -h "$sock" -U "$pguser" -d postgres; do
		i=$((i + 1))
		if [ $i -ge 100 ]; then
			echo "cluster.sh: the server at $sock is not ready after 10 s" >&2
			cat "$dir/server.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "cluster.sh: PostgreSQL running on $sock ($dir)"
}

case $cmd in
start) start ;;
stop) stop ;;
uri) echo "postgresql:///postgres?host=$sock&user=$pguser" ;;
*) usage ;;
esac
