/*
 * What the registry's store files share (store_org.c, store_org_list.c):
 * the columns of an organisation's record and the reader of one row.
 */
#ifndef KJ_STORE_STORE_ORG_PRIV_H
#define KJ_STORE_STORE_ORG_PRIV_H

#include "store/db.h"

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
void kj_db_org_row(struct kj_stmt *s, struct kj_org_record *r);

/*
 * An organisation's search_text: its corporate number, name and kana folded
 * as a search is (store_org_list.c), parts apart; malloc'd, NULL if out of
 * memory.
 */
char *kj_db_search_key(const char *number, const char *name, const char *kana);
/* Fills the search_text of the organisations that have none (migration 9). */
int kj_db_search_fill(struct kj_store *st, struct kj_err *err);

#endif
