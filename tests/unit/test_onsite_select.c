/*
 * Unit tests of src/model/onsite_rules.c: the selection rules of an
 * on-site survey as JSON and as short lines (good and bad inputs, one
 * canonical form), and each rule on a hand-built set of candidates whose
 * picks and details are worked out by hand; the same rules, seed and
 * candidates give the same picks in the same order, another seed another
 * random sample.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "helpers.h"
#include "model/onsite_rules.h"

static void parse_json_ok(const char *text, struct kj_onsite_rules *r)
{
	char msg[256];
	const char *m = kj_onsite_rules_parse_json(text, strlen(text), r, msg, sizeof msg);
	if (m)
		fail_msg("%s: %s", text, m);
}

static void parse_json_bad(const char *text, const char *want)
{
	char msg[256];
	struct kj_onsite_rules r;
	const char *m = kj_onsite_rules_parse_json(text, strlen(text), &r, msg, sizeof msg);
	if (!m)
		fail_msg("accepted: %s", text);
	if (!strstr(m, want))
		fail_msg("%s: said '%s', want '%s'", text, m, want);
	assert_int_equal(r.n, 0);
}

static void test_rules_json(void **state)
{
	(void)state;
	struct kj_onsite_rules r;
	parse_json_ok("{\"rules\": [{\"n\": 3, \"rule\": \"lowest\", \"functions\":"
		      " [\"protect\", \"detect\"]}, {\"rule\": \"kikan\"},"
		      " {\"rule\": \"uninspected\", \"years\": 3},"
		      " {\"rule\": \"quota\", \"by\": \"prefecture\", \"n\": 1},"
		      " {\"rule\": \"change\", \"n\": 2}, {\"rule\": \"random\", \"n\": 2}]}", &r);
	assert_int_equal(r.n, 6);
	assert_int_equal(r.r[0].kind, KJ_ONSITE_LOWEST);
	assert_int_equal(r.r[0].nfuncs, 2);
	assert_string_equal(r.r[0].funcs[0], "detect");	/* sorted */
	assert_int_equal(r.r[2].years, 3);
	assert_int_equal(r.r[3].by_prefecture, 1);
	char *canon = kj_onsite_rules_json(&r);
	assert_non_null(canon);
	assert_string_equal(canon, "{\"rules\":[{\"functions\":[\"detect\",\"protect\"],\"n\":3,"
			    "\"rule\":\"lowest\"},{\"n\":0,\"rule\":\"kikan\"},{\"n\":0,"
			    "\"rule\":\"uninspected\",\"years\":3},{\"by\":\"prefecture\",\"n\":1,"
			    "\"rule\":\"quota\"},{\"functions\":[],\"n\":2,\"rule\":\"change\"},"
			    "{\"n\":2,\"rule\":\"random\"}]}");
	/* The canonical form reads back as itself. */
	struct kj_onsite_rules again;
	parse_json_ok(canon, &again);
	char *canon2 = kj_onsite_rules_json(&again);
	assert_string_equal(canon, canon2);
	free(canon2);
	free(canon);
	char lines[512];
	assert_int_equal(kj_onsite_rules_lines(&r, lines, sizeof lines), 0);
	assert_string_equal(lines, "lowest:3:detect,protect\nkikan\nuninspected:3\n"
			    "quota:prefecture:1\nchange:2\nrandom:2\n");
	assert_int_equal(kj_onsite_rules_lines(&r, lines, 10), -1);

	parse_json_bad("", "rules");
	parse_json_bad("[1]", "must be an object");
	parse_json_bad("{\"rules\": []}", "no rules");
	parse_json_bad("{\"rules\": [], \"x\": 1}", "nothing else");
	parse_json_bad("{\"rules\": [1]}", "not an object");
	parse_json_bad("{\"rules\": [{\"rule\": \"best\", \"n\": 1}]}", "must be one of");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\"}]}", "\"n\" is missing");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": 0}]}", "n must be 1 to");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": -1}]}", "whole number");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": 1.5}]}", "whole number");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": 1001}]}", "whole number");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": \"3\"}]}", "whole number");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": 1, \"years\": 2}]}",
		       "unknown member \"years\"");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": 1, \"functions\": \"x\"}]}",
		       "list of codes");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": 1, \"functions\": [\"A\"]}]}",
		       "not a function's code");
	parse_json_bad("{\"rules\": [{\"rule\": \"lowest\", \"n\": 1, \"functions\":"
		       " [\"x\", \"x\"]}]}", "given twice");
	parse_json_bad("{\"rules\": [{\"rule\": \"uninspected\"}]}", "\"years\" is missing");
	parse_json_bad("{\"rules\": [{\"rule\": \"uninspected\", \"years\": 31}]}", "years must be");
	parse_json_bad("{\"rules\": [{\"rule\": \"quota\", \"n\": 1}]}", "\"by\" must be");
	parse_json_bad("{\"rules\": [{\"rule\": \"quota\", \"n\": 1, \"by\": \"city\"}]}",
		       "\"by\" must be");
	parse_json_bad("{\"rules\": [{\"rule\": \"random\", \"n\": 1, \"seed\": 3}]}",
		       "unknown member");
	parse_json_bad("{\"rules\": [{\"rule\": \"kikan\", \"n\": 1, \"n\": 2}]}", "rules");
	char many[2048] = "{\"rules\": [";
	for (int i = 0; i <= KJ_ONSITE_RULES_MAX; i++)
		strcat(many, i ? ",{\"rule\":\"kikan\"}" : "{\"rule\":\"kikan\"}");
	strcat(many, "]}");
	parse_json_bad(many, "more than 16 rules");
}

