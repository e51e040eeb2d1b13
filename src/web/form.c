/* Forms: field errors beside their fields, the summary, confirmation pages. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "web/form.h"
#include "web/html.h"

int kj_form_error_text(struct kj_form *f, const char *field, const char *text)
{
	if (f->nerrors >= KJ_FORM_ERRORS_MAX) {
		f->dropped++;
		return -1;
	}
	struct kj_form_error *e = &f->errors[f->nerrors++];
	/* A name or message too long is cut, never lost: the field still shows as bad. */
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	text = text ? text : "";
	size_t l = kj_utf8_prefix(text, sizeof e->text - 1);
	memcpy(e->text, text, l);
	e->text[l] = '\0';
	return 0;
}

int kj_form_error(const struct kj_request *req, struct kj_form *f, const char *field,
		  const char *msg_ja)
{
	return kj_form_error_text(f, field, kj_tr(req, msg_ja));
}

const char *kj_form_field_error(const struct kj_form *f, const char *field)
{
	for (int i = 0; f && i < f->nerrors; i++)
		if (field && !strcmp(f->errors[i].field, field))
			return f->errors[i].text;
	return NULL;
}

/* The field that gets the focus: the first with an error. */
static int is_first_bad(const struct kj_form *f, const char *field)
{
	for (int i = 0; f && i < f->nerrors; i++)
		if (f->errors[i].field[0])
			return !strcmp(f->errors[i].field, field);
	return 0;
}

static const char *prefix(const struct kj_form *f)
{
	return f && f->prefix ? f->prefix : "f";
}

static void id_of(struct kj_buf *b, const struct kj_form *f, const char *name,
		  const char *suffix)
{
	kj_h_attr(b, prefix(f));
	kj_h(b, "-");
	kj_h_attr(b, name);
	kj_h(b, suffix);
}

