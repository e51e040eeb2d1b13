/*
 * The schema's migrations from 15 on, as migrations.c's table names them
 * (the first file holds 1 to 14): the analysis counts, sign-in
 * self-service, the second factor, published snapshots, implementation
 * plans, the pooled analysis counts, on-site surveys and evaluations.
 * Written as migrations.c says.
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

/*
 * On-site surveys (issue 15, §2.2 実地調査). An on-site survey is a survey
 * row of kind 'onsite' (its fiscal year, owner, scope sectors and
 * lifecycle). onsite_selection: the operators to visit, chosen by declared
 * rules (canonical JSON) and a seed so that the choice can be made again
 * and defended; a draft until its owner approves it. onsite_pick: each
 * chosen operator with the rule that chose it and why (e.g. its mean
 * level), in the order chosen; removed picks stay, marked. onsite_pick_change:
 * every change after approval with its reason. onsite_visit: one visit of
 * an operator, its date and state (planned -> recorded -> issued: the
 * report of the visit issued, its findings visible to the operator), with
 * a revision for optimistic locking. onsite_inspector: the users who
 * inspect it (they see only the visits assigned). onsite_item: per
 * requirement in scope, the level the operator reported in that year's
 * questionnaire as the inspectors found it (-1 N/A, NULL none), the
 * verified level (-1 N/A with a reason, NULL not yet recorded), the
 * findings and the evidence seen. onsite_reply: the operator's corrective
 * action and its date for a finding. onsite_event: who did what when.
 */
const char *const kj_m021_onsite[] = {
	"CREATE TABLE onsite_selection ("
	" id {{ID}},"
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" rules TEXT NOT NULL, seed INTEGER NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('draft','approved')),"
	" revision INTEGER NOT NULL,"
	" created_at TEXT NOT NULL, created_by INTEGER REFERENCES app_user(id),"
	" approved_at TEXT, approved_by INTEGER REFERENCES app_user(id),"
	" UNIQUE (survey_id))",
	"CREATE TABLE onsite_pick ("
	" selection_id INTEGER NOT NULL REFERENCES onsite_selection(id),"
	" organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	" sector_code TEXT NOT NULL REFERENCES sector(code),"
	" ord INTEGER NOT NULL,"
	" rule TEXT NOT NULL CHECK (rule IN ('lowest','change','uninspected','kikan',"
	" 'quota','random','manual')),"
	" detail TEXT NOT NULL,"
	" removed INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (selection_id, organisation_id))",
	"CREATE TABLE onsite_pick_change ("
	" id {{ID}},"
	" selection_id INTEGER NOT NULL REFERENCES onsite_selection(id),"
	" organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	" action TEXT NOT NULL CHECK (action IN ('add','remove')),"
	" reason TEXT NOT NULL,"
	" at TEXT NOT NULL, actor_user_id INTEGER, actor TEXT NOT NULL)",
	"CREATE TABLE onsite_visit ("
	" id {{ID}},"
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	" visit_on TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('planned','recorded','issued')),"
	" revision INTEGER NOT NULL,"
	" issued_at TEXT, issued_by INTEGER REFERENCES app_user(id),"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	" UNIQUE (survey_id, organisation_id))",
	"CREATE INDEX onsite_visit_by_org ON onsite_visit(organisation_id)",
	"CREATE TABLE onsite_inspector ("
	" visit_id INTEGER NOT NULL REFERENCES onsite_visit(id),"
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" PRIMARY KEY (visit_id, user_id))",
	"CREATE INDEX onsite_inspector_by_user ON onsite_inspector(user_id)",
	"CREATE TABLE onsite_item ("
	" visit_id INTEGER NOT NULL REFERENCES onsite_visit(id),"
	" requirement_id INTEGER NOT NULL REFERENCES requirement(id),"
	" self_level INTEGER CHECK (self_level BETWEEN -1 AND 4),"
	" verified_level INTEGER CHECK (verified_level BETWEEN -1 AND 4),"
	" na_reason TEXT,"
	" findings TEXT NOT NULL, evidence TEXT NOT NULL,"
	" recorded_at TEXT, recorded_by INTEGER REFERENCES app_user(id),"
	" PRIMARY KEY (visit_id, requirement_id),"
	" CHECK ((verified_level = -1) = (na_reason IS NOT NULL)))",
	"CREATE TABLE onsite_reply ("
	" visit_id INTEGER NOT NULL REFERENCES onsite_visit(id),"
	" requirement_id INTEGER NOT NULL REFERENCES requirement(id),"
	" action TEXT NOT NULL, due_on TEXT,"
	" replied_at TEXT NOT NULL, replied_by INTEGER REFERENCES app_user(id),"
	" PRIMARY KEY (visit_id, requirement_id))",
	"CREATE TABLE onsite_event ("
	" id {{ID}},"
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" visit_id INTEGER REFERENCES onsite_visit(id),"
	" at TEXT NOT NULL, actor_user_id INTEGER, actor TEXT NOT NULL,"
	" action TEXT NOT NULL, message TEXT NOT NULL)",
	"CREATE INDEX onsite_event_by_survey ON onsite_event(survey_id, id)",
	NULL,
};

