/*
 * The schema's migrations from 15 on, as migrations.c's table names them
 * (the first file holds 1 to 14): the analysis counts, sign-in
 * self-service, the second factor, published snapshots, implementation
 * plans and the pooled analysis counts. Written as migrations.c says.
 */
#include <stddef.h>

#include "store/migrations.h"

/*
 * Analysis (issue 13): the counts of the answers of submitted responses,
 * kept as responses are submitted and returned, so the analysis views read
 * a few thousand rows instead of counting answers. analysis_member holds
 * each operator counted in a survey with the attributes it was counted
 * under (its size class, 基幹インフラ and local-government flags when it
 * submitted; its prefecture is survey_respondent's), so that a return takes
 * away exactly what the submission added. analysis_group counts those
 * operators per scope sector and breakdown (dim: all, size, pref, kikan,
 * lg; dim_value '' for all), analysis_count their answers per requirement
 * and level (-1: N/A). The counts of the responses already submitted are
 * made by kj_store_analysis_fill.
 */
const char *const kj_m015_analysis_counts[] = {
	"CREATE TABLE analysis_member ("
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	" size_class TEXT NOT NULL, core_infra INTEGER NOT NULL, local_gov INTEGER NOT NULL,"
	" PRIMARY KEY (survey_id, organisation_id))",
	"CREATE TABLE analysis_group ("
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" sector_code TEXT NOT NULL, dim TEXT NOT NULL, dim_value TEXT NOT NULL,"
	" n INTEGER NOT NULL,"
	" PRIMARY KEY (survey_id, sector_code, dim, dim_value))",
	"CREATE TABLE analysis_count ("
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" sector_code TEXT NOT NULL, dim TEXT NOT NULL, dim_value TEXT NOT NULL,"
	" requirement_id INTEGER NOT NULL REFERENCES requirement(id),"
	" level INTEGER NOT NULL CHECK (level BETWEEN -1 AND 4),"
	" n INTEGER NOT NULL,"
	" PRIMARY KEY (survey_id, dim, sector_code, dim_value, requirement_id, level))",
	"CREATE INDEX analysis_count_by_requirement ON analysis_count(survey_id, requirement_id)",
	NULL,
};

/*
 * Sign-in self-service (issue 16): per user, whether the password must be
 * changed at the next sign-in (set by an administrator's reset), the
 * language the user chose ('' none yet, 'ja', 'en'), the failed sign-ins
 * since the last success (count, when and from where the last was), and
 * the notice of them waiting to be shown once after the next success.
 */
const char *const kj_m016_user_signin[] = {
	"CREATE TABLE user_signin ("
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" must_change INTEGER NOT NULL,"
	" lang TEXT NOT NULL,"
	" failed INTEGER NOT NULL, failed_at INTEGER NOT NULL, failed_from TEXT NOT NULL,"
	" notice INTEGER NOT NULL, notice_at INTEGER NOT NULL, notice_from TEXT NOT NULL,"
	" PRIMARY KEY (user_id))",
	NULL,
};

/*
 * Implementation plans (issue 14, §2.1). The tables of migration 1 named
 * plan and plan_measure were never written and do not fit the workflow;
 * these are the ones in use. impl_plan: one plan per fiscal year and scope
 * (scope_key: "sector:MINISTRY:SECTOR" or "cross"), its state and revision
 * (optimistic locking), the standard version it follows, the plan it was
 * copied from and the count of target operators frozen on submission (-1
 * before). impl_plan_body: the sections of the implementation structure
 * (§2.1.1). impl_plan_measure: the measures of §2.1.2's five categories,
 * each with a key that copies keep (a diff, and a later recommendation,
 * follow it across years). impl_plan_measure_req: the requirements a
 * measure supports. impl_plan_event: who did what when. impl_plan_target:
 * the target operators frozen into the plan when it was submitted.
 */
