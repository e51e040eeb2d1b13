/* A survey campaign's own questions as listed and explained; see survey_questions.h. */
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "app/survey_questions.h"
#include "base/util.h"

void kj_question_list_free(struct kj_question_list *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->n; i++) {
		free(l->rows[i].text_ja);
		free(l->rows[i].text_en);
		free(l->rows[i].choices);
	}
	free(l);
}

struct collect {
	struct kj_question_list *l;
	int oom;
};

static int collect_row(void *ctx, const struct kj_survey_question *q)
{
	struct collect *c = ctx;
	if (c->l->n >= KJ_SURVEY_QUESTIONS_MAX)
		return 1;	/* the use case never adds more */
	struct kj_question_row *r = &c->l->rows[c->l->n];
	memset(r, 0, sizeof *r);
	r->ord = q->ord;
	r->required = q->required;
	kj_strlcpy(r->sector, q->sector, sizeof r->sector);
	kj_strlcpy(r->kind, q->kind, sizeof r->kind);
	r->text_ja = strdup(q->text_ja);
	r->text_en = strdup(q->text_en);
	r->choices = strdup(q->choices);
	c->l->n++;	/* counted even when a copy failed, so that it is freed */
	if (!r->text_ja || !r->text_en || !r->choices) {
		c->oom = 1;
		return 1;
	}
	return 0;
}

int kj_app_survey_questions(struct kj_store *st, const struct kj_user *user, int64_t id,
			    struct kj_question_list **out, enum kj_survey_fault *fault,
			    struct kj_err *err)
{
	*out = NULL;
	*fault = KJ_SURVEY_OK;
	struct kj_survey *sv = calloc(1, sizeof *sv);
	struct collect c = { calloc(1, sizeof *c.l), 0 };
	int rc = -1, found = 0;
	if (!sv || !c.l) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	if (kj_store_begin_read(st, err) < 0)
		goto done;
	/* A questionnaire's or a survey of kind other's (app/survey_other.h). */
	if (kj_store_survey_get(st, id, sv, &found, err) < 0)
		goto rollback;
	found = found && strcmp(sv->kind, "onsite");
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	for (int i = 0; found && i < sv->nsectors; i++)
		secs[i] = sv->sectors[i];
	if (!found || !kj_authz_survey_read(user, sv->owner_kind, secs, sv->nsectors)) {
		*fault = KJ_SURVEY_NOT_FOUND;
		rc = 0;
		goto rollback;
	}
	kj_strlcpy(c.l->status, sv->status, sizeof c.l->status);
	if (kj_store_survey_question_each(st, id, collect_row, &c, err) < 0)
		goto rollback;
	if (c.oom) {
		kj_err_set(err, "out of memory");
		goto rollback;
	}
	*out = c.l;
	c.l = NULL;
	rc = 0;
rollback:
	kj_store_rollback(st);
done:
	kj_question_list_free(c.l);
	free(sv);
	return rc;
}

static int fault_is(struct kj_question_fault *f, const char *field,
		    const struct kj_answer_fault *af)
{
	f->field = field;
	f->ja = af->ja;
	f->en = af->en;
	return 1;
}

int kj_app_question_fault(const struct kj_question_request *req,
			  const kj_sector_code *sectors, int n, struct kj_question_fault *f)
{
	static const struct kj_answer_fault bad_kind = {
		"設問の種類（段階、はい／いいえ、数値、択一、自由記述）を選んでください",
		"choose the question's kind: level, yes/no, number, single choice or free text",
	};
	static const struct kj_answer_fault bad_sector = {
		"対象分野はこの調査の対象分野から選んでください",
		"the sector must be one of the campaign's scope",
	};
	const struct kj_answer_fault *af;
	memset(f, 0, sizeof *f);
	int kind = kj_question_kind_parse(req->kind ? req->kind : "");
	if (kind < 0)
		return fault_is(f, "kind", &bad_kind);
	/* The model checks the texts first, then the choices: asked one part at a
	 * time, it says which field its first fault is in. */
	if ((af = kj_question_check(KJ_Q_TEXT, req->text_ja, NULL, NULL)))
		return fault_is(f, "text_ja", af);
	if ((af = kj_question_check(KJ_Q_TEXT, req->text_ja, req->text_en, NULL)))
		return fault_is(f, "text_en", af);
	if ((af = kj_question_check((enum kj_question_kind)kind, req->text_ja, req->text_en,
				    req->choices)))
		return fault_is(f, "choices", af);
	if (!req->sector || !*req->sector)
		return 0;
	for (int i = 0; i < n; i++)
		if (!strcmp(sectors[i], req->sector))
			return 0;
	return fault_is(f, "sector", &bad_sector);
}

char *kj_question_choices_tidy(const char *in)
{
	if (!in)
		return NULL;
	char *out = malloc(strlen(in) + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = in; *p;) {
		size_t len = strcspn(p, "\n");
		const char *e = p + len;
		size_t n = len;
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		int blank = 1;	/* spaces only, ASCII or ideographic (U+3000) */
		for (size_t i = 0; i < n && blank;) {
			size_t w = p[i] == ' ' ? 1 : (n - i >= 3 && !memcmp(p + i, "\xE3\x80\x80", 3)) ? 3 : 0;
			blank = w > 0;
			i += w;
		}
		if (!blank) {
			if (o != out)
				*o++ = '\n';
			memcpy(o, p, n);
			o += n;
		}
		p = *e ? e + 1 : e;
	}
	*o = '\0';
	return out;
}
