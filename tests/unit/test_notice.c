/*
 * Unit tests of src/model/notice.c: the notices' texts (Japanese first,
 * English below, fiscal years and dates in wareki and in English, the link
 * to kijun), the Subject header's RFC 2047 words (decoded back, within
 * their length), the whole message (no header can be added by a title or a
 * message holding CR/LF, the body in base64 with CRLF lines), and the
 * addresses kijun accepts.
 */
#include <sodium.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "helpers.h"
#include "model/notice.h"

struct built {
	struct kj_buf subject, body;
};

static void build(struct built *b, const struct kj_notice_facts *f)
{
	kj_buf_init(&b->subject, KJ_NOTICE_SUBJECT_MAX);
	kj_buf_init(&b->body, KJ_NOTICE_BODY_MAX);
	assert_int_equal(kj_notice_text(f, &b->subject, &b->body), 0);
}

static void unbuild(struct built *b)
{
	kj_buf_free(&b->subject);
	kj_buf_free(&b->body);
}

/* The offset of NEEDLE in HAY, which must hold it. */
static size_t at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	if (!p)
		fail_msg("'%s' not found in:\n%s", needle, hay);
	return (size_t)(p - hay);
}

static void test_invitation(void **state)
{
	(void)state;
	struct kj_notice_facts f = {
		.kind = KJ_NOTICE_INVITATION, .survey_id = 12, .fy = 2026,
		.title_ja = "令和8年度 重要インフラ調査", .title_en = "Annual survey",
		.org_name = "東都電力株式会社", .closes_on = "2027-01-31",
		.base_url = "https://kijun.example.go.jp",
	};
	struct built b;
	build(&b, &f);
	assert_string_equal(kj_buf_str(&b.subject), "【回答依頼】令和8年度 令和8年度 重要インフラ調査"
			    " / Please answer: FY2026 Annual survey");
	const char *body = kj_buf_str(&b.body);
	size_t ja = at(body, "東都電力株式会社 ご担当者様");
	size_t en = at(body, "To the person in charge at 東都電力株式会社,");
	assert_true(ja < en);
	assert_true(at(body, "回答期限: 令和9年1月31日") < en);
	assert_true(at(body, "Close date: 31 Jan 2027") > en);
	assert_true(at(body, "FY2026 survey \"Annual survey\"") > en);
	assert_true(at(body, "回答画面: https://kijun.example.go.jp/surveys/12/answer\n") < en);
	at(body, "Answer page: https://kijun.example.go.jp/surveys/12/answer\n");
	unbuild(&b);

	/* Without a base URL: sign in; without an English title: the Japanese. */
	f.base_url = NULL;
	f.title_en = "";
	build(&b, &f);
	body = kj_buf_str(&b.body);
	assert_null(strstr(body, "http"));
	at(body, "kijun にサインインし");
	at(body, "Sign in to kijun");
	at(kj_buf_str(&b.subject), "Please answer: FY2026 令和8年度 重要インフラ調査");
	unbuild(&b);
}

static void test_reminder_overdue(void **state)
{
	(void)state;
	struct kj_notice_facts f = {
		.kind = KJ_NOTICE_REMINDER, .survey_id = 3, .fy = 2027, .title_ja = "調査",
		.title_en = "Survey", .org_name = "A", .closes_on = "2028-02-29", .days_left = 1,
	};
	struct built b;
	build(&b, &f);
	assert_string_equal(kj_buf_str(&b.subject),
			    "【回答期限のお知らせ】令和9年度 調査 / Reminder: FY2027 Survey");
	at(kj_buf_str(&b.body), "あと1日です");
	at(kj_buf_str(&b.body), "1 day remains before the close date");
	at(kj_buf_str(&b.body), "回答期限: 令和10年2月29日");
	unbuild(&b);
	f.kind = KJ_NOTICE_OVERDUE;
	build(&b, &f);
	at(kj_buf_str(&b.subject), "【回答期限超過】令和9年度 調査 / Overdue: FY2027 Survey");
	at(kj_buf_str(&b.body), "回答期限を過ぎましたが");
	at(kj_buf_str(&b.body), "the close date has passed");
	unbuild(&b);
}

