/* The rules of evaluations; see evaluation.h. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "model/evaluation.h"

/* Who may move an evaluation from which state: the whole workflow in one
 * table per scope (the HQ's has no submission: it is its own reader). */
static const struct kj_eval_transition owned[KJ_EVAL_NACTS] = {
	{ KJ_EVAL_SUBMIT, "submit", KJ_EVAL_DRAFT, KJ_EVAL_SUBMITTED, KJ_EVAL_BY_OWNER, 0 },
	{ KJ_EVAL_RETURN, "return", KJ_EVAL_SUBMITTED, KJ_EVAL_DRAFT, KJ_EVAL_BY_NCO, 1 },
	{ KJ_EVAL_FINALISE, "finalise", KJ_EVAL_SUBMITTED, KJ_EVAL_FINAL, KJ_EVAL_BY_NCO, 0 },
};
static const struct kj_eval_transition hq_finalise =
	{ KJ_EVAL_FINALISE, "finalise", KJ_EVAL_DRAFT, KJ_EVAL_FINAL, KJ_EVAL_BY_HQ, 0 };

static const char *const state_names[KJ_EVAL_NSTATES] = { "draft", "submitted", "final" };
static const char *const state_labels[KJ_EVAL_NSTATES] = {
	N_("作成中"), N_("統括室に提出済み"), N_("確定") };
static const char *const scope_names[KJ_EVAL_NSCOPES] = { "sector", "cross", "hq" };
static const char *const section_names[KJ_EVAL_NSECTIONS] = {
	"measures", "survey", "gaps", "improvements", "summary" };
static const char *const section_labels[KJ_EVAL_NSECTIONS] = {
	N_("施策の実施状況"), N_("調査結果と分析"), N_("残る課題"), N_("改善の方向性"),
	N_("総括") };
static const char *const fig_names[KJ_FIG_NKINDS] = { "national", "sector", "requirement",
						      "coverage" };
static const char *const fig_labels[KJ_FIG_NKINDS] = {
	N_("全国の分野・機能別の実施率"), N_("分野の機能別の実施率"),
	N_("対策事項の分野別の実施率"), N_("安全基準等のギャップ") };
static const char *const kind_names[KJ_ITEM_NKINDS] = { "finding", "recommendation" };
static const char *const kind_labels[KJ_ITEM_NKINDS] = { N_("所見"), N_("提言") };
static const char *const cat_names[KJ_ITEM_NCATS] = { "general", "organisation", "budget" };
static const char *const cat_labels[KJ_ITEM_NCATS] = { N_("全般"), N_("体制"), N_("予算") };

static const struct kj_pdca_due dues[KJ_PDCA_NSTEPS] = {
	{ KJ_PDCA_PLAN, "plan", 0, 6, 30 },
	{ KJ_PDCA_TARGETS, "targets", 0, 5, 31 },
	{ KJ_PDCA_SURVEY, "survey", 0, 12, 31 },
	{ KJ_PDCA_ANALYSIS, "analysis", 1, 2, 28 },
	{ KJ_PDCA_EVAL, "evaluation", 1, 3, 31 },
	{ KJ_PDCA_UPDATE, "update", 1, 6, 30 },
};