/*
 * Evaluation and improvement (issue 14, §2.3). The tables of migration 1
 * named evaluation, recommendation and recommendation_measure were never
 * written; these are the ones in use. eval_doc: one evaluation per fiscal
 * year and scope (scope_key: "sector:MINISTRY:SECTOR", "cross" for the
 * NCO's cross-sector draft, "hq" for the Strategy HQ's evaluation), its
 * state (draft -> submitted -> final) and revision (optimistic locking).
 * eval_section: its structured sections (implementation status of the
 * measures, survey results and analysis, remaining gaps, proposed
 * improvements; the HQ's summary). eval_figure: a figure or chart of the
 * analysis views placed in a section (kind and reference, e.g. 'sector'
 * and the sector code). eval_event: who did what when. hq_item: the HQ
 * evaluation's findings and recommendations (general, organisation,
 * budget), each addressed to a sector or the NCO ('nco').
 * hq_item_answer: the measures of a later plan that answer a
 * recommendation (traceability).
 */
const char *const kj_m022_evaluations[] = {
	"CREATE TABLE eval_doc ("
	" id {{ID}},"
	" fiscal_year INTEGER NOT NULL,"
	" scope TEXT NOT NULL CHECK (scope IN ('sector','cross','hq')),"
	" scope_key TEXT NOT NULL,"
	" sector_code TEXT REFERENCES sector(code),"
	" ministry_code TEXT REFERENCES ministry(code),"
	" state TEXT NOT NULL CHECK (state IN ('draft','submitted','final')),"
	" revision INTEGER NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	" UNIQUE (fiscal_year, scope_key),"
	" CHECK ((scope = 'sector') = (sector_code IS NOT NULL)))",
	"CREATE TABLE eval_section ("
	" eval_id INTEGER NOT NULL REFERENCES eval_doc(id),"
	" section TEXT NOT NULL CHECK (section IN ('measures','survey','gaps',"
	" 'improvements','summary')),"
	" body TEXT NOT NULL,"
	" PRIMARY KEY (eval_id, section))",
	"CREATE TABLE eval_figure ("
	" eval_id INTEGER NOT NULL REFERENCES eval_doc(id),"
	" section TEXT NOT NULL,"
	" ord INTEGER NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('national','sector','requirement',"
	" 'coverage','progress')),"
	" ref TEXT NOT NULL, caption TEXT NOT NULL,"
	" PRIMARY KEY (eval_id, section, ord))",
	"CREATE TABLE eval_event ("
	" id {{ID}},"
	" eval_id INTEGER NOT NULL REFERENCES eval_doc(id),"
	" at TEXT NOT NULL, actor_user_id INTEGER, actor TEXT NOT NULL,"
	" action TEXT NOT NULL, message TEXT NOT NULL)",
	"CREATE INDEX eval_event_by_eval ON eval_event(eval_id, id)",
	"CREATE TABLE hq_item ("
	" id {{ID}},"
	" eval_id INTEGER NOT NULL REFERENCES eval_doc(id),"
	" ord INTEGER NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('finding','recommendation')),"
	" category TEXT NOT NULL CHECK (category IN ('general','organisation','budget')),"
	" addressee TEXT NOT NULL,"
	" text TEXT NOT NULL,"
	" created_at TEXT NOT NULL,"
	" UNIQUE (eval_id, ord))",
	"CREATE TABLE hq_item_answer ("
	" item_id INTEGER NOT NULL REFERENCES hq_item(id),"
	" measure_id INTEGER NOT NULL REFERENCES impl_plan_measure(id),"
	" at TEXT NOT NULL, actor_user_id INTEGER, actor TEXT NOT NULL,"
	" PRIMARY KEY (item_id, measure_id))",
	"CREATE INDEX hq_item_answer_by_measure ON hq_item_answer(measure_id)",
	NULL,
};