static void test_receipt(void **state)
{
	(void)state;
	struct kj_notice_facts f = {
		.kind = KJ_NOTICE_RECEIPT, .survey_id = 5, .fy = 2026, .title_ja = "調査",
		.title_en = "Survey", .org_name = "A", .receipt = "R2026-000123-2",
		.receipt_at = "2026-12-04T19:25:00Z", .digest = "ab12cd", .version = 2,
		.base_url = "http://localhost:8080",
	};
	struct built b;
	build(&b, &f);
	assert_string_equal(kj_buf_str(&b.subject), "【受付完了】令和8年度 調査（受付番号 "
			    "R2026-000123-2） / Received: FY2026 Survey");
	const char *body = kj_buf_str(&b.body);
	size_t en = at(body, "(English)");
	assert_true(at(body, "受付番号: R2026-000123-2") < en);
	assert_true(at(body, "受付日時: 令和8年12月5日 4:25 JST") < en);
	assert_true(at(body, "版: 第2版") < en);
	assert_true(at(body, "ダイジェスト (SHA-256): ab12cd") < en);
	assert_true(at(body, "Received at: 5 Dec 2026 04:25 JST") > en);
	at(body, "http://localhost:8080/surveys/5/answer/receipts/2\n");
	unbuild(&b);
}

static void test_returned_and_injection(void **state)
{
	(void)state;
	struct kj_notice_facts f = {
		.kind = KJ_NOTICE_RETURNED, .survey_id = 7, .fy = 2026,
		.title_ja = "調査\r\nBcc: evil@example.com", .title_en = "Survey\nX-Evil: 1",
		.org_name = "A\r\nB", .message = "3.2.1-1 の根拠を記入してください。\r\n"
		"Bcc: evil@example.com\nthird line",
	};
	struct built b;
	build(&b, &f);
	const char *subject = kj_buf_str(&b.subject);
	assert_null(strchr(subject, '\r'));
	assert_null(strchr(subject, '\n'));
	at(subject, "【差戻し】令和8年度 調査  Bcc: evil@example.com / Returned for correction:");
	const char *body = kj_buf_str(&b.body);
	/* The message's lines stay lines, indented under the heading. */
	at(body, "差戻しの理由:\n  3.2.1-1 の根拠を記入してください。\n  Bcc: evil@example.com\n"
	   "  third line\n");
	at(body, "Reason given:\n  3.2.1-1");
	at(body, "A  B ご担当者様");
	assert_null(strchr(body, '\r'));

	/* The whole message: only kijun's headers, whatever the facts held. */
	char to0[] = "sec@example.jp", to1[] = "cio@example.jp";
	char *to[] = { to0, to1 };
	struct kj_buf m;
	kj_buf_init(&m, KJ_NOTICE_MAIL_MAX);
	assert_int_equal(kj_notice_message(&m, "kijun@example.go.jp", to, 2, subject, body,
					   (time_t)1796444700, "kijun.1.ab@example.go.jp"), 0);
	const char *msg = kj_buf_str(&m);
	size_t head_len = at(msg, "\r\n\r\n");
	static const char *const names[] = {
		"Date: ", "From: ", "To: ", "Subject: ", "Message-ID: ", "MIME-Version: ",
		"Content-Type: ", "Content-Transfer-Encoding: ", "Auto-Submitted: ",
	};
	int seen[9] = { 0 };
	for (size_t off = 0; off < head_len;) {
		const char *line = msg + off;
		size_t len = at(line, "\r\n");
		assert_true(len <= 78);
		for (size_t i = 0; i < len; i++)
			assert_true(line[i] >= 0x20 && line[i] < 0x7f);
		if (line[0] != ' ') {
			int known = 0;
			for (int i = 0; i < 9; i++)
				if (!strncmp(line, names[i], strlen(names[i]))) {
					known = 1;
					seen[i]++;
				}
			if (!known)
				fail_msg("unexpected header line: %.*s", (int)len, line);
		}
		off += len + 2;
	}
	for (int i = 0; i < 9; i++)
		assert_int_equal(seen[i], 1);
	at(msg, "Date: Sat, 05 Dec 2026 04:25:00 +0000\r\n");
	at(msg, "To: <sec@example.jp>,\r\n <cio@example.jp>\r\n");
	at(msg, "Content-Type: text/plain; charset=UTF-8\r\n");
	at(msg, "Content-Transfer-Encoding: base64\r\n");

	/* The body decodes to the text with CRLF lines. */
	const char *b64 = msg + head_len + 4;
	size_t cap = strlen(b64), got;
	unsigned char *dec = malloc(cap);
	assert_non_null(dec);
	assert_int_equal(sodium_base642bin(dec, cap, b64, strlen(b64), "\r\n", &got, NULL,
					   sodium_base64_VARIANT_ORIGINAL), 0);
	for (const char *p = b64; *p;) {
		size_t len = strcspn(p, "\r");
		assert_true(len <= 76);
		p += len;
		if (*p)
			p += 2;
	}
	struct kj_buf want;
	kj_buf_init(&want, 2 * strlen(body) + 1);
	for (const char *p = body; *p; p++) {
		if (*p == '\n')
			kj_buf_addc(&want, '\r');
		kj_buf_addc(&want, *p);
	}
	assert_int_equal(got, want.len);
	assert_memory_equal(dec, want.data, got);
	free(dec);
	kj_buf_free(&want);
	kj_buf_free(&m);
	unbuild(&b);
}

