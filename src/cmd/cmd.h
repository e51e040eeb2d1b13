/*
 * The command line: one table of commands (src/cmd/main.c), one file per
 * command group, and the helpers they share for options and the database.
 * Exit status: 0 done, 1 failed, 2 bad usage.
 *
 * Return conventions here: a command's run() returns its exit status; the
 * helpers that can fail (kj_cmd_open, kj_cmd_audit_key) return 0 or -1 and
 * have already told the user why on stderr, since at this layer the
 * message is the result; kj_cmd_parse is described where it is declared.
 */
#ifndef KJ_CMD_CMD_H
#define KJ_CMD_CMD_H

#include "app/usecase.h"
#include "model/audit.h"
#include "store/store.h"

enum { KJ_EXIT_OK = 0, KJ_EXIT_FAIL = 1, KJ_EXIT_USAGE = 2 };

#define KJ_DEFAULT_DB "kijun.db"
#define KJ_CMD_MAX_POS 4

struct kj_command {
	const char *group;	/* "catalog", or NULL for a top-level command */
	const char *name;
	int (*run)(int argc, char **argv);	/* argv[0] is the command name */
	const char *summary;
	const char *usage;	/* options and arguments, shown by --help */
};

extern const struct kj_command kj_commands[];

/* One option a command accepts: --NAME VALUE, --NAME=VALUE, or a flag. */
struct kj_opt {
	const char *name;
	int takes_value;
	const char **value;	/* set to the value, or "1" for a flag */
};

/*
 * Parses ARGV against OPTS; positional arguments go to POS (at most NPOS,
 * count in *GOT). Prints the command's help and returns 1 for --help;
 * prints a message and returns -1 for bad usage.
 */
int kj_cmd_parse(const struct kj_command *cmd, int argc, char **argv,
		 const struct kj_opt *opts, const char **pos, int npos, int *got);
const struct kj_command *kj_cmd_find(const char *group, const char *name);
void kj_cmd_help(const struct kj_command *cmd);

/* The database path: --db, else $KIJUN_DB, else ./kijun.db. */
const char *kj_cmd_db_path(const char *opt);
/* Opens the database (loading the audit key first); one that may write only
 * if the audit trail can be written with the key given (or without one). */
int kj_cmd_open(struct kj_store **st, const char *opt_db, int flags);
/* Loads the audit key of --audit-key FILE or $KIJUN_AUDIT_KEY, if given. */
int kj_cmd_audit_key(void);