const char *const kj_m019_impl_plans[] = {
	"CREATE TABLE impl_plan ("
	" id {{ID}},"
	" fiscal_year INTEGER NOT NULL,"
	" scope TEXT NOT NULL CHECK (scope IN ('sector','cross')),"
	" scope_key TEXT NOT NULL,"
	" sector_code TEXT REFERENCES sector(code),"
	" ministry_code TEXT REFERENCES ministry(code),"
	" version_id INTEGER NOT NULL REFERENCES standard_version(id),"
	" state TEXT NOT NULL CHECK (state IN ('draft','submitted','reported')),"
	" revision INTEGER NOT NULL,"
	" copied_from INTEGER REFERENCES impl_plan(id),"
	" targets INTEGER NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	" UNIQUE (fiscal_year, scope_key),"
	" CHECK ((scope = 'sector') = (sector_code IS NOT NULL)))",
	"CREATE TABLE impl_plan_body ("
	" plan_id INTEGER NOT NULL REFERENCES impl_plan(id),"
	" section TEXT NOT NULL CHECK (section IN ('gov','pp','roles')),"
	" body TEXT NOT NULL,"
	" PRIMARY KEY (plan_id, section))",
	"CREATE TABLE impl_plan_measure ("
	" id {{ID}},"
	" plan_id INTEGER NOT NULL REFERENCES impl_plan(id),"
	" mkey TEXT NOT NULL,"
	" category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 5),"
	" ord INTEGER NOT NULL,"
	" title TEXT NOT NULL, description TEXT NOT NULL, kpi TEXT NOT NULL,"
	" schedule TEXT NOT NULL, owner TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('todo','doing','done','review')),"
	" progress TEXT NOT NULL,"
	" UNIQUE (plan_id, mkey))",
	"CREATE TABLE impl_plan_measure_req ("
	" measure_id INTEGER NOT NULL REFERENCES impl_plan_measure(id),"
	" requirement_code TEXT NOT NULL,"
	" PRIMARY KEY (measure_id, requirement_code))",
	"CREATE TABLE impl_plan_event ("
	" id {{ID}},"
	" plan_id INTEGER NOT NULL REFERENCES impl_plan(id),"
	" at TEXT NOT NULL, actor_user_id INTEGER, actor TEXT NOT NULL,"
	" action TEXT NOT NULL, message TEXT NOT NULL)",
	"CREATE INDEX impl_plan_event_by_plan ON impl_plan_event(plan_id, id)",
	"CREATE TABLE impl_plan_target ("
	" plan_id INTEGER NOT NULL REFERENCES impl_plan(id),"
	" organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	" PRIMARY KEY (plan_id, organisation_id))",
	NULL,
};

/*
 * The analysis breakdowns (size class, prefecture, 基幹インフラ, local
 * government) are shown over all of a sector's requirements: kept pooled,
 * one row per value and level, instead of one per requirement as well (a
 * sector view read 30,000 rows to add them up); each counted operator's
 * sums per function; and each survey's epoch of its counts.
 */
const char *const kj_m020_analysis_pool[] = {
	"CREATE TABLE analysis_pool ("
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" sector_code TEXT NOT NULL, dim TEXT NOT NULL, dim_value TEXT NOT NULL,"
	" level INTEGER NOT NULL CHECK (level BETWEEN -1 AND 4),"
	" n INTEGER NOT NULL,"
	" PRIMARY KEY (survey_id, sector_code, dim, dim_value, level))",
	"INSERT INTO analysis_pool (survey_id, sector_code, dim, dim_value, level, n)"
	" SELECT survey_id, sector_code, dim, dim_value, level, SUM(n) FROM analysis_count"
	" WHERE dim <> 'all' GROUP BY survey_id, sector_code, dim, dim_value, level",
	"DELETE FROM analysis_count WHERE dim <> 'all'",
	/* Each counted operator's applicable levels per function in each of
	 * its scope sectors (an operator's benchmark: the sector's spread of
	 * function means reads a few rows per operator, not every answer). */
	"CREATE TABLE analysis_fnsum ("
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" sector_code TEXT NOT NULL,"
	" organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	" function_code TEXT NOT NULL, level_sum INTEGER NOT NULL, n INTEGER NOT NULL,"
	" PRIMARY KEY (survey_id, sector_code, organisation_id, function_code))",
	"INSERT INTO analysis_fnsum (survey_id, sector_code, organisation_id, function_code,"
	" level_sum, n) SELECT r.survey_id, r.sector_code, r.organisation_id, q.function_code,"
	" SUM(a.level), COUNT(a.level) FROM survey_respondent r JOIN analysis_member m"
	" ON m.survey_id = r.survey_id AND m.organisation_id = r.organisation_id"
	" JOIN response p ON p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id"
	" JOIN answer a ON a.response_id = p.id JOIN requirement q ON q.id = a.requirement_id"
	" WHERE a.level IS NOT NULL"
	" GROUP BY r.survey_id, r.sector_code, r.organisation_id, q.function_code",
	/* Moved with a survey's counts (once a transaction), so that figures
	 * computed from them can be kept while it stays the same. */
	"CREATE TABLE analysis_epoch ("
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" n INTEGER NOT NULL,"
	" PRIMARY KEY (survey_id))",
	NULL,
};

