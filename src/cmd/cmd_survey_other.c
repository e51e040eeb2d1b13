/*
 * Surveys of kind other from the command line (issue 15; app/survey_other.h):
 * kijun survey respondents SURVEY add|remove|list, and the parts of
 * `survey list --kind other`, `survey status` and `survey export` that
 * serve them. A refused change changes nothing (exit 1); bad usage exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_other.h"
#include "cmd/cmd.h"

int kj_cmd_survey_respondents(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "respondents");
	const char *db = NULL, *pos[2];
	struct kj_other_pick req = { 0 };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "org", 1, &req.org }, { "sector", 1, &req.sector },
		{ "ministry", 1, &req.ministry }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t id;
	if (npos != 2)
		return kj_cmd_usage(self, "give the survey's id and add, remove or list");
	if (kj_app_id(pos[0], &id) < 0)
		return kj_cmd_usage(self, "'%s' is not a survey id (a positive number)", pos[0]);
	int list = !strcmp(pos[1], "list");
	if (!list && strcmp(pos[1], "add") && strcmp(pos[1], "remove"))
		return kj_cmd_usage(self, "'%s': say add, remove or list", pos[1]);
	if (list && (req.org || req.sector || req.ministry))
		return kj_cmd_usage(self, "list takes no --org, --sector or --ministry");
	req.remove = !strcmp(pos[1], "remove");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, list ? KJ_STORE_READONLY : 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	if (list) {
		rc = kj_cmd_other_status(st, id, 1);
		kj_store_close(st);
		if (rc < 0) {
			kj_cmd_error("no survey %lld of kind other", (long long)id);
			return KJ_EXIT_FAIL;
		}
		return rc;
	}
	long changed = 0;
	rc = kj_app_other_pick(st, &a.actor, id, &req, &changed, &why, &err);
	kj_store_close(st);
	if (rc < 0 || why.fault) {
		kj_cmd_error("%s; nothing was changed", rc < 0 ? err.msg : why.msg);
		return KJ_EXIT_FAIL;
	}
	printf("%ld respondent%s %s\n", changed, changed == 1 ? "" : "s",
	       req.remove ? "removed" : "added");
	return KJ_EXIT_OK;
}

int kj_cmd_other_status(struct kj_store *st, int64_t id, int rows)
{
	struct kj_other_view *v = calloc(1, sizeof *v);
	struct kj_survey_refusal why;
	struct kj_err err;
	struct kj_cli_actor a;
	if (!v) {
		kj_cmd_error("out of memory");
		return KJ_EXIT_FAIL;
	}
	kj_cmd_cli_actor(&a);
	int rc = kj_app_other_view(st, &a.actor, id, v, &why, &err);
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		free(v);
		return KJ_EXIT_FAIL;
	}
	if (why.fault) {
		free(v);
		return -1;
	}
	const struct kj_survey *sv = &v->sv;
	if (!rows) {
		printf("survey %lld  fy %d  kind other  status %s  respondents %s\n",
		       (long long)sv->id, sv->fy, sv->status, sv->respondent_kind);
		printf("title: %s\n", sv->title_ja);
		printf("dates: %s to %s\n", *sv->opens_on ? sv->opens_on : "-",
		       *sv->closes_on ? sv->closes_on : "-");
		printf("questions: %d\n", v->nquestions);
		const struct kj_other_counts *c = &v->counts;
		printf("respondents  not_started  draft  submitted  returned\n");
		printf("%ld  %ld  %ld  %ld  %ld\n", c->respondents, c->not_started, c->draft,
		       c->submitted, c->returned);
	} else {
		printf("%s  name  %sstatus  versions  updated\n",
		       strcmp(sv->respondent_kind, "ministry") ? "corporate_number" : "ministry",
		       strcmp(sv->respondent_kind, "ministry") ? "sector  " : "");
		for (int i = 0; i < v->nrows; i++) {
			const struct kj_other_respondent *r = &v->rows[i];
			printf("%s  %s  ", r->key, r->name);
			if (*r->sector)
				printf("%s  ", r->sector);
			printf("%s  %d  %s\n", r->status, r->versions,
			       *r->updated_at ? r->updated_at : "-");
		}
	}
	kj_app_other_view_free(v);
	free(v);
	return KJ_EXIT_OK;
}

int kj_cmd_other_export(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			const char *format, const char *output)
{
	struct kj_survey_refusal why;
	struct kj_err err;
	int xlsx = !strcmp(format, "xlsx"), rc;
	FILE *f = NULL;
	if (!xlsx && !(f = fopen(output, "wb"))) {
		kj_cmd_error("cannot write %s; nothing was written", output);
		return KJ_EXIT_FAIL;
	}
	rc = kj_app_other_export(st, actor, id, f, xlsx ? output : NULL, &why, &err);
	if (f && fclose(f) != 0 && rc == 0) {
		kj_err_set(&err, "cannot write %s", output);
		rc = -1;
	}
	if (rc < 0 || why.fault) {
		remove(output);
		if (why.fault == KJ_SURVEY_NOT_FOUND)
			return -1;
		kj_cmd_error("%s", rc < 0 ? err.msg : why.msg);
		return KJ_EXIT_FAIL;
	}
	printf("answers of survey %lld written to %s\n", (long long)id, output);
	return KJ_EXIT_OK;
}

int kj_cmd_other_list(struct kj_store *st)
{
	struct kj_other_entry *e = calloc(KJ_SURVEY_LIST_MAX, sizeof *e);
	struct kj_cli_actor a;
	struct kj_err err;
	int n;
	if (!e) {
		kj_cmd_error("out of memory");
		return KJ_EXIT_FAIL;
	}
	kj_cmd_cli_actor(&a);
	if (kj_app_other_list(st, &a.actor, e, KJ_SURVEY_LIST_MAX, &n, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		free(e);
		return KJ_EXIT_FAIL;
	}
	printf("id  fy    status  owner  respondents  opens  closes  title\n");
	for (int i = 0; i < n; i++) {
		const struct kj_survey *sv = &e[i].sv;
		printf("%lld  %d  %s  %s%s%s  %s  %s  %s  %s\n", (long long)sv->id, sv->fy,
		       sv->status, sv->owner_kind, *sv->owner_ministry ? ":" : "",
		       sv->owner_ministry, sv->respondent_kind, *sv->opens_on ? sv->opens_on : "-",
		       *sv->closes_on ? sv->closes_on : "-", sv->title_ja);
	}
	free(e);
	return KJ_EXIT_OK;
}
