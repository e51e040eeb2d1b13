/* The rules of implementation plans; see plan.h. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "model/plan.h"

/* Who may move a plan from which state: the whole workflow in one table. */
static const struct kj_plan_transition transitions[KJ_PLAN_NACTS] = {
	{ KJ_PLAN_SUBMIT, "submit", KJ_PLAN_DRAFT, KJ_PLAN_SUBMITTED, KJ_PLAN_BY_OWNER, 0 },
	{ KJ_PLAN_RETURN, "return", KJ_PLAN_SUBMITTED, KJ_PLAN_DRAFT, KJ_PLAN_BY_NCO, 1 },
	{ KJ_PLAN_REPORT, "report", KJ_PLAN_SUBMITTED, KJ_PLAN_REPORTED, KJ_PLAN_BY_NCO, 0 },
};

static const char *const state_names[KJ_PLAN_NSTATES] = { "draft", "submitted", "reported" };
static const char *const state_labels[KJ_PLAN_NSTATES] = {
	N_("作成中"), N_("統括室に提出済み"), N_("本部に報告済み") };
static const char *const section_names[KJ_PLAN_NSECTIONS] = { "gov", "pp", "roles" };
static const char *const section_labels[KJ_PLAN_NSECTIONS] = {
	N_("政府機関における連携体制"), N_("官民の連携体制"), N_("各主体の役割") };
static const char *const status_names[KJ_MEASURE_NSTATUS] = { "todo", "doing", "done", "review" };
static const char *const status_labels[KJ_MEASURE_NSTATUS] = {
	N_("未着手"), N_("実施中"), N_("完了"), N_("見直し") };

static int find(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

const struct kj_plan_transition *kj_plan_transition(enum kj_plan_act act)
{
	return (unsigned)act < KJ_PLAN_NACTS ? &transitions[act] : NULL;
}

int kj_plan_act_parse(const char *s)
{
	for (int i = 0; s && i < KJ_PLAN_NACTS; i++)
		if (!strcmp(transitions[i].name, s))
			return i;
	return -1;
}

const char *kj_plan_state_name(enum kj_plan_state s)
{
	return (unsigned)s < KJ_PLAN_NSTATES ? state_names[s] : "?";
}

int kj_plan_state_parse(const char *s)
{
	return find(state_names, KJ_PLAN_NSTATES, s);
}

const char *kj_plan_state_label_ja(enum kj_plan_state s)
{
	return (unsigned)s < KJ_PLAN_NSTATES ? state_labels[s] : "?";
}

const char *kj_plan_section_name(enum kj_plan_section s)
{
	return (unsigned)s < KJ_PLAN_NSECTIONS ? section_names[s] : "?";
}

int kj_plan_section_parse(const char *s)
{
	return find(section_names, KJ_PLAN_NSECTIONS, s);
}

const char *kj_plan_section_label_ja(enum kj_plan_section s)
{
	return (unsigned)s < KJ_PLAN_NSECTIONS ? section_labels[s] : "?";
}

const char *kj_measure_status_name(enum kj_measure_status s)
{
	return (unsigned)s < KJ_MEASURE_NSTATUS ? status_names[s] : "?";
}

int kj_measure_status_parse(const char *s)
{
	return find(status_names, KJ_MEASURE_NSTATUS, s);
}

const char *kj_measure_status_label_ja(enum kj_measure_status s)
{
	return (unsigned)s < KJ_MEASURE_NSTATUS ? status_labels[s] : "?";
}

int kj_plan_is_cross(const struct kj_plan *p)
{
	return !strcmp(p->scope, "cross");
}

const char *kj_plan_check_text(const char *field, const char *s, size_t max, int required)
{
	static _Thread_local char why[160];
	size_t n = s ? strlen(s) : 0;
	if (required && n == 0) {
		snprintf(why, sizeof why, "%s: required", field);
		return why;
	}
	if (n >= max) {
		snprintf(why, sizeof why, "%s: longer than %zu bytes", field, max - 1);
		return why;
	}
	if (n && !kj_utf8_valid_text(s, n)) {
		snprintf(why, sizeof why, "%s: not UTF-8 text (control characters?)", field);
		return why;
	}
	return NULL;
}

/* A requirement id: digits and dots, a hyphen, digits ("3.2.1-1"). */
static int req_valid(const char *s, size_t n)
{
	size_t i = 0, dash = 0;
	if (n == 0 || n >= KJ_ID_MAX || s[0] < '0' || s[0] > '9')
		return 0;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '-') {
			if (dash || i + 1 == n)
				return 0;
			dash = i;
		} else if (!((c >= '0' && c <= '9') || (c == '.' && !dash)))
			return 0;
	}
	return dash != 0;
}