/* Prints "kijun: MSG" to stderr. */
void kj_cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like kj_cmd_error, then "try 'kijun CMD --help'"; returns KJ_EXIT_USAGE. */
int kj_cmd_usage(const struct kj_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records in the audit trail that CAT was loaded into ST. */
int kj_cmd_catalog_record(struct kj_store *st, const struct kj_catalog *cat,
			  struct kj_err *err);
/* The same for a revision, with the kinds of its crosswalk XW (NULL: none). */
struct kj_crosswalk;
int kj_cmd_catalog_record_xw(struct kj_store *st, const struct kj_catalog *cat,
			     const struct kj_crosswalk *xw, struct kj_err *err);

int kj_cmd_init(int argc, char **argv);
int kj_cmd_catalog_list(int argc, char **argv);
int kj_cmd_catalog_show(int argc, char **argv);
int kj_cmd_catalog_export(int argc, char **argv);
int kj_cmd_catalog_import(int argc, char **argv);
int kj_cmd_catalog_versions(int argc, char **argv);
int kj_cmd_catalog_crosswalk(int argc, char **argv);
int kj_cmd_demo(int argc, char **argv);
int kj_cmd_serve(int argc, char **argv);
int kj_cmd_db_copy(int argc, char **argv);
int kj_cmd_org_import(int argc, char **argv);
int kj_cmd_org_export(int argc, char **argv);
int kj_cmd_org_list(int argc, char **argv);
int kj_cmd_standard_import(int argc, char **argv);
int kj_cmd_standard_coverage(int argc, char **argv);
int kj_cmd_user_add(int argc, char **argv);
int kj_cmd_user_list(int argc, char **argv);
int kj_cmd_user_disable(int argc, char **argv);
int kj_cmd_user_enable(int argc, char **argv);
int kj_cmd_user_passwd(int argc, char **argv);
int kj_cmd_user_reset(int argc, char **argv);
int kj_cmd_audit_verify(int argc, char **argv);
int kj_cmd_audit_list(int argc, char **argv);
int kj_cmd_audit_head(int argc, char **argv);
int kj_cmd_user_tokens(int argc, char **argv);
int kj_cmd_user_revoke(int argc, char **argv);
int kj_cmd_audit_keygen(int argc, char **argv);
int kj_cmd_survey_create(int argc, char **argv);
int kj_cmd_survey_list(int argc, char **argv);
int kj_cmd_survey_open(int argc, char **argv);
int kj_cmd_survey_close(int argc, char **argv);
int kj_cmd_survey_extend(int argc, char **argv);
int kj_cmd_survey_status(int argc, char **argv);
int kj_cmd_survey_question(int argc, char **argv);
int kj_cmd_survey_questions(int argc, char **argv);
int kj_cmd_survey_remind(int argc, char **argv);
int kj_cmd_notify_send(int argc, char **argv);
int kj_cmd_notify_list(int argc, char **argv);
/* kijun's address for the notices' links: OPT (--base-url), else
 * $KIJUN_BASE_URL, else none; -1 (told on stderr) for a bad one. */
int kj_cmd_base_url(const char *opt);
int kj_cmd_survey_form(int argc, char **argv);
int kj_cmd_survey_import(int argc, char **argv);
int kj_cmd_survey_export(int argc, char **argv);

/*
 * The audit trail's actor for a command-line change: "cli:" and $USER (else
 * $LOGNAME) when it is a plain user name, else the numeric uid. Into OUT of
 * size N.
 */
void kj_cmd_actor(char *out, size_t n);

/* The command line as the actor of a use case (kj_cmd_actor's name, no user). */
struct kj_cli_actor {
	char name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
};
void kj_cmd_cli_actor(struct kj_cli_actor *a);

/* Backup and restore, the audit trail for a SIEM (issue 16). */
int kj_cmd_backup(int argc, char **argv);
int kj_cmd_restore(int argc, char **argv);
int kj_cmd_audit_export(int argc, char **argv);

/* The analysis of a fiscal year (issue 13). */
int kj_cmd_analysis_national(int argc, char **argv);
int kj_cmd_analysis_sector(int argc, char **argv);
int kj_cmd_analysis_requirement(int argc, char **argv);
int kj_cmd_analysis_check(int argc, char **argv);
/* An operator's benchmark (issue 13). */
int kj_cmd_analysis_operator(int argc, char **argv);

/* Implementation plans (cmd_plan.c). */
int kj_cmd_plan_list(int argc, char **argv);
int kj_cmd_plan_show(int argc, char **argv);
int kj_cmd_plan_create(int argc, char **argv);
int kj_cmd_plan_copy(int argc, char **argv);
int kj_cmd_plan_submit(int argc, char **argv);
int kj_cmd_plan_return(int argc, char **argv);
int kj_cmd_plan_report(int argc, char **argv);
int kj_cmd_plan_diff(int argc, char **argv);
/* Published snapshots of the analysis (issue 13). */
int kj_cmd_analysis_publish(int argc, char **argv);
int kj_cmd_analysis_published(int argc, char **argv);

/* The second factor (issue 16): its key of --mfa-key FILE or $KIJUN_MFA_KEY
 * into KEY (left unset when neither is given); -1 (told on stderr) for a
 * bad file. 'kijun user mfa ...' (cmd_user_mfa.c). */
struct kj_mfa_key;
int kj_cmd_mfa_key(struct kj_mfa_key *key);
int kj_cmd_user_mfa(int argc, char **argv);

/* On-site visits (issue 15): kijun onsite plan|record|issue|export. */
int kj_cmd_onsite_plan(int argc, char **argv);
int kj_cmd_onsite_record(int argc, char **argv);
int kj_cmd_onsite_issue(int argc, char **argv);
int kj_cmd_onsite_export(int argc, char **argv);
/* On-site surveys (issue 15): 'kijun onsite SUBCOMMAND', dispatched through
 * the table of cmd_onsite.c. */
int kj_cmd_onsite(int argc, char **argv);

/* Self-reported against verified (issue 15). */
int kj_cmd_analysis_verified(int argc, char **argv);

/* The annual report (issue 14, cmd_report.c). */
int kj_cmd_report_freeze(int argc, char **argv);
int kj_cmd_report_annual(int argc, char **argv);
int kj_cmd_report_list(int argc, char **argv);

/* Evaluations, HQ recommendations and the PDCA board (cmd_eval.c). */
int kj_cmd_eval_list(int argc, char **argv);
int kj_cmd_eval_show(int argc, char **argv);
int kj_cmd_eval_create(int argc, char **argv);
int kj_cmd_eval_edit(int argc, char **argv);
int kj_cmd_eval_submit(int argc, char **argv);
int kj_cmd_eval_return(int argc, char **argv);
int kj_cmd_eval_finalise(int argc, char **argv);
int kj_cmd_eval_item_add(int argc, char **argv);
int kj_cmd_eval_answer(int argc, char **argv);
int kj_cmd_eval_recs(int argc, char **argv);
int kj_cmd_pdca(int argc, char **argv);

/* Surveys of kind other (cmd_survey_other.c). */
int kj_cmd_survey_respondents(int argc, char **argv);
/* Prints survey ID of kind other (ROWS: its respondents, else its counts);
 * the exit status, or -1 when ID is no survey of kind other. */
int kj_cmd_other_status(struct kj_store *st, int64_t id, int rows);
/* Writes every answer of survey ID of kind other to OUTPUT (FORMAT csv or
 * xlsx); the exit status, or -1 when ID is no survey of kind other. */
int kj_cmd_other_export(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			const char *format, const char *output);
/* `survey list --kind other`. */
int kj_cmd_other_list(struct kj_store *st);

#endif
