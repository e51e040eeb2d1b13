/*
 * The answer scale of a questionnaire (PRODUCT.md): levels 0-4 and N/A with
 * a required reason, each answer with a comment and an evidence reference
 * (which document shows it), and the survey's own questions (level, yes/no,
 * number, single choice, free text). The checks here know nothing of the
 * store: each returns NULL when the value is good, else a fault saying
 * what is wrong in Japanese (for the pages and forms) and in English (for
 * the command line and the API), both static.
 */
#ifndef KJ_MODEL_ANSWER_H
#define KJ_MODEL_ANSWER_H

#include <stddef.h>

#include "base/limits.h"

#define KJ_LEVEL_MIN 0
#define KJ_LEVEL_MAX 4
#define KJ_LEVEL_NA (-1)	/* 該当なし: not applicable, with a reason */
#define KJ_LEVEL_NONE (-2)	/* not answered yet */

/* Bytes that hold the longest text of each kind (UTF-8, with the NUL). */
#define KJ_ANSWER_NOTE_BYTES (4 * KJ_ANSWER_NOTE_MAX + 1)
#define KJ_ANSWER_EVIDENCE_BYTES (4 * KJ_ANSWER_EVIDENCE_MAX + 1)
#define KJ_ANSWER_NA_BYTES (4 * KJ_ANSWER_NA_MAX + 1)
#define KJ_ANSWER_VALUE_BYTES (4 * KJ_ANSWER_VALUE_MAX + 1)

struct kj_answer_fault {
	const char *ja, *en;
};

/* "未実施" … "実施・継続的改善", "該当なし" for KJ_LEVEL_NA, "" otherwise. */
const char *kj_level_label_ja(int level);
/* "not implemented" … "implemented and improved", "not applicable". */
const char *kj_level_label_en(int level);
/* "0".."4", "na"; "" for KJ_LEVEL_NONE. */
const char *kj_level_code(int level);

/*
 * A level as typed in a form, a CSV or an xlsx cell: "0".."4" (full-width
 * digits too), "na", "N/A", "該当なし", or the Japanese label ("実施",
 * "0: 未実施" as the xlsx drop-down shows it). Blank (NULL, "", spaces):
 * KJ_LEVEL_NONE. Returns NULL and the level in *LEVEL, or a fault.
 */
const struct kj_answer_fault *kj_level_parse(const char *s, int *level);

/*
 * One answer to a requirement: LEVEL (KJ_LEVEL_NONE, _NA or 0-4), with an
 * N/A REASON exactly when it is N/A, a NOTE (comment) and EVIDENCE that
 * may be empty; texts valid UTF-8 (line breaks allowed in the note only),
 * within their limits. A comment or evidence without a level is refused.
 */
const struct kj_answer_fault *kj_answer_check(int level, const char *na_reason,
					      const char *note, const char *evidence);

enum kj_question_kind {
	KJ_Q_LEVEL, KJ_Q_YESNO, KJ_Q_NUMBER, KJ_Q_CHOICE, KJ_Q_TEXT, KJ_NQ_KINDS
};
/* "level", "yesno", "number", "choice", "text"; -1 / NULL when unknown. */
const char *kj_question_kind_name(enum kj_question_kind k);
int kj_question_kind_parse(const char *s);
/*
 * A survey's own question as its owner writes it: TEXT_JA required,
 * TEXT_EN optional, each within KJ_QUESTION_TEXT_MAX; CHOICES (one per
 * line) only for KJ_Q_CHOICE, 2..KJ_QUESTION_CHOICES_MAX distinct ones.
 */
const struct kj_answer_fault *kj_question_check(enum kj_question_kind kind,
						const char *text_ja, const char *text_en,
						const char *choices);
/*
 * An answer VALUE to a question of KIND (CHOICES as stored), normalised
 * into OUT (CAP bytes): level "0".."4" or "na"; yes/no "yes" or "no" (はい,
 * いいえ accepted); a number as a decimal (at most 15 digits, optional
 * sign and fraction); a choice exactly one of CHOICES; text within
 * KJ_ANSWER_VALUE_MAX characters. Blank: OUT "" (not answered).
 */
const struct kj_answer_fault *kj_question_value(enum kj_question_kind kind,
						const char *choices, const char *value,
						char *out, size_t cap);

#endif
