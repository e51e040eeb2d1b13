/* Reference data that is not part of a standard version: prefectures. */
#ifndef KJ_MODEL_REFERENCE_H
#define KJ_MODEL_REFERENCE_H

#include "base/util.h"

#define KJ_PREFECTURES 47

struct kj_prefecture {
	char code[3];		/* JIS X 0401, "01".."47" */
	char name_ja[16];
	char name_en[16];
};

/* The 47 prefectures from the built-in data/reference/prefectures.json. */
int kj_reference_prefectures(struct kj_prefecture out[KJ_PREFECTURES],
			     struct kj_err *err);

#endif
