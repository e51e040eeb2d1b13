/*
 * kijun report freeze|annual|list: the annual report to the Strategy HQ
 * (app/report.h). freeze collects and freezes the year's figures; annual
 * writes the report from a snapshot (the one named, else the year's latest,
 * else one frozen now) as pdf, xlsx, docx or html; list shows the
 * snapshots. Progress goes to standard error only when it is a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/report.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "export/doc_write.h"

static int tty;

static void on_collect(void *arg, int step, int total)
{
	(void)arg;
	if (tty)
		fprintf(stderr, "\rcollecting the figures: %d/%d", step, total);
	if (tty && step == total)
		fputc('\n', stderr);
}

static void on_write(void *arg, int done, int total)
{
	(void)arg;
	if (tty && total > 0)
		fprintf(stderr, "\rwriting the report: %3d%%", (int)((long)done * 100 / total));
	if (tty && done == total)
		fputc('\n', stderr);
}

static int refused(const struct kj_analysis_refusal *why, const char *what)
{
	kj_cmd_error("%s; %s", why->en, what);
	return why->code == 400 ? KJ_EXIT_USAGE : KJ_EXIT_FAIL;
}

int kj_cmd_report_freeze(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("report", "freeze");
	const char *db = NULL, *fy = NULL, *note = NULL;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "note", 1, &note }, { NULL, 0, NULL },
	};
	int got = 0;
	int rc = kj_cmd_parse(self, argc, argv, opts, NULL, 0, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	long y;
	if (!fy || kj_parse_long(fy, KJ_REPORT_FY_MIN, KJ_REPORT_FY_MAX, &y) < 0)
		return kj_cmd_usage(self, "--fy must be a fiscal year from %d to %d",
				    KJ_REPORT_FY_MIN, KJ_REPORT_FY_MAX);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	tty = isatty(STDERR_FILENO);
	struct kj_cli_actor a;
	kj_cmd_cli_actor(&a);
	struct kj_report_meta m;
	struct kj_analysis_refusal why;
	struct kj_err err;
	rc = kj_report_freeze(st, &a.actor, fy, note, on_collect, NULL, &m, &why, &err);
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s; nothing was frozen", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (rc > 0)
		return refused(&why, "nothing was frozen");
	printf("froze report snapshot %lld: FY%d, %ld bytes, sha256 %s\n", (long long)m.id, m.fy,
	       m.bytes, m.digest);
	return KJ_EXIT_OK;
}

int kj_cmd_report_annual(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("report", "annual");
	const char *db = NULL, *fy = NULL, *format = NULL, *out = NULL, *snap = NULL,
		   *lang = NULL;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "format", 1, &format }, { "out", 1, &out },
		{ "snapshot", 1, &snap }, { "lang", 1, &lang }, { NULL, 0, NULL },
	};
	int got = 0;
	int rc = kj_cmd_parse(self, argc, argv, opts, NULL, 0, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	long y, sid;
	if (!fy || kj_parse_long(fy, KJ_REPORT_FY_MIN, KJ_REPORT_FY_MAX, &y) < 0)
		return kj_cmd_usage(self, "--fy must be a fiscal year from %d to %d",
				    KJ_REPORT_FY_MIN, KJ_REPORT_FY_MAX);
	int f = kj_report_format_parse(format);
	if (f < 0)
		return kj_cmd_usage(self, "--format must be pdf, xlsx, docx or html");
	if (!out || !*out)
		return kj_cmd_usage(self, "--out FILE is required");
	if (snap && kj_parse_long(snap, 1, 0x7fffffffL, &sid) < 0)
		return kj_cmd_usage(self, "--snapshot must be a snapshot's number (kijun report list)");
	if (lang && strcmp(lang, "ja") && strcmp(lang, "en"))
		return kj_cmd_usage(self, "--lang must be ja or en");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	tty = isatty(STDERR_FILENO);
	struct kj_cli_actor a;
	kj_cmd_cli_actor(&a);
	struct kj_doc_write_opts wo = { on_write, NULL, lang ? lang : "ja" };
	struct kj_report_req r = { fy, snap, (enum kj_doc_format)f, out, &wo, on_collect, NULL };
	struct kj_analysis_refusal why;
	struct kj_err err;
	int64_t used;
	rc = kj_report_make(st, &a.actor, &r, &used, &why, &err);
	kj_doc_fonts_release();	/* the command ends here */
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s; no report was written", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (rc > 0)
		return refused(&why, "no report was written");
	printf("wrote %s: the FY%ld annual report (%s) from snapshot %lld\n", out, y,
	       kj_report_format_name((enum kj_doc_format)f), (long long)used);
	return KJ_EXIT_OK;
}

int kj_cmd_report_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("report", "list");
	const char *db = NULL, *fy = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { "fy", 1, &fy }, { NULL, 0, NULL } };
	int got = 0;
	int rc = kj_cmd_parse(self, argc, argv, opts, NULL, 0, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	long y = 0;
	if (fy && kj_parse_long(fy, KJ_REPORT_FY_MIN, KJ_REPORT_FY_MAX, &y) < 0)
		return kj_cmd_usage(self, "--fy must be a fiscal year from %d to %d",
				    KJ_REPORT_FY_MIN, KJ_REPORT_FY_MAX);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_report_meta *m = calloc(KJ_REPORT_LIST_MAX, sizeof *m);
	struct kj_err err;
	int n = 0;
	rc = m ? kj_report_list(st, NULL, (int)y, m, KJ_REPORT_LIST_MAX, &n, &err) : -1;
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s", m ? err.msg : "out of memory");
		free(m);
		return KJ_EXIT_FAIL;
	}
	printf("id\tfy\tcreated_at\tactor\tbytes\tdigest\tnote\n");
	for (int i = 0; i < n; i++) {
		for (char *p = m[i].note; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		printf("%lld\t%d\t%s\t%s\t%ld\t%s\t%s\n", (long long)m[i].id, m[i].fy,
		       m[i].created_at, m[i].actor, m[i].bytes, m[i].digest, m[i].note);
	}
	free(m);
	return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_FAIL;
}