/*
 * The annual report's frozen snapshots (issue 14): every figure the report
 * to the Strategy HQ shows, collected in one read and kept as JSON with its
 * SHA-256, so that a late correction never changes a report already sent.
 * Rows are only ever inserted.
 */
const char *const kj_m023_report_snapshots[] = {
	"CREATE TABLE report_snapshot ("
	" id {{ID}},"
	" fiscal_year INTEGER NOT NULL,"
	" created_at TEXT NOT NULL,"
	" created_by INTEGER REFERENCES app_user(id),"
	" actor TEXT NOT NULL,"
	" body TEXT NOT NULL,"
	" digest TEXT NOT NULL,"
	" note TEXT NOT NULL)",
	"CREATE INDEX report_snapshot_by_fy ON report_snapshot(fiscal_year, id)",
	NULL,
};

/*
 * Surveys of kind "other" (issue 15, §2.2: other studies, e.g. comparison
 * with other systems): a survey asks either operators or ministries
 * (respondent_kind). Chosen operators wait in survey_pick while the survey
 * is a draft and are frozen into survey_respondent when it opens, so their
 * responses are the questionnaire's own rows (response, extra_answer,
 * response_version, response_return). Chosen ministries are
 * survey_ministry, and each answers in ministry_response with its own
 * answers, versions (receipt and digest) and returns.
 */
const char *const kj_m024_survey_other[] = {
	"ALTER TABLE survey ADD COLUMN respondent_kind TEXT NOT NULL DEFAULT 'operator'"
	" CHECK (respondent_kind IN ('operator', 'ministry'))",
	"CREATE TABLE survey_pick ("
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	" sector_code TEXT NOT NULL REFERENCES sector(code),"
	" PRIMARY KEY (survey_id, organisation_id))",
	"CREATE TABLE survey_ministry ("
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" ministry_code TEXT NOT NULL REFERENCES ministry(code),"
	" PRIMARY KEY (survey_id, ministry_code))",
	"CREATE TABLE ministry_response ("
	" id {{ID}},"
	" survey_id INTEGER NOT NULL REFERENCES survey(id),"
	" ministry_code TEXT NOT NULL REFERENCES ministry(code),"
	" status TEXT NOT NULL CHECK (status IN ('draft','submitted','returned')),"
	" revision INTEGER NOT NULL DEFAULT 0,"
	" versions INTEGER NOT NULL DEFAULT 0,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	" updated_by INTEGER REFERENCES app_user(id), updated_actor TEXT NOT NULL,"
	" UNIQUE (survey_id, ministry_code))",
	"CREATE TABLE ministry_answer ("
	" response_id INTEGER NOT NULL REFERENCES ministry_response(id),"
	" question_id INTEGER NOT NULL REFERENCES survey_question(id),"
	" value TEXT NOT NULL,"
	" changed_rev INTEGER NOT NULL DEFAULT 0,"
	" updated_at TEXT NOT NULL, updated_by INTEGER REFERENCES app_user(id),"
	" PRIMARY KEY (response_id, question_id))",
	"CREATE TABLE ministry_response_version ("
	" response_id INTEGER NOT NULL REFERENCES ministry_response(id),"
	" version INTEGER NOT NULL,"
	" receipt TEXT NOT NULL UNIQUE,"
	" submitted_at TEXT NOT NULL,"
	" submitted_by INTEGER REFERENCES app_user(id), by_actor TEXT NOT NULL,"
	" digest TEXT NOT NULL,"
	" content TEXT NOT NULL,"
	" PRIMARY KEY (response_id, version))",
	"CREATE TABLE ministry_response_return ("
	" response_id INTEGER NOT NULL REFERENCES ministry_response(id),"
	" version INTEGER NOT NULL,"
	" returned_at TEXT NOT NULL,"
	" returned_by INTEGER REFERENCES app_user(id), by_actor TEXT NOT NULL,"
	" message TEXT NOT NULL,"
	" PRIMARY KEY (response_id, version))",
	NULL,
};