static void lines_bad(const char *text, const char *want)
{
	char msg[256];
	struct kj_onsite_rules r;
	const char *m = kj_onsite_rules_parse_lines(text, &r, msg, sizeof msg);
	if (!m)
		fail_msg("accepted: %s", text);
	if (!strstr(m, want))
		fail_msg("%s: said '%s', want '%s'", text, m, want);
	assert_int_equal(r.n, 0);
}

static void test_rules_lines(void **state)
{
	(void)state;
	char msg[256];
	struct kj_onsite_rules r;
	assert_null(kj_onsite_rules_parse_lines("lowest:5:protect\r\n\n  change:2 \nkikan:4\n"
						"uninspected:3:10\nquota:sector:1\nrandom:7",
						&r, msg, sizeof msg));
	assert_int_equal(r.n, 6);
	assert_int_equal(r.r[0].n, 5);
	assert_string_equal(r.r[0].funcs[0], "protect");
	assert_int_equal(r.r[2].n, 4);
	assert_int_equal(r.r[3].years, 3);
	assert_int_equal(r.r[3].n, 10);
	assert_int_equal(r.r[4].by_prefecture, 0);
	assert_int_equal(r.r[5].n, 7);
	lines_bad("", "no rules");
	lines_bad("\n \n", "no rules");
	lines_bad("lowest", "lowest:N");
	lines_bad("lowest:x", "lowest:N");
	lines_bad("lowest:0", "n must be 1");
	lines_bad("lowest:2:Protect", "not a function's code");
	lines_bad("lowest:2:protect,", "not a function's code");
	lines_bad("kikan:1:2", "kikan[:N]");
	lines_bad("quota:city:1", "quota:sector|prefecture:N");
	lines_bad("quota:sector", "quota:sector|prefecture:N");
	lines_bad("random", "random:N");
	lines_bad("random:1:2:3:4", "too many parts");
	lines_bad("uninspected:0", "years must be");
	lines_bad("best:3", "a rule is one of");
	lines_bad("kikan\nlowest:x", "lowest:N");
	long seed;
	assert_null(kj_onsite_check_seed("7", &seed));
	assert_int_equal(seed, 7);
	assert_non_null(kj_onsite_check_seed("", &seed));
	assert_non_null(kj_onsite_check_seed("-1", &seed));
	assert_non_null(kj_onsite_check_seed("2147483648", &seed));
	assert_non_null(kj_onsite_check_seed("7x", &seed));
	assert_null(kj_onsite_check_reason("閉鎖した事業所"));
	assert_non_null(kj_onsite_check_reason(""));
	assert_non_null(kj_onsite_check_reason("a\nb"));
	assert_non_null(kj_onsite_check_reason("\xff"));
}

/*
 * Eight operators (org ids 1..8). Mean levels of the year over every
 * function (protect and detect; the year before in brackets):
 *   1: 1.00 (3.00) medical 13, kikan, last inspected FY2020
 *   2: 2.00 (2.00) medical 13
 *   3: 3.00 (1.00) water 27,   kikan, inspected FY2025
 *   4: 1.50 (—)    water 27
 *   5: —   (—)     water "",   kikan, never inspected
 *   6: 2.50 (3.00) medical 27, inspected FY2023
 *   7: 4.00 (4.00) water 13, inspected FY2024
 *   8: protect 0.00, detect 4.00 (2.00) medical 13, inspected FY2025
 */
static struct kj_onsite_cand cands[8];