/* Decodes the encoded words of a Subject header back into OUT. */
static void decode_subject(const char *header, struct kj_buf *out)
{
	const char *p = header + strlen("Subject:");
	while ((p = strstr(p, "=?UTF-8?B?"))) {
		p += 10;
		const char *end = strstr(p, "?=");
		assert_non_null(end);
		assert_true(end - p + 12 <= 75);
		unsigned char dec[128];
		size_t got;
		assert_int_equal(sodium_base642bin(dec, sizeof dec, p, (size_t)(end - p), NULL,
						   &got, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
		/* Each word is whole characters: valid UTF-8 alone. */
		assert_true(kj_utf8_valid_text((const char *)dec, got));
		kj_buf_add(out, dec, got);
		p = end + 2;
	}
}

static void test_subject_words(void **state)
{
	(void)state;
	const char *subjects[] = {
		"【回答依頼】令和8年度 重要インフラのサイバーセキュリティ対策に関する調査 / "
		"Please answer: FY2026 Survey of cybersecurity measures",
		"a", "ascii only subject that is long enough to need more than one encoded word",
		"𠮷野家の調査（4バイト文字）", "",
	};
	for (size_t i = 0; i < sizeof subjects / sizeof *subjects; i++) {
		struct kj_buf h, back;
		kj_buf_init(&h, KJ_NOTICE_MAIL_MAX);
		kj_buf_init(&back, KJ_NOTICE_SUBJECT_MAX);
		assert_int_equal(kj_notice_subject_header(&h, subjects[i]), 0);
		const char *s = kj_buf_str(&h);
		assert_int_equal(strncmp(s, "Subject:", 8), 0);
		for (const char *c = s; *c; c++)
			assert_true((*c >= 0x20 && *c < 0x7f) || *c == '\r' || *c == '\n');
		decode_subject(s, &back);
		assert_int_equal(back.len, strlen(subjects[i]));
		if (back.len)
			assert_memory_equal(back.data, subjects[i], back.len);
		kj_buf_free(&h);
		kj_buf_free(&back);
	}
}

static void test_addresses(void **state)
{
	(void)state;
	const char *good[] = { "a@b.jp", "sec.team+survey@example.go.jp", "x_y-z@mail-1.example.jp" };
	const char *bad[] = {
		"", "a", "@b.jp", "a@", "a@@b.jp", "a@b@c.jp", "a b@c.jp", "a@b.jp\r\nBcc: c@d.jp",
		"<a@b.jp>", "a@b.jp,c@d.jp", "\"a\"@b.jp", ".a@b.jp", "a.@b.jp", "a..b@c.jp",
		"a@.b.jp", "a@b.jp.", "a@-b.jp", "a@b_c.jp", "東京@example.jp", "a@例え.jp",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(kj_notice_addr_ok(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (kj_notice_addr_ok(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	char long_addr[300];
	memset(long_addr, 'a', sizeof long_addr);
	memcpy(long_addr + 250, "@b.jp", 6);
	assert_false(kj_notice_addr_ok(long_addr));
	assert_false(kj_notice_addr_ok(NULL));

	char *copy, *addrs[4];
	int n;
	assert_int_equal(kj_notice_split(" a@b.jp, bad ,c@d.jp,,e@f.jp,g@h.jp,i@j.jp", &copy,
					 addrs, 4, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(addrs[0], "a@b.jp");
	assert_string_equal(addrs[1], "c@d.jp");
	assert_string_equal(addrs[3], "g@h.jp");
	free(copy);

	/* A message with a bad address or id is refused whole. */
	char ok[] = "a@b.jp", evil[] = "a@b.jp>\r\nBcc: <c@d.jp";
	char *to_ok[] = { ok }, *to_evil[] = { evil };
	struct kj_buf m;
	kj_buf_init(&m, KJ_NOTICE_MAIL_MAX);
	assert_int_equal(kj_notice_message(&m, "k@x.jp", to_evil, 1, "s", "b", 0, "id@x.jp"), -1);
	assert_int_equal(kj_notice_message(&m, "k@x.jp\r\nX: y", to_ok, 1, "s", "b", 0,
					   "id@x.jp"), -1);
	assert_int_equal(kj_notice_message(&m, "k@x.jp", to_ok, 1, "s", "b", 0, "id>\r\nX: y"),
			 -1);
	assert_int_equal(kj_notice_message(&m, "k@x.jp", to_ok, 0, "s", "b", 0, "id@x.jp"), -1);
	kj_buf_free(&m);
}

static void test_kinds(void **state)
{
	(void)state;
	const char *names[] = { "invitation", "reminder", "overdue", "returned", "receipt" };
	for (int i = 0; i < 5; i++) {
		assert_string_equal(kj_notice_kind_name((enum kj_notice_kind)i), names[i]);
		assert_int_equal(kj_notice_kind_parse(names[i]), i);
	}
	assert_null(kj_notice_kind_name((enum kj_notice_kind)5));
	assert_int_equal(kj_notice_kind_parse("spam"), -1);
	assert_int_equal(kj_notice_kind_parse(NULL), -1);
}

static void test_long_facts_capped(void **state)
{
	(void)state;
	size_t n = 3 * KJ_NOTICE_FACT_MAX;
	char *big = malloc(n + 1);
	assert_non_null(big);
	for (size_t i = 0; i + 3 <= n; i += 3)
		memcpy(big + i, "あ", 3);
	big[n] = '\0';
	struct kj_notice_facts f = {
		.kind = KJ_NOTICE_RETURNED, .survey_id = 1, .fy = 2026, .title_ja = "調査",
		.message = big,
	};
	struct built b;
	build(&b, &f);
	/* Twice (Japanese and English), cut at a character boundary. */
	assert_true(b.body.len < 2 * KJ_NOTICE_FACT_MAX + 4096);
	assert_true(kj_utf8_valid_text(b.body.data, b.body.len));
	unbuild(&b);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invitation),
		cmocka_unit_test(test_reminder_overdue),
		cmocka_unit_test(test_receipt),
		cmocka_unit_test(test_returned_and_injection),
		cmocka_unit_test(test_subject_words),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_long_facts_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
