/* A document as a list of blocks: building it (doc.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/doc.h"

static char *dup_capped(struct kj_doc *d, const char *s, size_t max)
{
	size_t n;
	char *p;

	if (!s)
		s = "";
	n = strlen(s);
	if (n > max) {
		/* cut at a UTF-8 character boundary */
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	p = malloc(n + 1);
	if (!p) {
		d->fail = 1;
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *dup_text(struct kj_doc *d, const char *s)
{
	if (s && strlen(s) > KJ_DOC_TEXT_MAX) {
		d->fail = 1;
		return NULL;
	}
	return dup_capped(d, s, KJ_DOC_TEXT_MAX);
}

struct kj_doc *kj_doc_new(const char *title, const char *subtitle, const char *date)
{
	struct kj_doc *d = calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->title = dup_text(d, title);
	d->subtitle = dup_text(d, subtitle);
	d->date = dup_text(d, date);
	return d;
}

static void table_free(struct kj_doc_table *t)
{
	if (!t)
		return;
	for (long i = 0; i < (long)t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->right);
	free(t->caption);
	free(t->sheet);
	free(t);
}

static void chart_free(struct kj_doc_chart *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nseries; i++)
		free(c->series[i]);
	for (int i = 0; i < c->nrows; i++)
		free(c->rows[i]);
	free(c->series);
	free(c->rows);
	free(c->values);
	free(c->title);
	free(c->desc);
	free(c->unit);
	free(c);
}

void kj_doc_free(struct kj_doc *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nblocks; i++) {
		free(d->blocks[i].text);
		free(d->blocks[i].anchor);
		table_free(d->blocks[i].table);
		chart_free(d->blocks[i].chart);
	}
	free(d->blocks);
	free(d->title);
	free(d->subtitle);
	free(d->date);
	free(d);
}

int kj_doc_failed(const struct kj_doc *d)
{
	return !d || d->fail;
}

/* A new block of KIND at the end, zeroed; NULL when the document failed. */
static struct kj_doc_block *add_block(struct kj_doc *d, enum kj_doc_kind kind)
{
	if (d->fail)
		return NULL;
	if (d->nblocks >= KJ_DOC_BLOCKS_MAX) {
		d->fail = 1;
		return NULL;
	}
	if (d->nblocks == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;
		struct kj_doc_block *b = realloc(d->blocks, (size_t)cap * sizeof *b);

		if (!b) {
			d->fail = 1;
			return NULL;
		}
		d->blocks = b;
		d->cap = cap;
	}
	struct kj_doc_block *b = &d->blocks[d->nblocks++];

	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

void kj_doc_heading(struct kj_doc *d, int level, const char *text)
{
	struct kj_doc_block *b;
	char anchor[24];

	if (level < 1 || level > 3) {
		d->fail = 1;
		return;
	}
	b = add_block(d, KJ_DOC_HEADING);
	if (!b)
		return;
	b->level = level;
	b->text = dup_text(d, text);
	snprintf(anchor, sizeof anchor, "h%d", ++d->nheadings);
	b->anchor = dup_text(d, anchor);
}

void kj_doc_para(struct kj_doc *d, const char *text)
{
	struct kj_doc_block *b = add_block(d, KJ_DOC_PARA);

	if (b)
		b->text = dup_text(d, text);
}

void kj_doc_paraf(struct kj_doc *d, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || n > KJ_DOC_TEXT_MAX) {
		d->fail = 1;
		return;
	}
	s = malloc((size_t)n + 1);
	if (!s) {
		d->fail = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	kj_doc_para(d, s);
	free(s);
}

void kj_doc_pagebreak(struct kj_doc *d)
{
	add_block(d, KJ_DOC_PAGEBREAK);
}

struct kj_doc_table *kj_doc_table(struct kj_doc *d, const char *caption, const char *sheet,
				  int ncols, int header_rows)
{
	struct kj_doc_block *b;
	struct kj_doc_table *t;

	if (ncols < 1 || ncols > KJ_DOC_TABLE_COLS_MAX || header_rows < 0) {
		d->fail = 1;
		return NULL;
	}
	b = add_block(d, KJ_DOC_TABLE);
	if (!b)
		return NULL;
	t = calloc(1, sizeof *t);
	if (!t) {
		d->fail = 1;
		return NULL;
	}
	b->table = t;
	t->ncols = ncols;
	t->header_rows = header_rows;
	t->caption = dup_text(d, caption);
	t->sheet = dup_capped(d, sheet, KJ_DOC_SHEET_NAME_MAX);
	t->right = calloc((size_t)ncols, 1);
	if (!t->right)
		d->fail = 1;
	return d->fail ? NULL : t;
}

void kj_doc_table_right(struct kj_doc_table *t, int col)
{
	if (t && col >= 0 && col < t->ncols)
		t->right[col] = 1;
}

void kj_doc_table_row(struct kj_doc *d, struct kj_doc_table *t, const char *const *cells)
{
	if (d->fail || !t)
		return;
	if (t->nrows >= KJ_DOC_TABLE_ROWS_MAX) {
		d->fail = 1;
		return;
	}
	if (t->nrows == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cells, (size_t)cap * (size_t)t->ncols * sizeof *c);

		if (!c) {
			d->fail = 1;
			return;
		}
		t->cells = c;
		t->cap = cap;
	}
	char **row = &t->cells[(size_t)t->nrows * (size_t)t->ncols];

