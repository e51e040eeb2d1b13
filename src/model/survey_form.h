/*
 * The offline form of a questionnaire (issue 12): one operator's questions
 * of one survey as a table that goes out as xlsx or CSV, is filled in a
 * spreadsheet and comes back. This file knows the form's layout, its
 * identifier and the checks of a returned form; the writers are in
 * export/form_xlsx.c and export/form_csv.c, the use cases in
 * app/survey_form.c.
 *
 * Layout (the same in xlsx and CSV, so one checker reads both):
 *   row 1  "kijun-form" in A1 and the form identifier in B1 (hidden and
 *          locked in the workbook)
 *   row 2  the column heads: 項目, 機能, 要求事項, 回答(0-4/該当なし),
 *          該当なしの理由, コメント, 根拠資料, 前年度の回答
 *   row 3… one row per question: the standard's requirements in order,
 *          then the survey's own questions ("Q1"…); A-C and H are fixed,
 *          D-G are the answer (an own question's answer is in D only).
 *
 * The identifier binds the form to the survey, the operator (corporate
 * number), the question set (a digest of every item's id and fixed text)
 * and the response's revision at download, which the upload gives back to
 * the save so that optimistic locking holds for forms too. A MAC over it,
 * keyed from the installation's audit key (kj_audit_subkey), refuses a
 * hand-edited identifier.
 */
#ifndef KJ_MODEL_SURVEY_FORM_H
#define KJ_MODEL_SURVEY_FORM_H

#include <stdint.h>

#include "model/answer.h"
#include "model/catalog.h"
#include "model/table.h"

/* What a form is for: a questionnaire's answers, or an on-site visit's record. */
enum kj_form_kind { KJ_FORM_KIND_ANSWER, KJ_FORM_KIND_VISIT };

enum kj_form_col {
	KJ_FC_ITEM, KJ_FC_FUNCTION, KJ_FC_TEXT, KJ_FC_LEVEL, KJ_FC_NA, KJ_FC_NOTE,
	KJ_FC_EVIDENCE, KJ_FC_LAST, KJ_FORM_COLS
};
/* The column heads of row 2, in order (a questionnaire's form). */
extern const char *const kj_form_columns_ja[KJ_FORM_COLS];
/* Those of a form of KIND. */
const char *const *kj_form_columns(enum kj_form_kind kind);
/* A1 of a form of KIND: KJ_FORM_MARK or KJ_FORM_VISIT_MARK. */
const char *kj_form_mark(enum kj_form_kind kind);

#define KJ_FORM_ID_ROW		0	/* 0-based rows of the table */
#define KJ_FORM_HEAD_ROW	1
#define KJ_FORM_FIRST_ROW	2
#define KJ_FORM_MARK		"kijun-form"
#define KJ_FORM_VISIT_MARK	"kijun-visit-form"
#define KJ_FORM_ID_MAX		160	/* bytes of an identifier, with the NUL */
#define KJ_FORM_DIGEST_HEX	33	/* the question set's digest: 16 bytes in hex */
#define KJ_FORM_ITEM_MAX	24	/* bytes of an item's name ("3.2.1-1", "Q3") */
#define KJ_FORM_LAST_BYTES	(KJ_ANSWER_NA_BYTES + 64)
#define KJ_FORM_ROWS_MAX	(KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX)

/* One question of the form with the answer it shows. */
struct kj_form_row {
	char item[KJ_FORM_ITEM_MAX];	/* A: "3.2.1-1" or "Q3" */
	const char *function;		/* B: the function's name; "" for an own question */
	const char *text;		/* C: the requirement's or the question's text */
	int question;			/* 1: a survey's own question */
	enum kj_question_kind kind;	/* of an own question */
	const char *choices;		/* a choice question's, one per line */
	int required;
	/* D-G as they are now; never NULL. */
	const char *answer, *na_reason, *note, *evidence;
	const char *last;		/* H: last year's answer, as shown; never NULL */
};

/* A form as written or expected back. Strings are borrowed. */
struct kj_answer_form {
	enum kj_form_kind kind;			/* 0: a questionnaire's */
	int64_t survey;				/* a visit's form: the visit */
	int fy;
	char corporate_number[16];
	const char *org_name, *title, *version;
	long revision;
	char digest[KJ_FORM_DIGEST_HEX];	/* kj_form_seal */
	char id[KJ_FORM_ID_MAX];		/* kj_form_seal */
	const struct kj_catalog *cat;		/* its definitions: the second sheet */
	struct kj_form_row *rows;
	int nrows;
};

