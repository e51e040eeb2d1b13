/*
 * People and their roles: role names and labels, the login and password
 * rules of user.h, and argon2id password hashing through libsodium.
 */
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "model/common_passwords.h"
#include "model/user.h"

_Static_assert(KJ_PWHASH_MAX >= crypto_pwhash_STRBYTES,
	       "KJ_PWHASH_MAX must hold a libsodium password hash string");

static const struct {
	const char *name, *ja, *en;
} roles[KJ_NROLES] = {
	[KJ_ROLE_NCO] = { "nco", N_("国家サイバー統括室"),
			  "National Cyber Coordination Office (NCO)" },
	[KJ_ROLE_MINISTRY] = { "ministry", N_("重要インフラ所管省庁"),
			       "responsible ministry" },
	[KJ_ROLE_OPERATOR] = { "operator", N_("重要インフラ事業者等"), "CI operator" },
	[KJ_ROLE_HQ] = { "hq", N_("サイバーセキュリティ戦略本部"),
			 "Cybersecurity Strategy Headquarters (HQ)" },
	[KJ_ROLE_SURVEYOR] = { "surveyor", N_("調査実施機関（IPA）"), "surveyor (IPA)" },
	[KJ_ROLE_CEPTOAR] = { "ceptoar", N_("セプター事務局"), "CEPTOAR secretariat" },
	[KJ_ROLE_AUDITOR] = { "auditor", N_("内部監査"), "internal audit" },
};

/*
 * Passwords that meet the length and variety rules yet are among the first
 * an attacker tries. Compared case-insensitively, so one spelling of each
 * is enough. Shorter ones are refused by the length rule already.
 */
static const char *const common_passwords[] = {
	"password1234", "password123!", "p@ssw0rd1234", "p@ssword1234",
	"passw0rd1234", "passw0rd!234", "password!234", "qwertyuiop12",
	"qwerty123456", "qwerty!23456", "123456789012", "1234567890ab",
	"1234567890qw", "1qaz2wsx3edc", "1q2w3e4r5t6y", "zaq12wsxcde3",
	"abcd1234abcd", "abc123456789", "aa1234567890", "admin@123456",
	"admin1234567", "administrator1", "welcome12345", "welcome@1234",
	"letmein12345", "iloveyou1234", "changeme1234", "changeme123!",
	"summer2024!!", "summer2025!!", "winter2025!!", "tokyo2020!!!",
	"nippon123456", "japan1234567", "kijun1234567", "kijun2026!!!",
	NULL,
};

const char *kj_role_name(enum kj_role r)
{
	return (int)r >= 0 && r < KJ_NROLES ? roles[r].name : NULL;
}

int kj_role_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < KJ_NROLES; i++)
		if (!strcmp(s, roles[i].name))
			return i;
	return -1;
}

const char *kj_role_label_ja(enum kj_role r)
{
	return (int)r >= 0 && r < KJ_NROLES ? roles[r].ja : NULL;
}

const char *kj_role_label_en(enum kj_role r)
{
	return (int)r >= 0 && r < KJ_NROLES ? roles[r].en : NULL;
}

int kj_user_scope_check(enum kj_role role, int has_org, int has_ministry,
			int nsectors, const char **reason_ja, struct kj_err *err)
{
	const char *name = kj_role_name(role), *ja = NULL;
	if (!name) {
		kj_err_set(err, "unknown role");
		ja = N_("役割が正しくありません。");
	} else if (role == KJ_ROLE_OPERATOR && !has_org) {
		kj_err_set(err, "an operator needs an organisation");
		ja = N_("事業者の利用者には、登録済みの組織の法人番号（13桁）が必要です。");
	} else if (role != KJ_ROLE_OPERATOR && has_org) {
		kj_err_set(err, "role %s has no organisation (only operators do)", name);
		ja = N_("所属組織は事業者の利用者だけに指定できます。");
	} else if (role == KJ_ROLE_MINISTRY && !has_ministry) {
		kj_err_set(err, "a ministry user needs a ministry");
		ja = N_("所管省庁の利用者には所属する省庁が必要です。");
	} else if (role != KJ_ROLE_MINISTRY && has_ministry) {
		kj_err_set(err, "role %s has no ministry (only ministry users do)", name);
		ja = N_("所属省庁は所管省庁の利用者だけに指定できます。");
	} else if (role == KJ_ROLE_MINISTRY && nsectors) {
		kj_err_set(err, "a ministry user has no sectors of its own: its sectors "
			   "are its ministry's");
		ja = N_("所管省庁の利用者には担当分野を指定しません（所属省庁の所管分野になります）。");
	} else if (role == KJ_ROLE_CEPTOAR && nsectors <= 0) {
		kj_err_set(err, "a ceptoar user needs at least one sector");
		ja = N_("セプター事務局の利用者には担当分野が必要です。");
	} else if (role != KJ_ROLE_CEPTOAR && role != KJ_ROLE_MINISTRY && nsectors) {
		kj_err_set(err, "role %s has no sectors (only ceptoar users do)", name);
		ja = N_("担当分野はセプター事務局の利用者だけに指定できます。");
	} else if (nsectors < 0 || nsectors > KJ_USER_SECTORS_MAX) {
		kj_err_set(err, "a user has at most %d sectors", KJ_USER_SECTORS_MAX);
		ja = N_("担当分野の指定が正しくありません。");
	}
	if (reason_ja)
		*reason_ja = ja;
	return ja ? -1 : 0;
}

