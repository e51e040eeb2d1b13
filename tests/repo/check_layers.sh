#!/usr/bin/env bash
# Keeps the layers of docs/architecture.md ("The layers"): a file of src/
# may include headers of its own layer and of the layers below it, never
# above:
#
#     base < model < store < export < app < web, cmd
#
# web and cmd are peers and include neither each other, but for the few
# includes listed in ALLOWED below, each with its reason. Every
# `#include "DIR/..."` is checked against the including file's directory;
# a directory of src/ that is not a layer, or an include of one, is an
# error too, so that a new layer is added here and in the document at once.
#
# Also fails when a source file of src/ is over MAX_LINES lines, but for the
# files of LONG_ALLOWED, which are only reported.
#
# Usage: check_layers.sh [SRC_DIR]   (default: the src/ of this checkout)
# Prints every violation as FILE:LINE: what, and exits 1 if there is one.
set -u
src=${1:-$(dirname "$0")/../../src}
if [ ! -d "$src" ]; then
	echo "no source directory: $src"
	exit 1
fi

MAX_LINES=800

# The order of the layers; web and cmd share the top.
rank() {
	case "$1" in
	base) echo 0 ;;
	model) echo 1 ;;
	store) echo 2 ;;
	export) echo 3 ;;
	app) echo 4 ;;
	web | cmd) echo 5 ;;
	*) echo -1 ;;
	esac
}

# Includes across the top layers that are allowed: "FILE INCLUDE", each with
# its reason. Nothing else in cmd/ includes web/, and nothing in web/ cmd/.
ALLOWED=(
	# `kijun serve` starts the HTTP server: the command's one call is
	# kj_server_run(), declared in web/server.h.
	"cmd/cmd_serve.c web/server.h"
)

# Source files still over MAX_LINES lines, to be split by what they hold
# (issue 9, "No source file over 800 lines"); reported as warnings until
# then. Remove a line once its file is split; the check says when one is
# no longer needed.
LONG_ALLOWED=(
)

bad=0
# Every file once, in one awk pass (a fork per include made the check take
# minutes on a loaded machine): its layer, then each `#include "DIR/..."`
# against it; then each file's length.
files=$(find "$src" -type f \( -name '*.c' -o -name '*.h' \) -print | sort)
if [ -n "$files" ]; then
	report=$(printf '%s\n' "${ALLOWED[@]}" | awk -v src="$src" '
		function rank(l) {
			if (l == "base") return 0; if (l == "model") return 1
			if (l == "store") return 2; if (l == "export") return 3
			if (l == "app") return 4; if (l == "web" || l == "cmd") return 5
			return -1
		}
		FILENAME == "-" { allowed[$0] = 1; next }
		FNR == 1 {
			rel = substr(FILENAME, length(src) + 2)
			layer = rel; sub(/\/.*/, "", layer)
			skip = 0
			if (layer == rel) {
				print "src/" rel ":1: a source file outside the layers (put it in one of base, model, store, export, app, web, cmd)"
				skip = 1
			} else if (rank(layer) < 0) {
				print "src/" rel ":1: src/" layer "/ is not a layer (base, model, store, export, app, web, cmd): add it to docs/architecture.md and to this check"
				skip = 1
			}
		}
		skip { nextfile }
		/^[[:space:]]*#[[:space:]]*include[[:space:]]*"/ {
			inc = $0
			sub(/^[[:space:]]*#[[:space:]]*include[[:space:]]*"/, "", inc)
			sub(/".*/, "", inc)
			if (index(inc, "/") == 0) next	# a header beside the file
			target = inc; sub(/\/.*/, "", target)
			own = rank(layer); trank = rank(target); why = ""
			if (trank < 0)
				why = "includes \"" inc "\": \"" target "\" is not a layer"
			else if (trank > own)
				why = "includes \"" inc "\": " layer " must not include " target " (a layer above it)"
			else if (trank == own && target != layer && !((rel " " inc) in allowed))
				why = "includes \"" inc "\": " layer " and " target " are peers and must not include each other"
			if (why != "")
				print "src/" rel ":" FNR ": " why
		}' - $files)
	if [ -n "$report" ]; then
		printf '%s\n' "$report"
		bad=$((bad + $(printf '%s\n' "$report" | wc -l)))
	fi
fi

long_allowed() {
	local a
	for a in "${LONG_ALLOWED[@]}"; do
		[ "$a" = "$1" ] && return 0
	done
	return 1
}

while read -r n path; do
	[ "$path" != total ] || continue
	[ "$n" -gt "$MAX_LINES" ] || continue
	rel=${path#"$src"/}
	if long_allowed "$rel"; then
		echo "warning: src/$rel: still over $MAX_LINES lines ($n), on the allow-list of tests/repo/check_layers.sh"
	else
		echo "src/$rel:$n: $n lines, over $MAX_LINES: split it by what it holds"
		bad=$((bad + 1))
	fi
done < <([ -z "$files" ] || wc -l $files)

for a in "${LONG_ALLOWED[@]}"; do
	if [ ! -f "$src/$a" ] || [ "$(wc -l <"$src/$a")" -le "$MAX_LINES" ]; then
		echo "note: src/$a is no longer over $MAX_LINES lines: remove it from LONG_ALLOWED in tests/repo/check_layers.sh"
	fi
done

if [ "$bad" -gt 0 ]; then
	echo "$bad violation(s) of the layers or of the $MAX_LINES-line limit (docs/architecture.md)"
	exit 1
fi
echo "layers: every include at or below its file's layer; no source file over $MAX_LINES lines but the allow-list"