void kj_form_summary(struct kj_request *req, struct kj_buf *b, const struct kj_form *f)
{
	if (!f || f->nerrors == 0)
		return;
	kj_h(b, "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"");
	kj_h_attr(b, prefix(f));
	kj_h(b, "-summary\"><h2 id=\"");
	kj_h_attr(b, prefix(f));
	kj_h(b, "-summary\">");
	kj_h_text(b, T("入力内容に誤りがあります。データは変更されていません。"));
	kj_h(b, "</h2><ul>");
	for (int i = 0; i < f->nerrors; i++) {
		const struct kj_form_error *e = &f->errors[i];
		kj_h(b, "<li>");
		if (e->field[0]) {
			kj_h(b, "<a href=\"#");
			id_of(b, f, e->field, "");
			kj_h(b, "\">");
			kj_h_text(b, e->text);
			kj_h(b, "</a>");
		} else {
			kj_h_text(b, e->text);
		}
		kj_h(b, "</li>");
	}
	if (f->dropped) {
		kj_h(b, "<li>");
		kj_h_text(b, T("ほかにも誤りがあります。上の誤りを直してから、もう一度送信してください。"));
		kj_h(b, "</li>");
	}
	kj_h(b, "</ul></div>");
}

void kj_form_control_attrs(struct kj_buf *b, const struct kj_form *f,
			   const struct kj_field *fd)
{
	const char *err = kj_form_field_error(f, fd->name);
	kj_h(b, " id=\"");
	id_of(b, f, fd->name, "\"");
	if (fd->flags & KJ_FIELD_REQUIRED)
		kj_h(b, " aria-required=\"true\"");
	if (err || fd->hint_ja) {
		kj_h(b, " aria-describedby=\"");
		if (err)
			id_of(b, f, fd->name, fd->hint_ja ? "-err " : "-err");
		if (fd->hint_ja)
			id_of(b, f, fd->name, "-hint");
		kj_h(b, "\"");
	}
	if (err)
		kj_h(b, " aria-invalid=\"true\"");
	if (err && is_first_bad(f, fd->name))
		kj_h(b, " autofocus");
}

/* The label (with 必須), the hint and the error of a field. */
static void label(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		  const struct kj_field *fd, int legend)
{
	if (legend) {
		kj_h(b, "<legend>");
	} else {
		kj_h(b, "<label for=\"");
		id_of(b, f, fd->name, "\">");
	}
	kj_h_text(b, T(fd->label_ja));
	if (fd->flags & KJ_FIELD_REQUIRED) {
		kj_h(b, " <span class=\"required\">");
		kj_h_text(b, T("必須"));
		kj_h(b, "</span>");
	}
	kj_h(b, legend ? "</legend>" : "</label>");
	if (fd->hint_ja) {
		kj_h(b, "<p class=\"hint\" id=\"");
		id_of(b, f, fd->name, "-hint\">");
		kj_h_text(b, T(fd->hint_ja));
		kj_h(b, "</p>");
	}
	const char *err = kj_form_field_error(f, fd->name);
	if (err) {
		kj_h(b, "<p class=\"error-text\" id=\"");
		id_of(b, f, fd->name, "-err\">");
		kj_h_text(b, err);
		kj_h(b, "</p>");
	}
}

static void field_open(struct kj_buf *b, const struct kj_form *f, const struct kj_field *fd,
		       const char *tag)
{
	kj_h(b, "<");
	kj_h(b, tag);
	kj_h(b, " class=\"field");
	if (kj_form_field_error(f, fd->name))
		kj_h(b, " invalid");
	kj_h(b, "\">");
}

void kj_form_input(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		   const struct kj_field *fd, const char *value)
{
	kj_form_field_open(req, b, f, fd);
	kj_h(b, "<input type=\"");
	kj_h_attr(b, fd->type ? fd->type : "text");
	kj_h(b, "\" name=\"");
	kj_h_attr(b, fd->name);
	kj_h(b, "\"");
	kj_form_control_attrs(b, f, fd);
	if (fd->maxlength > 0) {
		kj_h(b, " maxlength=\"");
		kj_h_int(b, fd->maxlength);
		kj_h(b, "\"");
	}
	if (fd->autocomplete) {
		kj_h(b, " autocomplete=\"");
		kj_h_attr(b, fd->autocomplete);
		kj_h(b, "\"");
	}
	if (fd->inputmode) {
		kj_h(b, " inputmode=\"");
		kj_h_attr(b, fd->inputmode);
		kj_h(b, "\"");
	}
	kj_h(b, " value=\"");
	kj_h_attr(b, value ? value : "");
	kj_h(b, "\"></div>");
}

void kj_form_textarea(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		      const struct kj_field *fd, const char *value, int rows)
{
	kj_form_field_open(req, b, f, fd);
	kj_h(b, "<textarea name=\"");
	kj_h_attr(b, fd->name);
	kj_h(b, "\" rows=\"");
	kj_h_int(b, rows);
	kj_h(b, "\"");
	kj_form_control_attrs(b, f, fd);
	if (fd->maxlength > 0) {
		kj_h(b, " maxlength=\"");
		kj_h_int(b, fd->maxlength);
		kj_h(b, "\"");
	}
	kj_h(b, ">");
	kj_h_text(b, value ? value : "");
	kj_h(b, "</textarea></div>");
}

void kj_form_select(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		    const struct kj_field *fd, const struct kj_option *opts, int n,
		    const char *value)
{
	int chosen = 0;
	for (int i = 0; i < n && value; i++)
		chosen |= !strcmp(opts[i].value, value);
	kj_form_field_open(req, b, f, fd);
	kj_h(b, "<select name=\"");
	kj_h_attr(b, fd->name);
	kj_h(b, "\"");
	kj_form_control_attrs(b, f, fd);
	kj_h(b, ">");
	if (!chosen && (fd->flags & KJ_FIELD_REQUIRED)) {
		kj_h(b, "<option value=\"\" selected>");
		kj_h_text(b, T("選択してください"));
		kj_h(b, "</option>");
	}
	for (int i = 0; i < n; i++) {
		kj_h(b, "<option value=\"");
		kj_h_attr(b, opts[i].value);
		kj_h(b, value && !strcmp(opts[i].value, value) ? "\" selected>" : "\">");
		kj_h_text(b, T(opts[i].label_ja));
		kj_h(b, "</option>");
	}
	kj_h(b, "</select></div>");
}

void kj_form_group_open(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
			const struct kj_field *fd)
{
	field_open(b, f, fd, "fieldset");
	label(req, b, f, fd, 1);
}

void kj_form_group_close(struct kj_buf *b)
{
	kj_h(b, "</fieldset>");
}

void kj_form_field_open(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
			const struct kj_field *fd)
{
	field_open(b, f, fd, "div");
	label(req, b, f, fd, 0);
}

void kj_form_field_close(struct kj_buf *b)
{
	kj_h(b, "</div>");
}

void kj_form_done(struct kj_request *req, struct kj_buf *b, const char *text_ja)
{
	kj_h(b, "<p class=\"notice success\" role=\"status\">");
	kj_h_text(b, T(text_ja));
	kj_h(b, "</p>");
}

int kj_form_confirmed(const struct kj_request *req)
{
	const char *c = kj_body_param(req, "confirm");
	return c && !strcmp(c, "1");
}

int kj_form_confirm_page(struct kj_request *req, struct kj_response *resp,
			 const struct kj_confirm *c)
{
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T(c->title_ja));
	kj_h(b, "<h1>");
	kj_h_text(b, T(c->title_ja));
	kj_h(b, "</h1><div class=\"notice warning\"><p>");
	kj_h_text(b, c->lost);
	kj_h(b, "</p></div><form method=\"post\" class=\"confirm\" action=\"");
	kj_h_attr(b, c->action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	for (int i = req->nquery; i < req->nparams; i++) {
		const struct kj_param *p = &req->params[i];
		/* Names and values are UTF-8 text: the request refuses others
		 * when it is read (kj_request_add_param). */
		if (!strcmp(p->name, "csrf") || !strcmp(p->name, "confirm"))
			continue;
		kj_h(b, "<input type=\"hidden\" name=\"");
		kj_h_attr(b, p->name);
		kj_h(b, "\" value=\"");
		kj_h_attr(b, p->value);
		kj_h(b, "\">");
	}
	kj_h(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\">"
		"<div class=\"actions\"><button type=\"submit\" class=\"danger\">");
	kj_h_text(b, T(c->confirm_ja));
	kj_h(b, "</button> <a class=\"button secondary\" href=\"");
	kj_h_attr(b, c->cancel_href);
	kj_h(b, "\">");
	kj_h_text(b, T("やめる"));
	kj_h(b, "</a></div></form>");
	kj_page_end(req, resp);
	return 0;
}