const char *kj_plan_parse_reqs(const char *s, char out[][KJ_ID_MAX], int *n)
{
	static _Thread_local char why[160];
	*n = 0;
	for (const char *p = s ? s : ""; *p;) {
		size_t len = strcspn(p, ", \t\r\n");
		if (len) {
			if (!req_valid(p, len)) {
				snprintf(why, sizeof why, "requirements: '%.*s' is not a requirement id "
					 "such as 3.2.1-1", (int)(len > 40 ? 40 : len), p);
				return why;
			}
			if (*n >= KJ_PLAN_REQS_MAX) {
				snprintf(why, sizeof why, "requirements: more than %d",
					 KJ_PLAN_REQS_MAX);
				return why;
			}
			memcpy(out[*n], p, len);
			out[*n][len] = '\0';
			for (int i = 0; i < *n; i++)
				if (!strcmp(out[i], out[*n])) {
					snprintf(why, sizeof why, "requirements: '%s' is given twice",
						 out[i]);
					return why;
				}
			(*n)++;
		}
		p += len;
		if (*p)
			p++;
	}
	return NULL;
}

int kj_plan_key_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n >= KJ_PLAN_KEY_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return 0;
	return 1;
}

static const struct kj_plan_measure *by_key(const struct kj_plan *p, const char *key)
{
	for (int i = 0; i < p->nmeasures; i++)
		if (!strcmp(p->measures[i].key, key))
			return &p->measures[i];
	return NULL;
}

static int same_reqs(const struct kj_plan_measure *a, const struct kj_plan_measure *b)
{
	if (a->nreqs != b->nreqs)
		return 0;
	for (int i = 0; i < a->nreqs; i++) {
		int found = 0;
		for (int k = 0; k < b->nreqs && !found; k++)
			found = !strcmp(a->reqs[i], b->reqs[k]);
		if (!found)
			return 0;
	}
	return 1;
}

static unsigned fields_changed(const struct kj_plan_measure *a, const struct kj_plan_measure *b)
{
	unsigned f = 0;
	if (a->category != b->category) f |= KJ_PF_CATEGORY;
	if (strcmp(a->title, b->title)) f |= KJ_PF_TITLE;
	if (strcmp(a->description, b->description)) f |= KJ_PF_DESCRIPTION;
	if (strcmp(a->kpi, b->kpi)) f |= KJ_PF_KPI;
	if (strcmp(a->schedule, b->schedule)) f |= KJ_PF_SCHEDULE;
	if (strcmp(a->owner, b->owner)) f |= KJ_PF_OWNER;
	if (a->status != b->status) f |= KJ_PF_STATUS;
	if (strcmp(a->progress, b->progress)) f |= KJ_PF_PROGRESS;
	if (!same_reqs(a, b)) f |= KJ_PF_REQS;
	return f;
}

int kj_plan_diff(const struct kj_plan *a, const struct kj_plan *b,
		 struct kj_plan_diff_row *rows, unsigned *sections)
{
	int n = 0;
	*sections = 0;
	for (int s = 0; s < KJ_PLAN_NSECTIONS; s++)
		if (strcmp(a->body[s], b->body[s]))
			*sections |= 1u << s;
	for (int i = 0; i < b->nmeasures; i++) {
		const struct kj_plan_measure *mb = &b->measures[i], *ma = by_key(a, mb->key);
		struct kj_plan_diff_row *r = &rows[n++];
		r->a = ma;
		r->b = mb;
		r->fields = ma ? fields_changed(ma, mb) : 0;
		r->change = !ma ? KJ_PLAN_ADDED : r->fields ? KJ_PLAN_CHANGED : KJ_PLAN_SAME;
	}
	for (int i = 0; i < a->nmeasures; i++)
		if (!by_key(b, a->measures[i].key))
			rows[n++] = (struct kj_plan_diff_row){ &a->measures[i], NULL,
							       KJ_PLAN_REMOVED, 0 };
	return n;
}