static int find(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

#define NAME(arr, n, i) ((unsigned)(i) < (unsigned)(n) ? (arr)[i] : "?")

const struct kj_eval_transition *kj_eval_transition(enum kj_eval_scope scope,
						    enum kj_eval_act act)
{
	if ((unsigned)act >= KJ_EVAL_NACTS || (unsigned)scope >= KJ_EVAL_NSCOPES)
		return NULL;
	if (scope == KJ_EVAL_HQ)
		return act == KJ_EVAL_FINALISE ? &hq_finalise : NULL;
	return &owned[act];
}

int kj_eval_act_parse(const char *s)
{
	for (int i = 0; s && i < KJ_EVAL_NACTS; i++)
		if (!strcmp(owned[i].name, s))
			return i;
	return -1;
}

const char *kj_eval_act_name(enum kj_eval_act a)
{
	return (unsigned)a < KJ_EVAL_NACTS ? owned[a].name : "?";
}

const char *kj_eval_state_name(enum kj_eval_state s) { return NAME(state_names, KJ_EVAL_NSTATES, s); }
int kj_eval_state_parse(const char *s) { return find(state_names, KJ_EVAL_NSTATES, s); }
const char *kj_eval_state_label_ja(enum kj_eval_state s) { return NAME(state_labels, KJ_EVAL_NSTATES, s); }
const char *kj_eval_scope_name(enum kj_eval_scope s) { return NAME(scope_names, KJ_EVAL_NSCOPES, s); }
int kj_eval_scope_parse(const char *s) { return find(scope_names, KJ_EVAL_NSCOPES, s); }
const char *kj_eval_section_name(enum kj_eval_section s) { return NAME(section_names, KJ_EVAL_NSECTIONS, s); }
int kj_eval_section_parse(const char *s) { return find(section_names, KJ_EVAL_NSECTIONS, s); }
const char *kj_eval_section_label_ja(enum kj_eval_section s) { return NAME(section_labels, KJ_EVAL_NSECTIONS, s); }
const char *kj_eval_fig_kind_name(enum kj_eval_fig_kind k) { return NAME(fig_names, KJ_FIG_NKINDS, k); }
int kj_eval_fig_kind_parse(const char *s) { return find(fig_names, KJ_FIG_NKINDS, s); }
const char *kj_eval_fig_kind_label_ja(enum kj_eval_fig_kind k) { return NAME(fig_labels, KJ_FIG_NKINDS, k); }
const char *kj_item_kind_name(enum kj_item_kind k) { return NAME(kind_names, KJ_ITEM_NKINDS, k); }
int kj_item_kind_parse(const char *s) { return find(kind_names, KJ_ITEM_NKINDS, s); }
const char *kj_item_kind_label_ja(enum kj_item_kind k) { return NAME(kind_labels, KJ_ITEM_NKINDS, k); }
const char *kj_item_category_name(enum kj_item_category c) { return NAME(cat_names, KJ_ITEM_NCATS, c); }
int kj_item_category_parse(const char *s) { return find(cat_names, KJ_ITEM_NCATS, s); }
const char *kj_item_category_label_ja(enum kj_item_category c) { return NAME(cat_labels, KJ_ITEM_NCATS, c); }

int kj_eval_section_of(enum kj_eval_scope scope, enum kj_eval_section s)
{
	if ((unsigned)s >= KJ_EVAL_NSECTIONS)
		return 0;
	return scope == KJ_EVAL_HQ ? s == KJ_EVAL_SUMMARY : s != KJ_EVAL_SUMMARY;
}

/* A code: lower-case letters, digits, '-' and '_', 1..MAX-1 bytes. */
static int code_valid(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n >= max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_'))
			return 0;
	return 1;
}

/* A requirement id: digits and dots, a hyphen, digits ("3.2.1-1"). */
static int req_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0, dash = 0;
	if (n == 0 || n >= KJ_ID_MAX || s[0] < '0' || s[0] > '9')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (dash || i == 0 || i + 1 == n)
				return 0;
			dash = i;
		} else if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return 0;
	}
	return dash != 0;
}

const char *kj_eval_fig_check_ref(enum kj_eval_fig_kind k, const char *ref)
{
	switch (k) {
	case KJ_FIG_NATIONAL:
	case KJ_FIG_COVERAGE:
		return ref && *ref ? "ref: this figure takes no reference" : NULL;
	case KJ_FIG_SECTOR:
		return code_valid(ref, KJ_SECTOR_CODE_MAX) ? NULL : "ref: a sector code";
	case KJ_FIG_REQUIREMENT:
		return req_valid(ref) ? NULL : "ref: a requirement id like 3.2.1-1";
	default:
		return "kind: national, sector, requirement or coverage";
	}
}

int kj_item_addressee_valid(const char *s)
{
	return code_valid(s, KJ_EVAL_ADDRESSEE_MAX < KJ_SECTOR_CODE_MAX ? KJ_EVAL_ADDRESSEE_MAX
			  : KJ_SECTOR_CODE_MAX);
}

void kj_eval_scope_key(enum kj_eval_scope scope, const char *sector, const char *ministry,
		       char *out, size_t n)
{
	if (scope == KJ_EVAL_SECTOR)
		snprintf(out, n, "sector:%s:%s", ministry ? ministry : "", sector ? sector : "");
	else
		kj_strlcpy(out, scope == KJ_EVAL_HQ ? "hq" : "cross", n);
}

const struct kj_pdca_due *kj_pdca_due(enum kj_pdca_step step)
{
	return (unsigned)step < KJ_PDCA_NSTEPS ? &dues[step] : NULL;
}

void kj_pdca_due_date(enum kj_pdca_step step, int fy, char out[11])
{
	const struct kj_pdca_due *d = kj_pdca_due(step);
	if (!d || fy < 1000 || fy > 9998) {
		out[0] = '\0';
		return;
	}
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", fy + d->year_offset, d->month, d->day);
	kj_strlcpy(out, tmp, 11);
}

int kj_pdca_late(const char *due, const char *today, int done)
{
	return !done && due && *due && today && strncmp(today, due, 10) > 0;
}
