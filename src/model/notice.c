/* The notices of a survey campaign and their e-mail form; see notice.h. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "base/wareki.h"
#include "model/notice.h"

static const char *const kind_names[] = {
	"invitation", "reminder", "overdue", "returned", "receipt",
};

const char *kj_notice_kind_name(enum kj_notice_kind k)
{
	return (unsigned)k < sizeof kind_names / sizeof *kind_names ? kind_names[k] : NULL;
}

int kj_notice_kind_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof kind_names / sizeof *kind_names; i++)
		if (!strcmp(s, kind_names[i]))
			return (int)i;
	return -1;
}

/*
 * Appends fact S, cut at KJ_NOTICE_FACT_MAX bytes on a character boundary.
 * A control character becomes a space, so that nothing a fact holds starts
 * a line of its own; in a BLOCK (a return's message) a line break stays,
 * and the next line is indented by INDENT.
 */
static void fact(struct kj_buf *b, const char *s, int block, const char *indent)
{
	if (!s)
		return;
	size_t n = kj_utf8_prefix(s, KJ_NOTICE_FACT_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (block && (c == '\n' || c == '\r')) {
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			kj_buf_addc(b, '\n');
			kj_buf_adds(b, indent);
		} else if (c < 0x20 || c == 0x7f) {
			kj_buf_addc(b, ' ');
		} else {
			kj_buf_addc(b, (char)c);
		}
	}
}

static const char *or_else(const char *a, const char *b)
{
	return a && *a ? a : b ? b : "";
}

struct words {
	char fy_ja[32], fy_en[16];
	char closes_ja[48], closes_en[32];
	char at_ja[64], at_en[48];
};

static void words_of(const struct kj_notice_facts *f, struct words *w)
{
	memset(w, 0, sizeof *w);
	kj_fiscal_year_text(f->fy, KJ_DATE_JA, w->fy_ja, sizeof w->fy_ja);
	kj_fiscal_year_text(f->fy, KJ_DATE_EN, w->fy_en, sizeof w->fy_en);
	if (f->closes_on && *f->closes_on) {
		kj_date_text(f->closes_on, KJ_DATE_JA, w->closes_ja, sizeof w->closes_ja);
		kj_date_text(f->closes_on, KJ_DATE_EN, w->closes_en, sizeof w->closes_en);
	}
	if (f->receipt_at && *f->receipt_at) {
		kj_time_text(f->receipt_at, KJ_DATE_JA, w->at_ja, sizeof w->at_ja);
		kj_time_text(f->receipt_at, KJ_DATE_EN, w->at_en, sizeof w->at_en);
	}
}

static void subject_of(struct kj_buf *b, const struct kj_notice_facts *f,
		       const struct words *w)
{
	static const char *const ja[] = {
		"【回答依頼】", "【回答期限のお知らせ】", "【回答期限超過】", "【差戻し】",
		"【受付完了】",
	};
	static const char *const en[] = {
		"Please answer", "Reminder", "Overdue", "Returned for correction", "Received",
	};
	kj_buf_printf(b, "%s%s ", ja[f->kind], w->fy_ja);
	fact(b, or_else(f->title_ja, ""), 0, "");
	if (f->kind == KJ_NOTICE_RECEIPT && f->receipt && *f->receipt) {
		kj_buf_adds(b, "（受付番号 ");
		fact(b, f->receipt, 0, "");
		kj_buf_adds(b, "）");
	}
	kj_buf_printf(b, " / %s: %s ", en[f->kind], w->fy_en);
	fact(b, or_else(f->title_en, f->title_ja), 0, "");
}

/* The link to the notice's page, or nothing without a base URL. */
static void link(struct kj_buf *b, const struct kj_notice_facts *f, const char *label)
{
	if (!f->base_url || !*f->base_url)
		return;
	kj_buf_adds(b, label);
	fact(b, f->base_url, 0, "");
	kj_buf_printf(b, "/surveys/%lld/answer", (long long)f->survey_id);
	if (f->kind == KJ_NOTICE_RECEIPT && f->version > 0)
		kj_buf_printf(b, "/receipts/%d", f->version);
	kj_buf_addc(b, '\n');
}

