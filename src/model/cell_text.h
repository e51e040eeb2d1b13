/*
 * Reading the text of a spreadsheet cell as officials type it, for the
 * validators of uploaded tables: spaces half- or full-width (U+3000) and
 * no-break, full-width digits, lists separated by ; , ・ 、 (either width)
 * or a line break, and messages that quote a cell.
 */
#ifndef KJ_MODEL_CELL_TEXT_H
#define KJ_MODEL_CELL_TEXT_H

#include <stddef.h>

/* Copies S without surrounding spaces into OUT (size > strlen(S)). */
void kj_cell_trim(const char *s, char *out);
/* S for quoting in a message: at most 60 bytes, "…" if cut. */
void kj_cell_snippet(const char *s, char out[80]);
/* S with full-width digits and hyphen made ASCII, into OUT of size N; -1 if
 * it does not fit. */
int kj_cell_narrow_digits(const char *s, char *out, size_t n);
/* True if S is exactly N ASCII digits. */
int kj_cell_all_digits(const char *s, size_t n);
/* True if a spreadsheet would run V as a formula (= + - @ first). */
int kj_cell_formula(const char *v);
/* True if V has a control character (a tab or line break in a one-line field). */
int kj_cell_has_control(const char *v);
/* Which of WORDS (NULL-terminated) V is, ASCII case ignored; -1 if none. */
int kj_cell_word(const char *v, const char *const *words);
/*
 * The next item of the list at *PP, trimmed into ONE (TOK is scratch; both
 * as long as the list); 0 at the list's end. Empty items give "".
 */
int kj_cell_list_next(const char **pp, char *tok, char *one);

#endif
