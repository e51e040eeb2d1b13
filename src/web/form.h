/*
 * Forms that never lose the user's place (form.c). A refused submit is
 * answered with the same page and status 400: every field keeps what the
 * user typed, the message stands beside its field (aria-invalid,
 * aria-describedby, the first bad field autofocused) and a summary at the
 * top links to each; required fields are marked 必須 (aria-required; the
 * check is the server's, so the message is the same with or without the
 * browser's help). Nothing is changed by a refused submit.
 *
 * Destructive actions (remove, disable, overwrite) ask first, on a page of
 * their own and without JavaScript: the POST handler calls
 * kj_form_confirmed(); when the user has not yet confirmed, it answers with
 * kj_form_confirm_page(), which says what will be lost and posts the same
 * parameters again with confirm=1.
 *
 * The writers return nothing (a failed write sticks in the buffer);
 * kj_form_error* return 0, or -1 when the form already holds
 * KJ_FORM_ERRORS_MAX errors (the later ones are dropped, the summary says
 * so); kj_form_confirm_page returns what a handler returns.
 */
#ifndef KJ_WEB_FORM_H
#define KJ_WEB_FORM_H

#include "base/buf.h"
#include "web/http.h"

#define KJ_FORM_ERRORS_MAX	16
#define KJ_FORM_NAME_MAX	48	/* bytes of a field's name */
#define KJ_FORM_MESSAGE_MAX	320	/* bytes of one message */

struct kj_form_error {
	char field[KJ_FORM_NAME_MAX];	/* the input's name; "" for the whole form */
	char text[KJ_FORM_MESSAGE_MAX];	/* in the request's language */
};

struct kj_form {
	const char *prefix;	/* element ids are PREFIX-NAME ("f" if NULL) */
	int nerrors;
	int dropped;		/* errors beyond KJ_FORM_ERRORS_MAX */
	struct kj_form_error errors[KJ_FORM_ERRORS_MAX];
};

/* Adds an error for FIELD: MSG_JA is translated into the request's language. */
int kj_form_error(const struct kj_request *req, struct kj_form *f, const char *field,
		  const char *msg_ja);
/* The same with a message already in the request's language (e.g. a model's
 * reason_ja / reason_en). */
int kj_form_error_text(struct kj_form *f, const char *field, const char *text);
/* The first message for FIELD, or NULL. */
const char *kj_form_field_error(const struct kj_form *f, const char *field);

/* The summary at the top of the page (nothing if the form has no errors):
 * "入力内容に誤りがあります。データは変更されていません。" and a link to each field. */
void kj_form_summary(struct kj_request *req, struct kj_buf *b, const struct kj_form *f);

enum kj_field_flags {
	KJ_FIELD_REQUIRED = 1,	/* 必須 shown, aria-required */
};

struct kj_field {
	const char *name;		/* the parameter's name */
	const char *label_ja;
	const char *hint_ja;		/* may be NULL */
	const char *type;		/* input type: NULL for "text" */
	unsigned flags;			/* KJ_FIELD_* */
	int maxlength;			/* 0: none */
	const char *autocomplete;	/* may be NULL */
	const char *inputmode;		/* may be NULL */
};

struct kj_option {
	const char *value;
	const char *label_ja;
};

/* A labelled input holding VALUE (NULL: empty). */
void kj_form_input(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		   const struct kj_field *fd, const char *value);
/* A labelled textarea of ROWS rows. */
void kj_form_textarea(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		      const struct kj_field *fd, const char *value, int rows);
/* A labelled select of N options, VALUE selected; with a first "選択してください"
 * option when no value is chosen yet and the field is required. */
void kj_form_select(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		    const struct kj_field *fd, const struct kj_option *opts, int n,
		    const char *value);
/*
 * A group of checkboxes or radios of its own making: the fieldset, its
 * legend (with 必須), hint and error; then the caller's inputs, each with
 * kj_form_control_attrs, then kj_form_group_close.
 */
void kj_form_group_open(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
			const struct kj_field *fd);
void kj_form_group_close(struct kj_buf *b);
/* One control of the caller's making (a file input, a search box with its
 * button): the field's wrapper, label, hint and error; then the control with
 * kj_form_control_attrs, then kj_form_field_close. */
void kj_form_field_open(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
			const struct kj_field *fd);
void kj_form_field_close(struct kj_buf *b);
/* For a control of the caller's making named FD->name: the id, aria-invalid,
 * aria-describedby and autofocus attributes, as kj_form_input writes them. */
void kj_form_control_attrs(struct kj_buf *b, const struct kj_form *f,
			   const struct kj_field *fd);

/* The success notice after a redirect: TEXT_JA (e.g. 「登録しました。」). */
void kj_form_done(struct kj_request *req, struct kj_buf *b, const char *text_ja);

/* True when the user confirmed a destructive action (the parameter confirm=1). */
int kj_form_confirmed(const struct kj_request *req);

struct kj_confirm {
	const char *title_ja;		/* the question: 「対応付けを削除しますか」 */
	const char *lost;		/* what will be lost, in the request's language */
	const char *action;		/* where the form posts (the same route) */
	const char *confirm_ja;		/* the button: 「削除する」 */
	const char *cancel_href;	/* back to where the user was */
};

/* The confirmation page: every posted parameter (but csrf and confirm) again as
 * a hidden field, with confirm=1; status 200. */
int kj_form_confirm_page(struct kj_request *req, struct kj_response *resp,
			 const struct kj_confirm *c);

#endif
