/*
 * UI translations. The UI is written in Japanese; po/en.po (a gettext
 * catalog, maintained with xgettext/msgmerge) holds the English, compiled
 * by msgfmt at build time and embedded as locale/en.mo. The catalog is
 * looked up here per request rather than through setlocale(), which is
 * process-wide and would mix languages between concurrent requests.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "base/embed.h"
#include "web/html.h"

#define MO_MAGIC 0x950412deu

static struct {
	const unsigned char *data;
	size_t len;
	uint32_t n, orig, trans;
	int ok;
} mo;
static pthread_once_t mo_once = PTHREAD_ONCE_INIT;

static uint32_t u32(size_t off)
{
	const unsigned char *p = mo.data + off;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The string of table entry I of TABLE, if it lies inside the file. */
static const char *entry(uint32_t table, uint32_t i)
{
	size_t at = (size_t)table + (size_t)i * 8;
	if (at + 8 > mo.len)
		return NULL;
	uint32_t len = u32(at), off = u32(at + 4);
	if ((size_t)off + len >= mo.len || mo.data[off + len] != '\0')
		return NULL;
	return (const char *)mo.data + off;
}

static void mo_load(void)
{
	const struct kj_embedded_file *f = kj_embedded_find("locale/en.mo");
	if (!f || f->len < 28)
		return;
	mo.data = f->data;
	mo.len = f->len;
	if (u32(0) != MO_MAGIC)
		return;
	mo.n = u32(8);
	mo.orig = u32(12);
	mo.trans = u32(16);
	if ((size_t)mo.orig + (size_t)mo.n * 8 > mo.len ||
	    (size_t)mo.trans + (size_t)mo.n * 8 > mo.len)
		return;
	mo.ok = 1;
}

const char *kj_tr(const struct kj_request *r, const char *ja)
{
	if (!r || r->lang != KJ_LANG_EN || !ja)
		return ja;
	pthread_once(&mo_once, mo_load);
	if (!mo.ok)
		return ja;
	/* msgfmt sorts the originals, so a binary search finds ours. */
	uint32_t lo = 0, hi = mo.n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = entry(mo.orig, mid);
		if (!o)
			return ja;
		int c = strcmp(ja, o);
		if (c == 0) {
			const char *t = entry(mo.trans, mid);
			return t && *t ? t : ja;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return ja;
}