	for (int i = 0; i < t->ncols; i++) {
		row[i] = dup_text(d, cells[i]);
		if (!row[i]) {
			/* keep the table whole for kj_doc_free */
			for (int j = i; j < t->ncols; j++)
				row[j] = NULL;
			t->nrows++;
			d->fail = 1;
			return;
		}
	}
	t->nrows++;
}

struct kj_doc_chart *kj_doc_chart(struct kj_doc *d, enum kj_chart_kind kind, const char *title,
				  const char *desc, int nseries, const char *const *series,
				  double max, const char *unit)
{
	struct kj_doc_block *b;
	struct kj_doc_chart *c;

	if (nseries < 1 || nseries > KJ_DOC_CHART_SERIES_MAX || !(max > 0)) {
		d->fail = 1;
		return NULL;
	}
	b = add_block(d, KJ_DOC_CHART);
	if (!b)
		return NULL;
	c = calloc(1, sizeof *c);
	if (!c) {
		d->fail = 1;
		return NULL;
	}
	b->chart = c;
	c->kind = kind;
	c->max = max;
	c->title = dup_text(d, title);
	c->desc = dup_text(d, desc);
	c->unit = dup_text(d, unit);
	c->series = calloc((size_t)nseries, sizeof *c->series);
	if (!c->series) {
		d->fail = 1;
		return NULL;
	}
	c->nseries = nseries;
	for (int i = 0; i < nseries; i++)
		c->series[i] = dup_text(d, series[i]);
	return d->fail ? NULL : c;
}

void kj_doc_chart_row(struct kj_doc *d, struct kj_doc_chart *c, const char *label,
		      const double *values)
{
	if (d->fail || !c)
		return;
	if (c->nrows >= KJ_DOC_CHART_ROWS_MAX) {
		d->fail = 1;
		return;
	}
	if (c->nrows == c->cap) {
		int cap = c->cap ? c->cap * 2 : 16;
		char **r = realloc(c->rows, (size_t)cap * sizeof *r);
		double *v;

		if (!r) {
			d->fail = 1;
			return;
		}
		c->rows = r;
		v = realloc(c->values, (size_t)cap * (size_t)c->nseries * sizeof *v);
		if (!v) {
			d->fail = 1;
			return;
		}
		c->values = v;
		c->cap = cap;
	}
	c->rows[c->nrows] = dup_text(d, label);
	for (int i = 0; i < c->nseries; i++)
		c->values[(size_t)c->nrows * (size_t)c->nseries + (size_t)i] = values[i];
	c->nrows++;
}
