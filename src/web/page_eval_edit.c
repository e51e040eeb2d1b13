/*
 * The evaluation page's forms (POST /evaluations/{id}/…), each one call of
 * its use case (app/evaluation*.c): a section saved, a figure placed or
 * removed, the workflow's submit, return and finalise, and the HQ's items
 * added or dropped (asked first). A refused form answers the evaluation
 * page again with the reason beside the form and what the user typed (400;
 * 409 when it changed since the revision the form was made on, or its
 * state forbids it), and changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/html.h"
#include "web/page_eval.h"
#include "web/page_plan.h"
#include "web/pages.h"

enum op { SECTION, FIGURE, FIGURE_DROP, SUBMIT, RETURN, FINALISE, ITEM, ITEM_DROP };

static int run(struct kj_request *req, enum op op, int64_t id, struct kj_eval_refusal *why)
{
	struct plan_actor a;
	struct kj_err err;
	int64_t item;
	kj_plan_actor(req, &a);
	const char *rev = kj_body_param(req, "revision"), *sec = kj_body_param(req, "section");
	switch (op) {
	case SECTION:
		return kj_app_eval_set_section(req->st, &a.actor, id, rev, sec,
					       kj_body_param(req, "text"), why, &err);
	case FIGURE:
		return kj_app_eval_add_figure(req->st, &a.actor, id, rev, sec,
					      kj_body_param(req, "kind"), kj_body_param(req, "ref"),
					      kj_body_param(req, "caption"), why, &err);
	case FIGURE_DROP:
		return kj_app_eval_drop_figure(req->st, &a.actor, id, rev, sec,
					       kj_body_param(req, "ord"), why, &err);
	case ITEM:
		return kj_app_eval_item_add(req->st, &a.actor, id, kj_body_param(req, "kind"),
					    kj_body_param(req, "category"),
					    kj_body_param(req, "addressee"), kj_body_param(req, "text"),
					    &item, why, &err);
	case ITEM_DROP: {
		struct kj_hq_item it;
		int found = 0;
		if (kj_app_id(req->args[1], &item) < 0 ||
		    kj_store_eval_item_get(req->st, item, &it, &found, &err) < 0 || !found ||
		    it.eval_id != id) {
			why->fault = KJ_EVAL_F_NOT_FOUND;	/* not an item of this evaluation */
			return 0;
		}
		return kj_app_eval_item_drop(req->st, &a.actor, item, why, &err);
	}
	default:
		return kj_app_eval_move(req->st, &a.actor, id, op == SUBMIT ? "submit"
					: op == RETURN ? "return" : "finalise",
					kj_body_param(req, "message"), why, &err);
	}
}

static void posted(struct kj_request *req, enum op op, char *out, size_t n)
{
	static const char *const names[] = { "section:", "figure:", "figure:", "submit", "return",
					     "finalise", "item", "item" };
	const char *sec = kj_body_param(req, "section");
	snprintf(out, n, "%s%.24s", names[op], op <= FIGURE_DROP && sec ? sec : "");
}

static const char *field_of(const char *msg)
{
	static const char *const fields[] = { "text", "kind", "ref", "caption", "ord", "message",
					      "category", "addressee", "section" };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!strncmp(msg, fields[i], strlen(fields[i])) && msg[strlen(fields[i])] == ':')
			return fields[i];
	return "";
}

static int refused(struct kj_request *req, struct kj_response *resp, enum op op, int64_t id,
		   const struct kj_eval_refusal *why)
{
	struct eval_page *pg;
	int rc = kj_eval_page_load(req, id, &pg);
	if (rc)
		return rc;
	char which[48], msg[KJ_FORM_MESSAGE_MAX];
	posted(req, op, which, sizeof which);
	pg->posted = which;
	const char *colon = strchr(which, ':');
	pg->form.prefix = colon ? colon + 1 : which;
	pg->status = why->fault == KJ_EVAL_F_BAD ? 400 : 409;
	kj_textf(msg, sizeof msg, "%s (%s)", why->fault == KJ_EVAL_F_CONFLICT
		 ? T("ほかの利用者が先に評価を更新しました。最新の内容を確認して、もう一度保存してください。データは変更されていません。")
		 : T("保存できませんでした。データは変更されていません。"), why->msg);
	kj_form_error_text(&pg->form, field_of(why->msg), msg);
	rc = kj_eval_page_render(req, resp, pg);
	kj_eval_page_free(pg);
	return rc;
}

static int handle(struct kj_request *req, struct kj_response *resp, enum op op)
{
	static const char *const anchors[] = { "", "", "", "actions", "actions", "actions",
					       "items", "items" };
	int64_t id;
	struct kj_eval_refusal why = { KJ_EVAL_F_OK, "" };
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	if (op == ITEM_DROP && !kj_form_confirmed(req)) {
		char action[96], back[48];
		snprintf(action, sizeof action, "/evaluations/%lld/items/%.20s/drop", (long long)id,
			 req->args[1]);
		snprintf(back, sizeof back, "/evaluations/%lld#items", (long long)id);
		return kj_form_confirm_page(req, resp, &(struct kj_confirm){
			N_("この所見・提言を削除しますか"),
			T("所見・提言と、それに対応する施策との関連付けが削除されます。"),
			action, N_("削除する"), back });
	}
	if (run(req, op, id, &why) < 0)
		return 500;
	if (why.fault == KJ_EVAL_F_NOT_FOUND && op != FIGURE_DROP)
		return 404;
	if (why.fault == KJ_EVAL_F_FORBIDDEN)
		return 403;
	if (why.fault != KJ_EVAL_F_OK)
		return refused(req, resp, op, id, &why);
	char to[96];
	const char *sec = kj_body_param(req, "section");
	snprintf(to, sizeof to, "/evaluations/%lld?done=1#%.24s", (long long)id,
		 *anchors[op] ? anchors[op] : sec ? sec : "");
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}

int kj_page_eval_section(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, SECTION);
}

int kj_page_eval_figure(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, FIGURE);
}

int kj_page_eval_figure_drop(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, FIGURE_DROP);
}

int kj_page_eval_submit(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, SUBMIT);
}

int kj_page_eval_return(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, RETURN);
}

int kj_page_eval_finalise(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, FINALISE);
}

int kj_page_eval_item_add(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, ITEM);
}

int kj_page_eval_item_drop(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, ITEM_DROP);
}