static void body_ja(struct kj_buf *b, const struct kj_notice_facts *f, const struct words *w)
{
	fact(b, or_else(f->org_name, "ご回答者"), 0, "");
	kj_buf_adds(b, " ご担当者様\n\n");
	kj_buf_printf(b, "%s「", w->fy_ja);
	fact(b, or_else(f->title_ja, ""), 0, "");
	kj_buf_adds(b, "」について、");
	switch (f->kind) {
	case KJ_NOTICE_INVITATION:
		kj_buf_adds(b, "回答の受付を開始しました。ご回答をお願いいたします。\n");
		break;
	case KJ_NOTICE_REMINDER:
		kj_buf_printf(b, "回答期限まであと%d日です。まだ提出されていない場合は、"
			      "期限までにご提出ください。\n", f->days_left);
		break;
	case KJ_NOTICE_OVERDUE:
		kj_buf_adds(b, "回答期限を過ぎましたが、回答がまだ提出されていません。"
			    "速やかにご提出ください。\n");
		break;
	case KJ_NOTICE_RETURNED:
		kj_buf_adds(b, "提出された回答が修正のため差し戻されました。"
			    "内容を修正のうえ、再度ご提出ください。\n\n差戻しの理由:\n  ");
		fact(b, or_else(f->message, "（記載なし）"), 1, "  ");
		kj_buf_addc(b, '\n');
		break;
	case KJ_NOTICE_RECEIPT:
		kj_buf_adds(b, "回答を受け付けました。\n\n受付番号: ");
		fact(b, or_else(f->receipt, ""), 0, "");
		kj_buf_printf(b, "\n受付日時: %s\n版: 第%d版\nダイジェスト (SHA-256): ",
			      w->at_ja, f->version);
		fact(b, or_else(f->digest, ""), 0, "");
		kj_buf_adds(b, "\n\nこの受付番号は、回答を提出した記録として保管してください。\n");
		break;
	}
	if (*w->closes_ja && f->kind != KJ_NOTICE_RECEIPT)
		kj_buf_printf(b, "\n回答期限: %s\n", w->closes_ja);
	kj_buf_addc(b, '\n');
	if (f->base_url && *f->base_url)
		link(b, f, "回答画面: ");
	else
		kj_buf_adds(b, "kijun にサインインし、調査の一覧から回答画面を開いてください。\n");
	kj_buf_adds(b, "\nこのメールは kijun から自動で送信されています。"
		    "お心当たりのない場合は、国家サイバー統括室までお知らせください。\n");
}

static void body_en(struct kj_buf *b, const struct kj_notice_facts *f, const struct words *w)
{
	kj_buf_adds(b, "To the person in charge at ");
	fact(b, or_else(f->org_name, "the respondent"), 0, "");
	kj_buf_adds(b, ",\n\n");
	kj_buf_printf(b, "%s survey \"", w->fy_en);
	fact(b, or_else(f->title_en, f->title_ja), 0, "");
	kj_buf_adds(b, "\": ");
	switch (f->kind) {
	case KJ_NOTICE_INVITATION:
		kj_buf_adds(b, "it is now open for answers. Please answer it.\n");
		break;
	case KJ_NOTICE_REMINDER:
		kj_buf_printf(b, "%d day%s remain%s before the close date. If you have not "
			      "submitted your answers yet, please do so by then.\n", f->days_left,
			      f->days_left == 1 ? "" : "s", f->days_left == 1 ? "s" : "");
		break;
	case KJ_NOTICE_OVERDUE:
		kj_buf_adds(b, "the close date has passed and your answers have not been "
			    "submitted. Please submit them as soon as possible.\n");
		break;
	case KJ_NOTICE_RETURNED:
		kj_buf_adds(b, "your submitted answers were returned for correction. Please "
			    "correct them and submit again.\n\nReason given:\n  ");
		fact(b, or_else(f->message, "(none given)"), 1, "  ");
		kj_buf_addc(b, '\n');
		break;
	case KJ_NOTICE_RECEIPT:
		kj_buf_adds(b, "your answers were received.\n\nReceipt number: ");
		fact(b, or_else(f->receipt, ""), 0, "");
		kj_buf_printf(b, "\nReceived at: %s\nVersion: %d\nDigest (SHA-256): ",
			      w->at_en, f->version);
		fact(b, or_else(f->digest, ""), 0, "");
		kj_buf_adds(b, "\n\nPlease keep this receipt number as the record of your "
			    "submission.\n");
		break;
	}
	if (*w->closes_en && f->kind != KJ_NOTICE_RECEIPT)
		kj_buf_printf(b, "\nClose date: %s\n", w->closes_en);
	kj_buf_addc(b, '\n');
	if (f->base_url && *f->base_url)
		link(b, f, "Answer page: ");
	else
		kj_buf_adds(b, "Sign in to kijun and open the survey from the list of surveys.\n");
	kj_buf_adds(b, "\nThis message was sent automatically by kijun. If you did not "
		    "expect it, please tell the National Cyber Coordination Office.\n");
}

int kj_notice_text(const struct kj_notice_facts *f, struct kj_buf *subject,
		   struct kj_buf *body)
{
	if (!kj_notice_kind_name(f->kind))
		return -1;
	struct words w;
	words_of(f, &w);
	subject_of(subject, f, &w);
	body_ja(body, f, &w);
	kj_buf_adds(body, "\n----------------------------------------"
		    "--------------------------------\n(English)\n\n");
	body_en(body, f, &w);
	return kj_buf_failed(subject) || kj_buf_failed(body) ? -1 : 0;
}

static int local_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		(c && strchr("!#$%&'*+-/=?^_`{|}~.", c));
}

static int domain_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '-' || c == '.';
}