static void cand(int i, const char *sector, const char *pref, int kikan, int last)
{
	struct kj_onsite_cand *c = &cands[i - 1];
	memset(c, 0, sizeof *c);
	c->org = i;
	kj_strlcpy(c->sector, sector, sizeof c->sector);
	kj_strlcpy(c->prefecture, pref, sizeof c->prefecture);
	c->kikan = kikan;
	c->last_inspected = last;
}

static void build(void)
{
	cand(1, "medical", "13", 1, 2020);
	assert_int_equal(kj_onsite_cand_add(&cands[0], "protect", 0, 2, 2), 0);
	kj_onsite_cand_add(&cands[0], "protect", 1, 6, 2);
	cand(2, "medical", "13", 0, 0);
	kj_onsite_cand_add(&cands[1], "protect", 0, 4, 2);
	kj_onsite_cand_add(&cands[1], "protect", 1, 4, 2);
	cand(3, "water", "27", 1, 2025);
	kj_onsite_cand_add(&cands[2], "detect", 0, 6, 2);
	kj_onsite_cand_add(&cands[2], "detect", 1, 2, 2);
	cand(4, "water", "27", 0, 0);
	kj_onsite_cand_add(&cands[3], "protect", 0, 3, 2);
	cand(5, "water", "", 1, 0);
	cand(6, "medical", "27", 0, 2023);
	kj_onsite_cand_add(&cands[5], "protect", 0, 5, 2);
	kj_onsite_cand_add(&cands[5], "protect", 1, 6, 2);
	cand(7, "water", "13", 0, 2024);
	kj_onsite_cand_add(&cands[6], "protect", 0, 8, 2);
	kj_onsite_cand_add(&cands[6], "protect", 1, 8, 2);
	cand(8, "medical", "13", 0, 2025);
	kj_onsite_cand_add(&cands[7], "protect", 0, 0, 1);
	kj_onsite_cand_add(&cands[7], "detect", 0, 4, 1);
	kj_onsite_cand_add(&cands[7], "detect", 1, 2, 1);
}

/* Runs the rules of TEXT (short lines) with SEED; the picks' org ids, rule
 * names and details as "org rule detail|..." into OUT. */
static void run(const char *text, long seed, char *out, size_t n)
{
	char msg[256];
	struct kj_onsite_rules r;
	struct kj_onsite_pick p[8];
	int np;
	if (kj_onsite_rules_parse_lines(text, &r, msg, sizeof msg))
		fail_msg("%s: %s", text, msg);
	build();
	assert_int_equal(kj_onsite_select(&r, seed, 2026, cands, 8, p, &np), 0);
	out[0] = '\0';
	for (int i = 0; i < np; i++) {
		size_t at = strlen(out);
		snprintf(out + at, n - at, "%s%lld %s %s", i ? "|" : "",
			 (long long)cands[p[i].cand].org, kj_onsite_rule_name(p[i].rule),
			 p[i].detail);
	}
}

static void test_rule_lowest(void **state)
{
	(void)state;
	char got[2048];
	/* 8's 2.00 ties 2's: the lower org id first. */
	run("lowest:3", 0, got, sizeof got);
	assert_string_equal(got, "1 lowest mean level 1.00|4 lowest mean level 1.50|"
			    "2 lowest mean level 2.00");
	run("lowest:2:protect", 0, got, sizeof got);
	assert_string_equal(got, "8 lowest mean level 0.00 in protect|"
			    "1 lowest mean level 1.00 in protect");
	/* 5 has no level: never chosen by this rule, however many are asked. */
	run("lowest:100", 0, got, sizeof got);
	assert_null(strstr(got, "5 lowest"));
	assert_non_null(strstr(got, "|7 lowest mean level 4.00"));
}

static void test_rule_change(void **state)
{
	(void)state;
	char got[2048];
	/* |change|: 1 -2, 3 +2, 6 -0.5, 2, 7 and 8 none (8: 0 + 4 over 2 = 2.00 from
	 * 2.00); the drop of 1 before the rise of 3 of the same size; 4 and 5 lack a
	 * year. In detect alone 3 and 8 both rose by 2: the lower org id first. */
	run("change:3", 0, got, sizeof got);
	assert_string_equal(got, "1 change change -2.00 (3.00 to 1.00)|"
			    "3 change change +2.00 (1.00 to 3.00)|"
			    "6 change change -0.50 (3.00 to 2.50)");
	run("change:1:detect", 0, got, sizeof got);
	assert_string_equal(got, "3 change change +2.00 (1.00 to 3.00) in detect");
}

