/* Reference data that is not part of a standard version: prefectures, local governments. */
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

enum kj_local_gov_kind {
	KJ_LG_PREFECTURE, KJ_LG_DESIGNATED_CITY, KJ_LG_CITY, KJ_LG_SPECIAL_WARD,
	KJ_LG_TOWN, KJ_LG_VILLAGE,
};

/* One local government (地方公共団体) with its 全国地方公共団体コード. */
struct kj_local_gov {
	char code[7];		/* 6 digits, the last the check digit */
	char name_ja[48];
	char kana[96];		/* reading, katakana */
	char prefecture[3];	/* JIS X 0401, the code's first two digits */
	enum kj_local_gov_kind kind;
};

/*
 * The 1,788 local governments of the built-in
 * data/reference/local_governments.json in code order: *OUT is set to a
 * new array the caller frees, *N to its length.
 */
int kj_reference_local_govs(struct kj_local_gov **out, int *n, struct kj_err *err);

/*
 * The check digit of a local government code (全国地方公共団体コード) over
 * its first five digits CODE5, or -1 if they are not five digits.
 */
int kj_municipality_check_digit(const char *code5);

#endif
