#!/usr/bin/env bash
# Fails when the repository tracks a file that must never be tracked: installed
# packages (node_modules), databases, cookie jars, build output, compiled
# translations, logs, editor and scratch files. Reads the tracked files from
# `git ls-files` in the source tree, or one path a line from standard input
# with --stdin [DIR] (used by this check's own test; file contents are read
# under DIR when given). Exit 77 (skipped) outside a git
# checkout, e.g. in an unpacked release archive.
set -u
src=${1:-.}
if [ "$src" = --stdin ]; then
	list=$(cat)
	src=${2:-}
else
	if ! git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		echo "not a git checkout: nothing to check"
		exit 77
	fi
	list=$(git -C "$src" ls-files)
fi

# Cookie jars under any name: the files whose first line is curl's header,
# found in one pass (a fork per file made the check slow).
jars=
if [ -n "$src" ] && [ -n "$list" ]; then
	jars=$(cd "$src" && printf '%s\n' "$list" | while IFS= read -r f; do
		[ -f "$f" ] && printf '%s\0' "$f"
	done | xargs -0 -r awk 'FNR == 1 { if ($0 ~ /^# (Netscape )?HTTP Cookie File/) print FILENAME; nextfile }')
fi

bad=0
while IFS= read -r f; do
	[ -n "$f" ] || continue
	base=${f##*/}
	why=
	dir=/
	case "$f" in */*) dir="/${f%/*}/" ;; esac
	case "$dir" in
	*/node_modules/*) why="installed npm packages (npm ci installs them)" ;;
	*/build/* | */build-*/* | */CMakeFiles/*) why="build output" ;;
	esac
	if [ -z "$why" ]; then
		case "$base" in
		*.db | *.db-wal | *.db-shm | *.db-journal | *.sqlite | *.sqlite3) why="a database" ;;
		*.o | *.a | *.so | *.so.* | *.mo | *.gcda | *.gcno | CMakeCache.txt | core | core.[0-9]*) why="build output" ;;
		*.cookies | cookiejar* | cookie-jar* | cj | cj[0-9]*) why="a cookie jar" ;;
		*.log | *.tmp | *.swp | *~ | .DS_Store) why="a log or scratch file" ;;
		esac
	fi
	# A curl cookie jar under any name; a page saved at the top of the tree.
	if [ -z "$why" ] && [ -n "$jars" ] && grep -qxF -- "$f" <<<"$jars"; then
		why="a cookie jar"
	fi
	if [ -z "$why" ] && [ "$base" = "$f" ]; then
		case "$f" in *.html | *.htm) why="a scratch page at the top of the tree" ;; esac
	fi
	if [ -n "$why" ]; then
		echo "tracked file must not be tracked: $f ($why)"
		bad=$((bad + 1))
	fi
done <<<"$list"

if [ "$bad" -gt 0 ]; then
	echo "$bad tracked file(s) must be removed (git rm --cached) and ignored in .gitignore"
	exit 1
fi
echo "tracked files: none of node_modules, databases, cookie jars, build output"
