/*
 * The notices of a survey campaign (issue 12), apart from how they travel:
 * the invitation when a survey opens, the reminder before its close date,
 * the notice to an operator that is overdue, the notice of a response
 * returned for correction and the receipt of a submission. Each is built
 * from facts (the survey's title and fiscal year, the close date, the
 * receipt, the return's message, the address of kijun) as a subject of one
 * line and a body in Japanese with the English below; and a built notice
 * becomes an RFC 5322 message in UTF-8 (the subject MIME-encoded as RFC
 * 2047 words, the body in base64), so nothing a title or a message holds
 * can add a header.
 *
 * Return conventions: a writer returns 0, or -1 when its buffer failed (over
 * its cap or out of memory) or a value is refused (the message's addresses);
 * a check returns 1 or 0.
 */
#ifndef KJ_MODEL_NOTICE_H
#define KJ_MODEL_NOTICE_H

#include <stdint.h>
#include <time.h>

#include "base/buf.h"

enum kj_notice_kind {
	KJ_NOTICE_INVITATION,
	KJ_NOTICE_REMINDER,
	KJ_NOTICE_OVERDUE,
	KJ_NOTICE_RETURNED,
	KJ_NOTICE_RECEIPT,
};

/* "invitation", "reminder", "overdue", "returned", "receipt" (the store's words). */
const char *kj_notice_kind_name(enum kj_notice_kind k);
/* The kind named S, or -1. */
int kj_notice_kind_parse(const char *s);

/* What a notice says; NULL or "" for what is not known. */
struct kj_notice_facts {
	enum kj_notice_kind kind;
	int64_t survey_id;
	int fy;				/* the survey's fiscal year */
	const char *title_ja, *title_en;
	const char *org_name;		/* the operator addressed */
	const char *closes_on;		/* YYYY-MM-DD: its close date (with an extension) */
	int days_left;			/* a reminder: days until the close date */
	const char *receipt;		/* a receipt: 受付番号 */
	const char *receipt_at;		/* its time, YYYY-MM-DDTHH:MM:SSZ */
	const char *digest;		/* the digest of the answers submitted */
	int version;			/* the submitted version */
	const char *message;		/* a return: the reviewer's message */
	const char *base_url;		/* kijun's address, for the link */
};

/*
 * Appends the notice F to SUBJECT (one line: control characters of the
 * facts become spaces) and BODY (lines ending in \n; the Japanese text, a
 * rule, then the English). A title or message is cut at a character
 * boundary at KJ_NOTICE_FACT_MAX bytes.
 */
int kj_notice_text(const struct kj_notice_facts *f, struct kj_buf *subject,
		   struct kj_buf *body);

/* An e-mail address kijun writes into a message: local@domain of plain
 * ASCII (no spaces, quotes, brackets, commas or control characters), at
 * most 254 bytes. */
int kj_notice_addr_ok(const char *addr);

/*
 * RECIPIENTS (addresses separated by commas) into ADDRS (at most MAX, each
 * a pointer into the copy COPY of RECIPIENTS, which the caller frees);
 * *N their count. Addresses that are not kj_notice_addr_ok are left out.
 */
int kj_notice_split(const char *recipients, char **copy, char **addrs, int max, int *n);

/* SUBJECT as the RFC 2047 encoded words of a Subject header (B encoding of
 * UTF-8, each word at most 75 characters, folded with CRLF and a space). */
int kj_notice_subject_header(struct kj_buf *out, const char *subject);

/*
 * The whole RFC 5322 message into OUT: Date (AT), From (FROM), To (the
 * addresses of TO, N of them), Subject, Message-ID (<MSGID>, whose text
 * is checked like an address), MIME headers and BODY (\n lines, sent as
 * CRLF) in base64. -1 when an address or the id is refused, or OUT failed.
 */
int kj_notice_message(struct kj_buf *out, const char *from, char *const *to, int n,
		      const char *subject, const char *body, time_t at, const char *msgid);

#endif