/* What a form's identifier says. */
struct kj_form_id {
	enum kj_form_kind kind;
	int64_t survey;			/* a visit's form: the visit */
	char corporate_number[16];
	char digest[KJ_FORM_DIGEST_HEX];
	long revision;
};

/* "0: 未実施" … "4: 実施・継続的改善", "該当なし" as the drop-down offers
 * them; "" for KJ_LEVEL_NONE. Static. */
const char *kj_form_level_choice(int level);
/* The drop-down's entries, KJ_LEVEL_MAX + 2 of them. */
extern const char *const kj_form_level_choices[KJ_LEVEL_MAX + 2];

/* Computes F's question-set digest from its rows and its identifier from
 * the survey, operator, digest and revision. 0, or -1 (libsodium). The
 * leading requirement rows' hash is kept per thread by their version,
 * items and text addresses: a requirement row's function and text must not
 * be changed in place between seals (they point into a parsed version). */
int kj_form_seal(struct kj_answer_form *f);

/* Reads identifier S into *ID: NULL, or the fault (malformed, or its MAC
 * does not match: edited by hand or made by another installation). */
const struct kj_answer_fault *kj_form_id_parse(const char *s, struct kj_form_id *id);
/* The same for a form of KIND (kj_form_id_parse reads a questionnaire's). */
const struct kj_answer_fault *kj_form_id_parse_kind(enum kj_form_kind kind, const char *s,
						    struct kj_form_id *id);

/* "C12" for 0-based ROW 11 and COL 2. */
void kj_form_cell(int row, int col, char out[16]);

/* One answer read from a returned form; strings point into the table. */
struct kj_form_answer {
	const char *item;
	int row;			/* 0-based row of the table */
	int question;
	const char *level, *na_reason, *note, *evidence;	/* requirement */
	int level_value;		/* LEVEL parsed (KJ_LEVEL_*) when it passed */
	const char *value;		/* own question */
};

/* What the check of a returned form found. */
struct kj_form_check {
	struct kj_form_id id;
	struct kj_form_answer *answers;	/* WANT->nrows of them when no error */
	int nanswers;
	struct kj_row_error *errors;	/* free() it; kj_form_check_free */
	int nerrors, caperrors;
};

/*
 * Checks table T (a returned form) against WANT (the form as it would be
 * written now, sealed) in full: the identifier (this survey, this operator,
 * this question set, not edited), the heads, every fixed cell (A-C) and
 * every answer (D-G: the scale, N/A with its reason, comments, evidence,
 * own questions' values); when SUBMIT, every required item answered. Each
 * bad cell is one error in OUT naming the cell ("D12") in Japanese and
 * English; a bad identifier is the only error. Returns 0 (OUT->nerrors
 * tells), or -1 when out of memory. The answers point into T.
 */
int kj_form_check(const struct kj_answer_form *want, const struct kj_table *t, int submit,
		  struct kj_form_check *out);
void kj_form_check_free(struct kj_form_check *c);

/* A cell's text as the form writers put it: a leading apostrophe that
 * neutralised a formula (CSV) is dropped. */
const char *kj_form_cell_text(const struct kj_table *t, int row, int col);

/* --- the owner's export of every response ------------------------------- */

#define KJ_EXPORT_ANSWER_COLS 12
#define KJ_EXPORT_CHANGE_COLS 8
/* The heads of the answers' and of the change log's columns. */
extern const char *const kj_export_answer_columns_ja[KJ_EXPORT_ANSWER_COLS];
extern const char *const kj_export_change_columns_ja[KJ_EXPORT_CHANGE_COLS];

/* One answer of one response; strings borrowed until the next call. */
struct kj_export_answer {
	const char *corporate_number, *org_name, *status;
	int versions;			/* submitted versions */
	const char *item;
	const char *answer;		/* "0".."4", "na", or an own question's value */
	const char *label;		/* the level's Japanese label, or "" */
	const char *na_reason, *note, *evidence, *updated_at, *updated_by;
};
/* One change made after a return. */
struct kj_export_change {
	const char *corporate_number, *org_name, *item, *at, *by;
	const char *old_value, *new_value, *reason;
};
/* Sources for the export writers: 1 with the row set, 0 at the end, -1 on error. */
typedef int (*kj_export_answer_fn)(void *ctx, struct kj_export_answer *a);
typedef int (*kj_export_change_fn)(void *ctx, struct kj_export_change *c);

#endif