int kj_notice_addr_ok(const char *a)
{
	if (!a)
		return 0;
	size_t len = strlen(a);
	const char *at = strchr(a, '@');
	if (len < 3 || len > KJ_NOTICE_ADDR_MAX || !at || strchr(at + 1, '@') ||
	    at == a || at - a > 64 || !at[1])
		return 0;
	for (const char *p = a; p < at; p++)
		if (!local_char((unsigned char)*p))
			return 0;
	if (a[0] == '.' || at[-1] == '.' || strstr(a, ".."))
		return 0;
	for (const char *p = at + 1; *p; p++)
		if (!domain_char((unsigned char)*p))
			return 0;
	return at[1] != '.' && at[1] != '-' && a[len - 1] != '.' && a[len - 1] != '-';
}

int kj_notice_split(const char *recipients, char **copy, char **addrs, int max, int *n)
{
	*n = 0;
	*copy = strdup(recipients ? recipients : "");
	if (!*copy)
		return -1;
	for (char *p = *copy; p && *p;) {
		char *end = strchr(p, ',');
		if (end)
			*end = '\0';
		while (*p == ' ')
			p++;
		for (char *q = p + strlen(p); q > p && q[-1] == ' '; q--)
			q[-1] = '\0';
		if (kj_notice_addr_ok(p) && *n < max)
			addrs[(*n)++] = p;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* Appends LEN bytes of P in base64 (no line breaks). */
static int b64(struct kj_buf *out, const void *p, size_t len)
{
	char enc[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
	const unsigned char *s = p;
	while (len) {
		size_t n = len > 57 ? 57 : len;
		sodium_bin2base64(enc, sizeof enc, s, n, sodium_base64_VARIANT_ORIGINAL);
		if (kj_buf_adds(out, enc) < 0)
			return -1;
		s += n;
		len -= n;
	}
	return 0;
}

/* The byte length of the character at S (1 for a stray byte). */
static size_t char_len(const unsigned char *s, size_t left)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	return n > left ? left : n;
}

int kj_notice_subject_header(struct kj_buf *out, const char *subject)
{
	/* "=?UTF-8?B?" + 52 characters of base64 + "?=": 64, under RFC 2047's 75. */
	enum { WORD_BYTES = 39 };
	const unsigned char *s = (const unsigned char *)subject;
	size_t left = strlen(subject), first = 1;
	if (!left)
		return kj_buf_adds(out, "Subject: \r\n");
	kj_buf_adds(out, "Subject:");
	while (left) {
		size_t n = 0;
		while (n < left) {
			size_t c = char_len(s + n, left - n);
			if (n + c > WORD_BYTES)
				break;
			n += c;
		}
		kj_buf_adds(out, first ? " =?UTF-8?B?" : "\r\n =?UTF-8?B?");
		b64(out, s, n);
		kj_buf_adds(out, "?=");
		s += n;
		left -= n;
		first = 0;
	}
	kj_buf_adds(out, "\r\n");
	return kj_buf_failed(out) ? -1 : 0;
}

/* Unix time AT as an RFC 5322 date in UTC. */
static void mail_date(time_t at, char out[40])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	if (!gmtime_r(&at, &tm))
		memset(&tm, 0, sizeof tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7],
		 tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

int kj_notice_message(struct kj_buf *out, const char *from, char *const *to, int n,
		      const char *subject, const char *body, time_t at, const char *msgid)
{
	if (!kj_notice_addr_ok(from) || !kj_notice_addr_ok(msgid) || n < 1)
		return -1;
	for (int i = 0; i < n; i++)
		if (!kj_notice_addr_ok(to[i]))
			return -1;
	char date[40];
	mail_date(at, date);
	kj_buf_printf(out, "Date: %s\r\nFrom: kijun <%s>\r\nTo: ", date, from);
	for (int i = 0; i < n; i++)
		kj_buf_printf(out, "%s<%s>", i ? ",\r\n " : "", to[i]);
	kj_buf_adds(out, "\r\n");
	if (kj_notice_subject_header(out, subject) < 0)
		return -1;
	kj_buf_printf(out, "Message-ID: <%s>\r\nMIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n"
		      "Auto-Submitted: auto-generated\r\n\r\n", msgid);
	/* The body with CRLF line ends, then in lines of 76 base64 characters. */
	struct kj_buf crlf;
	kj_buf_init(&crlf, 2 * strlen(body) + 1);
	for (const char *p = body; *p; p++) {
		if (*p == '\n')
			kj_buf_addc(&crlf, '\r');
		if (*p != '\r')
			kj_buf_addc(&crlf, *p);
	}
	if (kj_buf_failed(&crlf)) {
		kj_buf_free(&crlf);
		return -1;
	}
	for (size_t off = 0; off < crlf.len; off += 57) {
		size_t len = crlf.len - off > 57 ? 57 : crlf.len - off;
		b64(out, crlf.data + off, len);
		kj_buf_adds(out, "\r\n");
	}
	kj_buf_free(&crlf);
	return kj_buf_failed(out) ? -1 : 0;
}