int kj_ministry_code_valid(const char *code)
{
	if (!code)
		return 0;
	size_t n = strnlen(code, KJ_MINISTRY_CODE_MAX);
	if (n == 0 || n >= KJ_MINISTRY_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int kj_login_valid(const char *login)
{
	if (!login)
		return 0;
	size_t n = strlen(login);
	if (n < 3 || n >= KJ_LOGIN_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return 0;
	}
	return 1;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive substring search; strcasestr is not POSIX. */
static int contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle), h = strlen(hay);
	if (n == 0 || n > h)
		return n == 0;
	for (size_t i = 0; i + n <= h; i++) {
		size_t k = 0;
		while (k < n && lower((unsigned char)hay[i + k]) ==
				lower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/*
 * Counts the characters of a UTF-8 string and the kinds among them
 * (lower, upper, digit, ASCII symbol or space, non-ASCII); -1 if S is not
 * valid UTF-8 or holds a control character.
 */
static long scan(const char *s, int *kinds)
{
	int seen[5] = { 0 };
	long chars = 0;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	if (!kj_utf8_valid_text(s, n))
		return -1;
	for (size_t i = 0; i < n; chars++) {
		unsigned char c = p[i];
		if (c < 0x20 || c == 0x7f)
			return -1;	/* tab and newline too: never typed in a password */
		if (c >= 0x80) {
			seen[4] = 1;
			/* kj_utf8_valid_text checked the sequence; skip its tail. */
			i += c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			continue;
		}
		if (c >= 'a' && c <= 'z')
			seen[0] = 1;
		else if (c >= 'A' && c <= 'Z')
			seen[1] = 1;
		else if (c >= '0' && c <= '9')
			seen[2] = 1;
		else
			seen[3] = 1;
		i++;
	}
	*kinds = seen[0] + seen[1] + seen[2] + seen[3] + seen[4];
	return chars;
}

static int refuse(struct kj_err *err, const char **reason_ja, const char *ja,
		  const char *en)
{
	if (reason_ja)
		*reason_ja = ja;
	kj_err_set(err, "%s", en);
	return -1;
}

int kj_password_check(const char *password, const char *login,
		      const char **reason_ja, struct kj_err *err)
{
	if (reason_ja)
		*reason_ja = NULL;
	if (!password)
		return refuse(err, reason_ja, N_("パスワードがありません。"), "no password given");
	if (strlen(password) > KJ_PASSWORD_MAX) {
		kj_err_set(err, "the password is longer than %d bytes", KJ_PASSWORD_MAX);
		if (reason_ja)
			*reason_ja = N_("パスワードが長すぎます（128バイト以内）。");
		return -1;
	}
	int kinds = 0;
	long chars = scan(password, &kinds);
	if (chars < 0)
		return refuse(err, reason_ja,
			      N_("パスワードに使えない文字（制御文字または不正なUTF-8）が含まれています。"),
			      "the password holds a control character or invalid UTF-8");
	if (chars < KJ_PASSWORD_MIN) {
		kj_err_set(err, "the password is shorter than %d characters",
			   KJ_PASSWORD_MIN);
		if (reason_ja)
			*reason_ja = N_("パスワードは12文字以上にしてください。");
		return -1;
	}
	if (kinds < 3)
		return refuse(err, reason_ja,
			      N_("英小文字・英大文字・数字・記号・その他の文字のうち3種類以上を使ってください。"),
			      "the password needs 3 kinds of character of: lower case, "
			      "upper case, digits, symbols, other characters");
	if (login && *login && contains_nocase(password, login))
		return refuse(err, reason_ja,
			      N_("パスワードにサインイン ID を含めないでください。"),
			      "the password contains the login name");
	int common = kj_password_is_common(password);
	for (const char *const *c = common_passwords; *c && !common; c++)
		common = !strcasecmp(password, *c);
	if (common)
		return refuse(err, reason_ja,
			      N_("よく使われるパスワードです。推測されにくいものにしてください。"),
			      "the password is a well-known one that attackers try first");
	return 0;
}

/*
 * The cost of a new hash: libsodium's interactive argon2id limits (64 MiB,
 * two passes), but in a test build (cmake -DKJ_FAST_PWHASH=ON, as `make
 * check` builds) the smallest ones, so the suites' thousands of sign-ins do
 * not each fill 64 MiB under AddressSanitizer. A hash names its own limits,
 * so verification is the same in both.
 */
#ifdef KJ_FAST_PWHASH
#define KJ_PWHASH_OPS crypto_pwhash_OPSLIMIT_MIN
#define KJ_PWHASH_MEM crypto_pwhash_MEMLIMIT_MIN
#else
#define KJ_PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define KJ_PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE
#endif

int kj_password_hash_fast(void)
{
#ifdef KJ_FAST_PWHASH
	return 1;
#else
	return 0;
#endif
}

int kj_password_hash(const char *password, char out[KJ_PWHASH_MAX],
		     struct kj_err *err)
{
	out[0] = '\0';
	/* sodium_init is idempotent and thread-safe; 1 means already done. */
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	size_t n = strlen(password);
	if (n > KJ_PASSWORD_MAX) {
		kj_err_set(err, "the password is longer than %d bytes", KJ_PASSWORD_MAX);
		return -1;
	}
	if (crypto_pwhash_str_alg(out, password, n, KJ_PWHASH_OPS, KJ_PWHASH_MEM,
				  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		out[0] = '\0';
		kj_err_set(err, "cannot hash the password (out of memory)");
		return -1;
	}
	return 0;
}

int kj_password_verify(const char *hash, const char *password)
{
	if (!hash || !password || !*hash || sodium_init() < 0)
		return 0;
	/* A hash must fit its buffer; anything else did not come from us. */
	if (strnlen(hash, KJ_PWHASH_MAX) >= KJ_PWHASH_MAX)
		return 0;
	size_t n = strlen(password);
	if (n > KJ_PASSWORD_MAX)
		return 0;
	return crypto_pwhash_str_verify(hash, password, n) == 0;
}