/*
 * Published snapshots of the analysis (issue 13): a sector's view of a
 * fiscal year's survey as a reader of aggregates saw it when a ministry or
 * the NCO published it to the sector's CEPTOAR and operators, frozen (its
 * JSON and the SHA-256 of it), with who published it, when and with which
 * k; and every figure suppressed in it, with the rule that hid it.
 */
const char *const kj_m018_analysis_snapshots[] = {
	"CREATE TABLE analysis_snapshot ("
	" id {{ID}},"
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" fiscal_year INTEGER NOT NULL,"
	" sector_code TEXT NOT NULL REFERENCES sector(code),"
	" publisher_id INTEGER REFERENCES app_user(id),"
	" publisher TEXT NOT NULL,"
	" published_at TEXT NOT NULL,"
	" k INTEGER NOT NULL,"
	" body TEXT NOT NULL,"
	" digest TEXT NOT NULL)",
	"CREATE INDEX analysis_snapshot_by_sector ON analysis_snapshot(sector_code, fiscal_year)",
	"CREATE TABLE analysis_suppression ("
	" snapshot_id INTEGER NOT NULL REFERENCES analysis_snapshot(id),"
	" seq INTEGER NOT NULL,"
	" figure TEXT NOT NULL,"
	" rule TEXT NOT NULL CHECK (rule IN ('primary-k', 'primary-app', 'dominance',"
	" 'secondary', 'total', 'multi-sector')),"
	" PRIMARY KEY (snapshot_id, seq))",
	NULL,
};

/*
 * The second factor (issue 16): per user, whether an administrator
 * requires it (operators; the other staff roles need it anyway), the TOTP
 * secret encrypted under the key file ('' when not enrolled), the last
 * time step a code was accepted at (a code is never taken twice), and a
 * secret offered for enrolment not yet confirmed (also encrypted). The
 * recovery codes, keyed hashes only, each used once (used_at 0 until
 * then). The half step of a sign-in between password and code: the hash
 * of its cookie, its user, when it began and the wrong codes so far.
 */
const char *const kj_m017_mfa[] = {
	"CREATE TABLE user_mfa ("
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" required INTEGER NOT NULL,"
	" secret TEXT NOT NULL, last_step INTEGER NOT NULL, enrolled_at INTEGER NOT NULL,"
	" pending TEXT NOT NULL, pending_at INTEGER NOT NULL,"
	" PRIMARY KEY (user_id))",
	"CREATE TABLE mfa_recovery ("
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" code_hash TEXT NOT NULL, used_at INTEGER NOT NULL,"
	" PRIMARY KEY (user_id, code_hash))",
	"CREATE TABLE mfa_halfway ("
	" token_hash TEXT NOT NULL,"
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" created_at INTEGER NOT NULL, fails INTEGER NOT NULL,"
	" next TEXT NOT NULL,"
	" PRIMARY KEY (token_hash))",
	NULL,
};
