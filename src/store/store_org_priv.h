/*
 * What the registry's store files share (store_org.c, store_org_list.c):
 * the columns of an organisation's record and the reader of one row.
 */
#ifndef KJ_STORE_STORE_ORG_PRIV_H
#define KJ_STORE_STORE_ORG_PRIV_H

#include <sqlite3.h>

#include "model/registry.h"

/*
 * The columns of an organisation's record (after its id) and the join of
 * its first contact, read by org_row: one list for every reader.
 */
#define ORG_COLS "o.id, o.corporate_number, o.name_ja, o.name_kana, o.size_class," \
	" o.core_infra, o.local_gov, o.ceptoar_member, o.active, o.municipality_code," \
	" o.prefecture_code, c.name, c.email, c.phone"
#define ORG_CONTACT " LEFT JOIN organisation_contact c ON c.id = (SELECT MIN(c1.id)" \
	" FROM organisation_contact c1 WHERE c1.organisation_id = o.id)"

/* The current row of ORG_COLS into R (sectors and ministries not yet). */
void kj_sq_org_row(sqlite3_stmt *s, struct kj_org_record *r);

/*
 * Registers kj_search_key(number, name, kana) on DB: an organisation's
 * search_text (migration 9), folded as a search is (store_org_list.c).
 */
int kj_sq_search_register(sqlite3 *db);

#endif
