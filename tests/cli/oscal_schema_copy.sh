#!/bin/bash
# tests/oscal/oscal_catalog_schema_v1.2.1.json is the NIST OSCAL v1.2.1
# catalog schema, unmodified: its sha256 is the one recorded in
# tests/oscal/README.md, and it equals ../shared/oscal/... when that exists.
KJ_PG=1	# no database: the same on either engine
. "$(dirname "$0")/lib.sh" "$@"

COPY="$SRC/tests/oscal/oscal_catalog_schema_v1.2.1.json"
SHARED="$SRC/../shared/oscal/schemas/v1.2.1/oscal_catalog_schema.json"
WANT=c0ae626d6bafe318db68692152d0cbbebf29ba7226b1596a5513cc5d1754504d

check_file "$COPY"
check_eq "$(sha256sum <"$COPY" | cut -d' ' -f1)" "$WANT" "sha256 of the schema copy"
if grep -qF "$WANT  oscal_catalog_schema_v1.2.1.json" "$SRC/tests/oscal/README.md"; then
	pass "README.md records the sha256"
else
	fail "tests/oscal/README.md does not record '$WANT  oscal_catalog_schema_v1.2.1.json'"
fi
# shellcheck disable=SC2016
check_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["$id"])' "$COPY")" \
	"http://csrc.nist.gov/ns/oscal/1.2.1/oscal-catalog-schema.json" "\$id of the schema copy"

if [ -f "$SHARED" ]; then
	check_same_file "$COPY" "$SHARED" "schema copy vs ../shared/oscal"
else
	echo "(no $SHARED here: compared with the recorded sha256 only)"
fi

finish
