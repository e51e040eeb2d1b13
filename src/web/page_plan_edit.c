/*
 * The plan page's forms (POST /plans/{id}/…), each one call of its use case
 * (app/plan.c): a structure section, a measure saved, added or dropped
 * (asked first), and the workflow's submit, return, report and the copy
 * into the next year. A refused form answers the plan page again with the
 * reason beside the form and what the user typed (400; 409 when the plan
 * changed since the revision the form was made on, or its state forbids
 * it), and changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/html.h"
#include "web/page_plan.h"
#include "web/pages.h"
#include "web/ui.h"

enum op { STRUCTURE, SAVE, ADD, DROP, SUBMIT, RETURN, REPORT, COPY };

static int run(struct kj_request *req, enum op op, int64_t id, int64_t *made,
	       struct kj_plan_refusal *why)
{
	struct plan_actor a;
	struct kj_err err;
	char key[KJ_PLAN_KEY_MAX];
	kj_plan_actor(req, &a);
	const char *rev = kj_body_param(req, "revision");
	struct kj_measure_request m = {
		.key = req->nargs > 1 ? req->args[1] : NULL,
		.category = kj_body_param(req, "category"), .title = kj_body_param(req, "title"),
		.description = kj_body_param(req, "description"), .kpi = kj_body_param(req, "kpi"),
		.schedule = kj_body_param(req, "schedule"), .owner = kj_body_param(req, "owner"),
		.status = kj_body_param(req, "status"), .progress = kj_body_param(req, "progress"),
		.reqs = kj_body_param(req, "requirements"),
	};
	switch (op) {
	case STRUCTURE:
		return kj_app_plan_set_body(req->st, &a.actor, id, rev, kj_body_param(req, "section"),
					    kj_body_param(req, "text"), why, &err);
	case SAVE:
		return kj_app_plan_set_measure(req->st, &a.actor, id, rev, &m, why, &err);
	case ADD:
		return kj_app_plan_add_measure(req->st, &a.actor, id, rev, &m, key, why, &err);
	case DROP:
		return kj_app_plan_drop_measure(req->st, &a.actor, id, rev, m.key, why, &err);
	case COPY:
		return kj_app_plan_copy(req->st, &a.actor, id, NULL, made, why, &err);
	default:
		return kj_app_plan_move(req->st, &a.actor, id, op == SUBMIT ? "submit"
					: op == RETURN ? "return" : "report",
					kj_body_param(req, "message"), why, &err);
	}
}

/* Which form of the page was posted (page_plan.h's plan_page.posted). */
static void posted(struct kj_request *req, enum op op, char *out, size_t n)
{
	static const char *const names[] = { "structure:", "measure:", "add", "measure:",
					     "submit", "return", "report", "copy" };
	const char *more = op == STRUCTURE ? kj_body_param(req, "section")
		: op == SAVE || op == DROP ? req->args[1] : "";
	snprintf(out, n, "%s%.40s", names[op], more ? more : "");
}

/* The field a refusal is about, from its message ("title: required"). */
static const char *field_of(const char *msg)
{
	static const char *const fields[] = { "title", "description", "kpi", "schedule", "owner",
					      "status", "progress", "requirements", "category",
					      "message", "text" };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!strncmp(msg, fields[i], strlen(fields[i])) && msg[strlen(fields[i])] == ':')
			return fields[i];
	return "";
}

static int refused(struct kj_request *req, struct kj_response *resp, enum op op,
		   const struct kj_plan_refusal *why)
{
	struct plan_page *pg;
	int rc = kj_plan_page_load(req, &pg);
	if (rc)
		return rc;
	char which[64], msg[KJ_FORM_MESSAGE_MAX];
	posted(req, op, which, sizeof which);
	pg->posted = which;
	/* The summary's links go to the fields of the form posted (its ids). */
	const char *colon = strchr(which, ':');
	pg->form.prefix = colon ? colon + 1 : which;
	pg->status = why->fault == KJ_PLAN_BAD ? 400 : 409;
	kj_textf(msg, sizeof msg, "%s (%s)", why->fault == KJ_PLAN_CONFLICT
		 ? T("ほかの利用者が先に計画を更新しました。最新の内容を確認して、もう一度保存してください。データは変更されていません。")
		 : T("保存できませんでした。データは変更されていません。"), why->msg);
	kj_form_error_text(&pg->form, field_of(why->msg), msg);
	rc = kj_plan_page_render(req, resp, pg);
	kj_plan_page_free(pg);
	return rc;
}

static int handle(struct kj_request *req, struct kj_response *resp, enum op op)
{
	static const char *const anchors[] = { "structure", "measures", "measures", "measures",
					       "actions", "actions", "actions", "actions" };
	int64_t id, made = 0;
	struct kj_plan_refusal why;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	if (op == DROP && !kj_form_confirmed(req)) {
		char action[96], back[48];
		snprintf(action, sizeof action, "/plans/%lld/measures/%.40s/drop", (long long)id,
			 req->args[1]);
		snprintf(back, sizeof back, "/plans/%lld#measures", (long long)id);
		return kj_form_confirm_page(req, resp, &(struct kj_confirm){
			N_("この施策を削除しますか"),
			T("施策とその目標・進捗メモ・関連する対策事項が計画から削除されます。"),
			action, N_("削除する"), back });
	}
	if (run(req, op, id, &made, &why) < 0)
		return 500;
	if (why.fault == KJ_PLAN_NOT_FOUND)
		return 404;
	if (why.fault == KJ_PLAN_FORBIDDEN)
		return 403;
	if (why.fault != KJ_PLAN_OK)
		return refused(req, resp, op, &why);
	char to[96];
	snprintf(to, sizeof to, "/plans/%lld?done=1#%s", (long long)(made ? made : id), anchors[op]);
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}

int kj_page_plan_structure(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, STRUCTURE);
}

int kj_page_plan_measure_save(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, SAVE);
}

int kj_page_plan_measure_add(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, ADD);
}

int kj_page_plan_measure_drop(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, DROP);
}

int kj_page_plan_submit(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, SUBMIT);
}

int kj_page_plan_return(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, RETURN);
}

int kj_page_plan_report(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, REPORT);
}

int kj_page_plan_copy(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, COPY);
}