static void test_rule_uninspected(void **state)
{
	(void)state;
	char got[2048];
	/* Not in the last 2 years (FY2024, 2025): never first (4, 2 by level, then 5 without
	 * one), then the longest ago (1: 2020, 6: 2023). */
	run("uninspected:2", 0, got, sizeof got);
	assert_string_equal(got, "4 uninspected never inspected|2 uninspected never inspected|"
			    "5 uninspected never inspected|1 uninspected not inspected since FY2020|"
			    "6 uninspected not inspected since FY2023");
	run("uninspected:5:4", 0, got, sizeof got);
	assert_string_equal(got, "4 uninspected never inspected|2 uninspected never inspected|"
			    "5 uninspected never inspected|1 uninspected not inspected since FY2020");
	run("uninspected:2:1", 0, got, sizeof got);
	assert_string_equal(got, "4 uninspected never inspected");
}

static void test_rule_kikan(void **state)
{
	(void)state;
	char got[2048];
	run("kikan", 0, got, sizeof got);
	assert_string_equal(got, "1 kikan kikan (core infrastructure), mean level 1.00|"
			    "3 kikan kikan (core infrastructure), mean level 3.00|"
			    "5 kikan kikan (core infrastructure), no level reported");
	run("kikan:1", 0, got, sizeof got);
	assert_string_equal(got, "1 kikan kikan (core infrastructure), mean level 1.00");
}

static void test_rule_quota(void **state)
{
	(void)state;
	char got[2048];
	run("quota:sector:1", 0, got, sizeof got);
	assert_string_equal(got, "1 quota sector medical: 1 of 1, mean level 1.00|"
			    "4 quota sector water: 1 of 1, mean level 1.50");
	/* After lowest:1 (1, medical 13), medical's quota of 2 needs one more (2: the
	 * next lowest there), water two; prefecture "" (5) is nobody's group. */
	run("lowest:1\nquota:sector:2", 0, got, sizeof got);
	assert_string_equal(got, "1 lowest mean level 1.00|"
			    "4 quota sector water: 1 of 2, mean level 1.50|"
			    "2 quota sector medical: 2 of 2, mean level 2.00|"
			    "3 quota sector water: 2 of 2, mean level 3.00");
	run("quota:prefecture:1", 0, got, sizeof got);
	assert_string_equal(got, "1 quota prefecture 13: 1 of 1, mean level 1.00|"
			    "4 quota prefecture 27: 1 of 1, mean level 1.50");
}

/* The org ids (one digit each) the random rule picked in GOT, in order. */
static void random_orgs(const char *got, char out[8])
{
	int n = 0;
	for (const char *p = got; (p = strstr(p, " random random")) && n < 7; p++)
		out[n++] = p[-1];
	out[n] = '\0';
}

static void test_rule_random_reproducible(void **state)
{
	(void)state;
	char a[2048], b[2048], c[2048];
	const char *rules = "lowest:2\nkikan\nrandom:3";
	run(rules, 7, a, sizeof a);
	run(rules, 7, b, sizeof b);
	assert_string_equal(a, b);
	/* lowest (1, 4), kikan (3, 5), then 3 of the rest (2, 6, 7, 8) by the seed. */
	assert_int_equal(strncmp(a, "1 lowest mean level 1.00|4 lowest mean level 1.50|"
				 "3 kikan", 57), 0);
	int randoms = 0;
	for (const char *p = a; (p = strstr(p, " random random, seed 7")); p++)
		randoms++;
	assert_int_equal(randoms, 3);
	assert_null(strstr(a, "1 random"));
	assert_null(strstr(a, "5 random"));
	/* Some other seed picks another sample (or order): the seed matters. */
	char sa[8], sc[8];
	random_orgs(a, sa);
	assert_int_equal(strlen(sa), 3);
	int differs = 0;
	for (long s = 8; s < 20 && !differs; s++) {
		run(rules, s, c, sizeof c);
		random_orgs(c, sc);
		differs = strcmp(sa, sc) != 0;
	}
	assert_true(differs);
	/* Asking for more than there are takes them all once. */
	run("random:100", 3, c, sizeof c);
	for (int org = 1; org <= 8; org++) {
		char needle[16];
		snprintf(needle, sizeof needle, "%d random", org);
		assert_non_null(strstr(c, needle));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_json),
		cmocka_unit_test(test_rules_lines),
		cmocka_unit_test(test_rule_lowest),
		cmocka_unit_test(test_rule_change),
		cmocka_unit_test(test_rule_uninspected),
		cmocka_unit_test(test_rule_kikan),
		cmocka_unit_test(test_rule_quota),
		cmocka_unit_test(test_rule_random_reproducible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
