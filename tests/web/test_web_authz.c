/*
 * The authorisation matrix over the route table, by session and by API token, and the clause mapping it exercises.
 */
#include "web_helpers.h"
#include "store/store_session.h"
#include "store/store_users.h"

/* --- The authorisation matrix ----------------------------------------------- */

/*
 * Columns: anonymous, then the roles in enum order. Derived from
 * PRODUCT.md: the catalog is for every role; the audit trail for the NCO
 * and internal audit; user administration for the NCO; an organisation's
 * record for who "sees" it: nco and auditor everything, the (medical)
 * ministry its sector per operator, the operator only its own; HQ,
 * surveyors and CEPTOARs see aggregates only, so no organisation's record.
 * An organisation a role may not see answers 404, like one that does not
 * exist. Anonymous: 303 to the sign-in page for a page, 401 for the API
 * and for a form (POST).
 */
#define SI 1303		/* 303 to /signin?next=... */
enum { ANON, NCO, MIN, OPR, HQ, SUR, CEP, AUD, NCOLS };
static const char *const col_name[NCOLS] = {
	"anonymous", "nco", "ministry", "operator", "hq", "surveyor", "ceptoar", "auditor"
};

struct mcase {
	const char *method, *pattern;
	const char *path;	/* @OWN @MED @OTHER @NONE @VICTIM @NCOTOKEN @MEDCLAUSE
				 * @OTHERCLAUSE are filled in */
	const char *form;	/* POST: the CSRF token is added */
	int want[NCOLS];
};

#define ALL8(x) { x, x, x, x, x, x, x, x }
#define SIGNED(a, x) { a, x, x, x, x, x, x, x }

static const struct mcase cases[] = {
	{ "GET", "/static/kijun.css", "/static/kijun.css", NULL, ALL8(200) },
	{ "GET", "/lang", "/lang", "to=en&next=%2Fcatalog", ALL8(303) },
	{ "GET", "/lang", "/lang", "to=xx", ALL8(400) },
	{ "GET", "/signin", "/signin", NULL, SIGNED(200, 303) },
	/* The form answers again (400: no credentials), not a CSRF refusal. */
	{ "POST", "/signin", "/signin", "", ALL8(400) },
	{ "POST", "/signout", "/signout", "", SIGNED(401, 303) },
	{ "GET", "/", "/", NULL, SIGNED(SI, 200) },
	{ "GET", "/catalog", "/catalog", NULL, SIGNED(SI, 200) },
	{ "GET", "/catalog", "/catalog", "function=protect&q=CSIRT", SIGNED(SI, 200) },
	{ "GET", "/catalog/{id}", "/catalog/" REQ_ID, NULL, SIGNED(SI, 200) },
	{ "GET", "/catalog/{id}", "/catalog/9.9.9-9", NULL, SIGNED(SI, 404) },
	{ "GET", "/glossary", "/glossary", NULL, SIGNED(SI, 200) },
	{ "GET", "/catalog/versions/{version}/crosswalk", "/catalog/versions/2026/crosswalk",
	  NULL, SIGNED(SI, 200) },
	{ "GET", "/catalog/versions/{version}/crosswalk", "/catalog/versions/1999/crosswalk",
	  NULL, SIGNED(SI, 404) },
	{ "GET", "/catalog/versions/{version}/crosswalk", "/catalog/versions/%3Cb%3E/crosswalk",
	  NULL, SIGNED(SI, 404) },
	{ "GET", "/audit", "/audit", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 403, 403, 403, 403, 403, 200 } },
	{ "GET", "/admin/users", "/admin/users", NULL,
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	/* An empty form: the NCO gets the form back (400), others no further. */
	{ "POST", "/admin/users", "/admin/users", "",
	  {         401, 400, 403, 403, 403, 403, 403, 403 } },
	/* Disabling asks first: without confirm=1 the confirmation page. */
	{ "POST", "/admin/users/{id}/disable", "/admin/users/@VICTIM/disable", "",
	  {         401, 200, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/admin/users/{id}/enable", "/admin/users/@VICTIM/enable", "",
	  {         401, 303, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/admin/users/{id}/disable", "/admin/users/@NONE/disable", "",
	  {         401, 404, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/admin/users/{id}/tokens", "/admin/users/@VICTIM/tokens", NULL,
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/admin/users/{id}/tokens", "/admin/users/@NONE/tokens", NULL,
	  {         SI,  404, 403, 403, 403, 403, 403, 403 } },
	/* The NCO's own token is not the victim's: nothing to revoke there. */
	{ "POST", "/admin/users/{id}/tokens/{tid}/revoke", "/admin/users/@VICTIM/tokens/@NCOTOKEN/revoke",
	  "", {     401, 404, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/admin/users/{id}/tokens/{tid}/revoke", "/admin/users/@VICTIM/tokens/@NONE/revoke",
	  "", {     401, 404, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/account", "/account", NULL, SIGNED(SI, 200) },
	{ "POST", "/account/tokens", "/account/tokens", "name=matrix", SIGNED(401, 200) },
	/* The NCO's token: only the NCO may revoke it; for others it is absent. */
	{ "POST", "/account/tokens/{id}/revoke", "/account/tokens/@NCOTOKEN/revoke", "confirm=1",
	  {         401, 303, 404, 404, 404, 404, 404, 404 } },
	/*
	 * The registry of operators: nco and auditor all of it, the ministry
	 * its sectors, the operator only its own record (the list sends it
	 * there); HQ, surveyors and CEPTOARs see aggregates, not operators.
	 * Editing: nco, and the ministry within its sectors; the auditor reads
	 * only. "water" is a sector outside the demo ministry's.
	 */
	{ "GET", "/registry", "/registry", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 200, 303, 403, 403, 403, 200 } },
	{ "GET", "/registry", "/registry", "sector=water",
	  {         SI,  200, DENY, 303, 403, 403, 403, 200 } },
	{ "GET", "/registry/export", "/registry/export", NULL,
	  {         SI,  200, 200, 200, 403, 403, 403, 200 } },
	{ "GET", "/registry/export", "/registry/export", "sector=water&format=csv",
	  {         SI,  200, DENY, DENY, 403, 403, 403, 200 } },
	/* No file: the form's own 400 for whoever may import. */
	{ "POST", "/registry/import", "/registry/import", "",
	  {         401, 400, 400, 403, 403, 403, 403, 403 } },
	{ "GET", "/registry/new", "/registry/new", NULL,
	  {         SI,  200, 200, 403, 403, 403, 403, 403 } },
	{ "POST", "/registry/new", "/registry/new", "",
	  {         401, 400, 400, 403, 403, 403, 403, 403 } },
	{ "GET", "/registry/{id}", "/registry/@OWN", NULL,
	  {         SI,  200, 200, 200, 403, 403, 403, 200 } },
	{ "GET", "/registry/{id}", "/registry/@MED", NULL,
	  {         SI,  200, 200, 404, 403, 403, 403, 200 } },
	{ "GET", "/registry/{id}", "/registry/@OTHER", NULL,
	  {         SI,  200, 404, 404, 403, 403, 403, 200 } },
	{ "GET", "/registry/{id}", "/registry/@NONE", NULL,
	  {         SI,  404, 404, 404, 403, 403, 403, 404 } },
	/* An empty form: refused by validation (400) where editing is allowed. */
	{ "POST", "/registry/{id}", "/registry/@MED", "",
	  {         401, 400, 400, 403, 403, 403, 403, 403 } },
	{ "POST", "/registry/{id}", "/registry/@OTHER", "",
	  {         401, 400, 404, 403, 403, 403, 403, 403 } },
	/* Target identification (§2.1.1(2)) is the ministry's, per sector. */
	{ "GET", "/targets", "/targets", NULL,
	  {         SI,  200, 200, DENY, 403, 403, 403, 200 } },
	{ "GET", "/targets", "/targets", "sector=water",
	  {         SI,  200, DENY, DENY, 403, 403, 403, 200 } },
	{ "POST", "/targets", "/targets", "sector=medical&fy=2026",
	  {         401, 303, 303, 403, 403, 403, 403, 403 } },
	{ "POST", "/targets", "/targets", "sector=water&fy=2026",
	  {         401, 303, DENY, 403, 403, 403, 403, 403 } },
	{ "POST", "/targets/copy", "/targets/copy", "sector=medical&fy=2027",
	  {         401, 303, 303, 403, 403, 403, 403, 403 } },
	{ "POST", "/targets/copy", "/targets/copy", "sector=water&fy=2027",
	  {         401, 303, DENY, 403, 403, 403, 403, 403 } },
	/* Safety standards and their coverage are not confidential: every role
	 * reads them; the NCO and the sector's ministry change them. */
	{ "GET", "/coverage", "/coverage", NULL, SIGNED(SI, 200) },
	{ "GET", "/coverage/export", "/coverage/export", NULL, SIGNED(SI, 200) },
	{ "GET", "/safety/{sector}", "/safety/medical", NULL, SIGNED(SI, 200) },
	{ "GET", "/safety/{sector}", "/safety/water", NULL, SIGNED(SI, 200) },
	{ "GET", "/safety/{sector}", "/safety/nope", NULL, SIGNED(SI, 404) },
	{ "POST", "/safety/{sector}/import", "/safety/medical/import", "",
	  {         401, 400, 400, 403, 403, 403, 403, 403 } },
	{ "POST", "/safety/{sector}/import", "/safety/water/import", "",
	  {         401, 400, DENY, 403, 403, 403, 403, 403 } },
	{ "POST", "/safety/clauses/{id}/map", "/safety/clauses/@MEDCLAUSE/map",
	  "requirement=" REQ_ID "&extent=partial",
	  {         401, 303, 303, 403, 403, 403, 403, 403 } },
	{ "POST", "/safety/clauses/{id}/map", "/safety/clauses/@OTHERCLAUSE/map",
	  "requirement=" REQ_ID "&extent=partial",
	  {         401, 303, DENY, 403, 403, 403, 403, 403 } },
	{ "POST", "/safety/clauses/{id}/map", "/safety/clauses/@NONE/map",
	  "requirement=" REQ_ID "&extent=partial",
	  {         401, 404, 404, 403, 403, 403, 403, 403 } },
	{ "GET", "/api/v1/organisations", "/api/v1/organisations", NULL,
	  {         401, 200, 200, 200, 403, 403, 403, 200 } },
	{ "GET", "/api/v1/organisations", "/api/v1/organisations", "sector=water",
	  {         401, 200, DENY, DENY, 403, 403, 403, 200 } },
	{ "GET", "/api/v1/coverage", "/api/v1/coverage", NULL, SIGNED(401, 200) },
	{ "GET", "/api/v1/sectors/{sector}/safety", "/api/v1/sectors/medical/safety", NULL,
	  SIGNED(401, 200) },
	{ "GET", "/api/v1/sectors/{sector}/safety", "/api/v1/sectors/water/safety", NULL,
	  SIGNED(401, 200) },
	{ "GET", "/api/v1/sectors/{sector}/safety", "/api/v1/sectors/nope/safety", NULL,
	  SIGNED(401, 404) },
	{ "GET", "/api/v1/catalog", "/api/v1/catalog", NULL, SIGNED(401, 200) },
	{ "GET", "/api/v1/catalog/{id}", "/api/v1/catalog/" REQ_ID, NULL, SIGNED(401, 200) },
	{ "GET", "/api/v1/catalog/{id}", "/api/v1/catalog/nope", NULL, SIGNED(401, 404) },
	{ "GET", "/api/v1/me", "/api/v1/me", NULL, SIGNED(401, 200) },
	/* The operator's own organisation (medical). */
	{ "GET", "/api/v1/organisations/{id}", "/api/v1/organisations/@OWN", NULL,
	  {         401, 200, 200, 200, 403, 403, 403, 200 } },
	/* Another medical organisation: the medical ministry's, not the operator's. */
	{ "GET", "/api/v1/organisations/{id}", "/api/v1/organisations/@MED", NULL,
	  {         401, 200, 200, 404, 403, 403, 403, 200 } },
	/* An organisation outside the medical sector: another tenant for both. */
	{ "GET", "/api/v1/organisations/{id}", "/api/v1/organisations/@OTHER", NULL,
	  {         401, 200, 404, 404, 403, 403, 403, 200 } },
	{ "GET", "/api/v1/organisations/{id}", "/api/v1/organisations/@NONE", NULL,
	  {         401, 404, 404, 404, 403, 403, 403, 404 } },
	{ "GET", "/api/v1/organisations/{id}", "/api/v1/organisations/x1", NULL,
	  {         401, 404, 404, 404, 403, 403, 403, 404 } },
	/* An operator's own security contact: the operator only, and only its own
	 * (no id in the address); a bad mail is the form again (400), nothing written. */
	{ "GET", "/organisation/contact", "/organisation/contact", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  403, 403, 200, 403, 403, 403, 403 } },
	{ "POST", "/organisation/contact", "/organisation/contact", "contact_email=not-a-mail",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	/* The registry's filters: a bad value is a message on the list (400). */
	{ "GET", "/registry", "/registry", "pref=99",
	  {         SI,  400, 400, 303, 403, 403, 403, 400 } },
	/* One clause's mapping form: for whoever may change the sector's mapping. */
	{ "GET", "/safety/clauses/{id}/map", "/safety/clauses/@MEDCLAUSE/map", NULL,
	  {         SI,  200, 200, 403, 403, 403, 403, 403 } },
	{ "GET", "/safety/clauses/{id}/map", "/safety/clauses/@OTHERCLAUSE/map", NULL,
	  {         SI,  200, DENY, 403, 403, 403, 403, 403 } },
	{ "GET", "/safety/clauses/{id}/map", "/safety/clauses/@NONE/map", NULL,
	  {         SI,  404, 404, 403, 403, 403, 403, 403 } },
	/* A sector's mapping in the import's format: read like the sector page. */
	{ "GET", "/safety/{sector}/export", "/safety/medical/export", "format=csv",
	  SIGNED(SI, 200) },
	{ "GET", "/safety/{sector}/export", "/safety/water/export", "format=xlsx",
	  SIGNED(SI, 200) },
	{ "GET", "/safety/{sector}/export", "/safety/nope/export", NULL, SIGNED(SI, 404) },
	{ "GET", "/safety/{sector}/export", "/safety/medical/export", "format=pdf",
	  SIGNED(SI, 400) },
	/* The site's icon: public, like the stylesheet. */
	{ "GET", "/favicon.ico", "/favicon.ico", NULL, ALL8(200) },
	/*
	 * Answering a survey: the operator's own response only (no organisation
	 * in the address); a survey it is not asked in is not there. Reviewing:
	 * who reviews the response (its ministry, the owner NCO, the auditor);
	 * an organisation that is no respondent is not there for anyone. The
	 * JSON API's reads are for whoever the use cases let reach the response.
	 * The forms below are refused as bad input where they are allowed, so
	 * the matrix changes nothing (but starting the response).
	 */
	{ "GET", "/surveys/{id}/answer", "/surveys/@SURVEY/answer", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  403, 403, 200, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/answer", "/surveys/@NONE/answer", NULL,
	  {         SI,  403, 403, 404, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/answer/start", "/surveys/@SURVEY/answer/start", "",
	  {         401, 403, 403, 303, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/answer/lead", "/surveys/@SURVEY/answer/lead", "login=nosuch-user",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/answer/assign", "/surveys/@SURVEY/answer/assign", "item=",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/answer/f/{n}", "/surveys/@SURVEY/answer/f/0", NULL,
	  {         SI,  403, 403, 200, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/answer/f/{n}", "/surveys/@SURVEY/answer/f/9", NULL,
	  {         SI,  403, 403, 404, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/answer/f/{n}", "/surveys/@SURVEY/answer/f/0", "rev=x",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/answer/submit", "/surveys/@SURVEY/answer/submit", NULL,
	  {         SI,  403, 403, 200, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/answer/submit", "/surveys/@SURVEY/answer/submit", "rev=x",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/answer/receipts/{version}", "/surveys/@SURVEY/answer/receipts/1", NULL,
	  {         SI,  403, 403, 404, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/answer/versions", "/surveys/@SURVEY/answer/versions", NULL,
	  {         SI,  403, 403, 404, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/responses/{corp}", "/surveys/@SURVEY/responses/@CORPOWN", NULL,
	  {         SI,  200, 200, 403, 403, DENY, 403, 200 } },
	{ "GET", "/surveys/{id}/responses/{corp}", "/surveys/@SURVEY/responses/@CORPOTHER", NULL,
	  {         SI,  404, 404, 403, 403, 404, 403, 404 } },
	{ "POST", "/surveys/{id}/responses/{corp}/return", "/surveys/@SURVEY/responses/@CORPOWN/return",
	  "message=", {  401, 400, 400, 403, 403, DENY, 403, DENY } },
	{ "POST", "/surveys/{id}/responses/{corp}/return", "/surveys/@SURVEY/responses/@CORPOTHER/return",
	  "message=x", { 401, 404, 404, 403, 403, 404, 403, 404 } },
	{ "GET", "/surveys/{id}/responses/{corp}/versions", "/surveys/@SURVEY/responses/@CORPOWN/versions",
	  NULL, {   SI,  404, 404, 403, 403, 404, 403, 404 } },
	{ "GET", "/api/v1/surveys/{id}/responses/{corp}", "/api/v1/surveys/@SURVEY/responses/@CORPOWN",
	  NULL, {   401, 200, 200, 200, 404, DENY, 404, 200 } },
	{ "GET", "/api/v1/surveys/{id}/responses/{corp}", "/api/v1/surveys/@SURVEY/responses/@CORPMED",
	  NULL, {   401, 200, 200, 404, 404, DENY, 404, 200 } },
	{ "GET", "/api/v1/surveys/{id}/responses/{corp}", "/api/v1/surveys/@SURVEY/responses/@CORPOTHER",
	  NULL, {   401, 404, 404, 404, 404, 404, 404, 404 } },
	{ "POST", "/api/v1/surveys/{id}/responses/{corp}/answers",
	  "/api/v1/surveys/@SURVEY/responses/@CORPOWN/answers", "",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	{ "POST", "/api/v1/surveys/{id}/responses/{corp}/submit",
	  "/api/v1/surveys/@SURVEY/responses/@CORPOWN/submit", "",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	{ "POST", "/api/v1/surveys/{id}/responses/{corp}/return",
	  "/api/v1/surveys/@SURVEY/responses/@CORPOWN/return", "",
	  {         401, 400, 400, 403, 403, 400, 403, 400 } },
	{ "GET", "/api/v1/surveys/{id}/responses/{corp}/versions",
	  "/api/v1/surveys/@SURVEY/responses/@CORPOWN/versions", NULL,
	  {         401, 200, 200, 200, 404, DENY, 404, 200 } },
	{ "GET", "/api/v1/surveys/{id}/responses/{corp}/versions/{n}",
	  "/api/v1/surveys/@SURVEY/responses/@CORPOWN/versions/1", NULL,
	  {         401, 404, 404, 404, 404, 404, 404, 404 } },
	/* A survey's notifications: who runs the campaign (the demo's are the
	 * NCO's, so not a ministry's or the surveyor's). */
	{ "GET", "/surveys/{id}/notifications", "/surveys/1/notifications", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/notifications", "/surveys/1/notifications", "format=csv",
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/notifications", "/surveys/@NONE/notifications", NULL,
	  {         SI,  404, 404, 403, 403, 404, 403, 403 } },
	{ "GET", "/surveys/{id}/notifications", "/surveys/1/notifications", "status=lost",
	  {         SI,  400, 403, 403, 403, 403, 403, 403 } },
	/*
	 * Survey campaigns. The list: everyone signed in (each sees its own, an
	 * operator its surveys to answer). The demo's campaign (@CAMPAIGN, the
	 * NCO's, every sector): the NCO and auditors, the ministry (its sectors'
	 * figures), not the surveyor (not its own: 404) nor roles without
	 * survey.read. The owner's actions: an open campaign cannot be opened
	 * again (400, nothing changed); another's campaign is refused (403).
	 */
	{ "GET", "/surveys", "/surveys", NULL, SIGNED(SI, 200) },
	{ "GET", "/surveys/{id}", "/surveys/@CAMPAIGN", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 200, 403, 403, 404, 403, 200 } },
	{ "GET", "/surveys/{id}", "/surveys/@NONE", NULL,
	  {         SI,  404, 404, 403, 403, 404, 403, 404 } },
	{ "GET", "/surveys/{id}", "/surveys/@CAMPAIGN", "sector=water",
	  {         SI,  200, 400, 403, 403, 404, 403, 200 } },
	{ "GET", "/surveys/{id}/chase.csv", "/surveys/@CAMPAIGN/chase.csv", NULL,
	  {         SI,  200, 200, 403, 403, 404, 403, 200 } },
	{ "GET", "/surveys/{id}/chase.xlsx", "/surveys/@CAMPAIGN/chase.xlsx", "status=draft",
	  {         SI,  200, 200, 403, 403, 404, 403, 200 } },
	{ "POST", "/surveys/{id}/open", "/surveys/@CAMPAIGN/open", "",
	  {         401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/close", "/surveys/@NONE/close", "",
	  {         401, 404, 404, 403, 403, 404, 403, 403 } },
	{ "POST", "/surveys/{id}/extend", "/surveys/@CAMPAIGN/extend", "",
	  {         401, 400, 403, 403, 403, 404, 403, 403 } },
	{ "GET", "/api/v1/surveys", "/api/v1/surveys", NULL,
	  {         401, 200, 200, 403, 403, 200, 403, 200 } },
	{ "GET", "/api/v1/surveys/{id}", "/api/v1/surveys/@CAMPAIGN", NULL,
	  {         401, 200, 200, 403, 403, 404, 403, 200 } },
	{ "GET", "/api/v1/surveys/{id}/progress", "/api/v1/surveys/@CAMPAIGN/progress", NULL,
	  {         401, 200, 200, 403, 403, 404, 403, 200 } },
	{ "GET", "/api/v1/surveys/{id}/progress", "/api/v1/surveys/@NONE/progress", NULL,
	  {         401, 404, 404, 403, 403, 404, 403, 404 } },
	/* The offline answer form: an operator's own (survey 1 is the demo's open
	 * one); an upload without a file is the refusal page (400). The export of
	 * every answer: who reviews (a ministry gets its sectors' operators). */
	{ "GET", "/surveys/{id}/answer/form.xlsx", "/surveys/1/answer/form.xlsx", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  403, 403, 200, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/answer/form.csv", "/surveys/1/answer/form.csv", NULL,
	  {         SI,  403, 403, 200, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/answer/form.csv", "/surveys/99/answer/form.csv", NULL,
	  {         SI,  403, 403, 404, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/answer/upload", "/surveys/1/answer/upload", "reason=",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/export.csv", "/surveys/1/export.csv", NULL,
	  {         SI,  200, 200, 403, 403, 200, 403, 200 } },
	{ "GET", "/surveys/{id}/export.xlsx", "/surveys/1/export.xlsx", NULL,
	  {         SI,  200, 200, 403, 403, 200, 403, 200 } },
	{ "GET", "/surveys/{id}/export.csv", "/surveys/99/export.csv", NULL,
	  {         SI,  404, 404, 403, 403, 404, 403, 404 } },
	/* A campaign's own questions: read by who reads the campaign; changed by
	 * its owner while a draft. The demo's campaign is open (frozen: 400 on
	 * the page, 409 in the API); the ministry reads it but does not own it
	 * (403); the surveyor may not see it (404, or 403 from the use case). An
	 * API POST without a JSON body is a 400 once the campaign is seen. */
	{ "POST", "/surveys/{id}/questions", "/surveys/@CAMPAIGN/questions", "kind=text&text_ja=x",
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/questions/{n}/drop", "/surveys/@CAMPAIGN/questions/1/drop", "",
	  {         401, 400, 403, 403, 403, 404, 403, 403 } },
	{ "GET", "/api/v1/surveys/{id}/questions", "/api/v1/surveys/@CAMPAIGN/questions", NULL,
	  {         401, 200, 200, 403, 403, 404, 403, 200 } },
	{ "GET", "/api/v1/surveys/{id}/questions", "/api/v1/surveys/@NONE/questions", NULL,
	  {         401, 404, 404, 403, 403, 404, 403, 404 } },
	{ "POST", "/api/v1/surveys/{id}/questions", "/api/v1/surveys/@CAMPAIGN/questions", "",
	  {         401, 400, 400, 403, 403, 404, 403, 403 } },
	{ "DELETE", "/api/v1/surveys/{id}/questions/{n}", "/api/v1/surveys/@CAMPAIGN/questions/1",
	  "", {     401, 409, 403, 403, 403, 404, 403, 403 } },
	/* The analysis: every role (each figure suppressed as it must see it,
	 * test_web_analysis.c) but a CEPTOAR, which reads its sectors' published
	 * snapshots only (404 here); a bad year is 400, a year without a survey,
	 * an unknown sector or requirement 404. */
	{ "GET", "/api/v1/analysis/national", "/api/v1/analysis/national", "fy=2026",
	  {         401, 200, 200, 200, 200, 200, 404, 200 } },
	{ "GET", "/api/v1/analysis/national", "/api/v1/analysis/national", "fy=20x6",
	  {         401, 400, 400, 400, 400, 400, 404, 400 } },
	{ "GET", "/api/v1/analysis/national", "/api/v1/analysis/national", "fy=2031",
	  SIGNED(401, 404) },
	{ "GET", "/api/v1/analysis/sectors/{sector}", "/api/v1/analysis/sectors/medical", "fy=2026",
	  {         401, 200, 200, 200, 200, 200, 404, 200 } },
	{ "GET", "/api/v1/analysis/sectors/{sector}", "/api/v1/analysis/sectors/nope", "fy=2026",
	  SIGNED(401, 404) },
	{ "GET", "/api/v1/analysis/requirements/{id}", "/api/v1/analysis/requirements/" REQ_ID,
	  "fy=2026", {  401, 200, 200, 200, 200, 200, 404, 200 } },
	{ "GET", "/api/v1/analysis/requirements/{id}", "/api/v1/analysis/requirements/9.9-9",
	  "fy=2026", SIGNED(401, 404) },
	/* The user's own password (issue 16): the matrix's POST has no old password. */
	{ "GET", "/account/password", "/account/password", NULL, SIGNED(SI, 200) },
	{ "POST", "/account/password", "/account/password", "new=x", SIGNED(401, 400) },
	/* Told once: with no failures to tell, back home. */
	{ "GET", "/signin/notice", "/signin/notice", NULL, SIGNED(SI, 303) },
	{ "POST", "/admin/users/{id}/reset", "/admin/users/99999999/reset", "confirm=1",
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         401, 404, 403, 403, 403, 403, 403, 403 } },
	/* The analysis pages: every role, the same refusals as the API; a
	 * CEPTOAR is sent to its published snapshots (/analysis/published), and
	 * a table's file is not there for it. */
	{ "GET", "/analysis", "/analysis", "fy=2026",
	  {         SI,  200, 200, 200, 200, 200, 303, 200 } },
	{ "GET", "/analysis", "/analysis", "fy=20x6",
	  {         SI,  400, 400, 400, 400, 400, 303, 400 } },
	{ "GET", "/analysis", "/analysis", "fy=2031",
	  {         SI,  404, 404, 404, 404, 404, 303, 404 } },
	{ "GET", "/analysis", "/analysis", "fy=2026&table=heatmap&format=csv",
	  {         SI,  200, 200, 200, 200, 200, 404, 200 } },
	{ "GET", "/analysis/sectors/{sector}", "/analysis/sectors/medical", "fy=2026",
	  {         SI,  200, 200, 200, 200, 200, 303, 200 } },
	{ "GET", "/analysis/sectors/{sector}", "/analysis/sectors/nope", "fy=2026",
	  {         SI,  404, 404, 404, 404, 404, 303, 404 } },
	{ "GET", "/analysis/requirements/{id}", "/analysis/requirements/" REQ_ID, "fy=2026",
	  {         SI,  200, 200, 200, 200, 200, 303, 200 } },
	{ "GET", "/analysis/requirements/{id}", "/analysis/requirements/9.9-9", "fy=2026",
	  {         SI,  404, 404, 404, 404, 404, 303, 404 } },
	/* An operator's benchmark (kj_authz_benchmark): its own users, its
	 * (medical) ministry, the NCO and auditors; others 403; an organisation
	 * that is not there 404 for who may see any; the reader's right is
	 * asked before the year is read. */
	{ "GET", "/api/v1/analysis/operators/{org}", "/api/v1/analysis/operators/@OWN", "fy=2026",
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         401, 200, 200, 200, 403, 403, 403, 200 } },
	{ "GET", "/api/v1/analysis/operators/{org}", "/api/v1/analysis/operators/@MED", "fy=2026",
	  {         401, 200, 200, 403, 403, 403, 403, 200 } },
	{ "GET", "/api/v1/analysis/operators/{org}", "/api/v1/analysis/operators/@OTHER", "fy=2026",
	  {         401, 200, 403, 403, 403, 403, 403, 200 } },
	{ "GET", "/api/v1/analysis/operators/{org}", "/api/v1/analysis/operators/@NONE", "fy=2026",
	  {         401, 404, 403, 403, 403, 403, 403, 404 } },
	{ "GET", "/api/v1/analysis/operators/{org}", "/api/v1/analysis/operators/@OWN", "fy=20x6",
	  {         401, 400, 400, 400, 403, 403, 403, 400 } },
	{ "GET", "/analysis/operators/{org}", "/analysis/operators/@OWN", "fy=2026",
	  {         SI,  200, 200, 200, 403, 403, 403, 200 } },
	{ "GET", "/analysis/operators/{org}", "/analysis/operators/@MED", "fy=2026",
	  {         SI,  200, 200, 403, 403, 403, 403, 200 } },
	{ "GET", "/analysis/operators/{org}", "/analysis/operators/@OTHER", "fy=2026",
	  {         SI,  200, 403, 403, 403, 403, 403, 200 } },
	{ "GET", "/analysis/operators/{org}", "/analysis/operators/@NONE", "fy=2026",
	  {         SI,  404, 403, 403, 403, 403, 403, 404 } },
	/* Implementation plans (issue 14; plan_fixture in test_web_plan.c): the medical
	 * ministry's FY2030 plan submitted (@PLANMED), its FY2029 plan reported
	 * (@PLANREP), 経済産業省's FY2030 draft (@PLANOTHER). Each POST is one the
	 * plan's state refuses (409) for whoever may make it, so no cell moves a plan;
	 * the NCO owns no sector's plan (403). HQ reads only what was reported to it. */
	{ "GET", "/plans", "/plans", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/plans", "/plans", "fy=20x0", { SI, 400, 400, 403, 400, 403, 403, 400 } },
	{ "GET", "/plans/new", "/plans/new", NULL, { SI, 200, 200, 403, 403, 403, 403, 403 } },
	{ "POST", "/plans", "/plans", "fy=20x0&sector=medical",
	  {         401, 400, 400, 403, 403, 403, 403, 403 } },
	{ "GET", "/plans/{id}", "/plans/@PLANMED", NULL,
	  {         SI,  200, 200, 403, 403, 403, 403, 200 } },
	{ "GET", "/plans/{id}", "/plans/@PLANREP", NULL,
	  {         SI,  200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/plans/{id}", "/plans/@PLANOTHER", NULL,
	  {         SI,  200, 403, 403, 403, 403, 403, 200 } },
	{ "GET", "/plans/{id}", "/plans/@NONE", NULL,
	  {         SI,  404, 404, 403, 404, 403, 403, 404 } },
	/* Against plan 1, the demo's first (another ministry's): both plans must be readable. */
	{ "GET", "/plans/{id}/diff", "/plans/@PLANMED/diff", "with=1",
	  {         SI,  200, 403, 403, 403, 403, 403, 200 } },
	{ "GET", "/plans/{id}/diff", "/plans/@PLANMED/diff", "with=x",
	  {         SI,  400, 400, 403, 400, 403, 403, 400 } },
	{ "POST", "/plans/{id}/structure", "/plans/@PLANMED/structure", "revision=1&section=gov&text=x",
	  {         401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/plans/{id}/measures", "/plans/@PLANMED/measures", "revision=1&category=1&title=x",
	  {         401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/plans/{id}/measures/{key}", "/plans/@PLANMED/measures/std-1-1",
	  "revision=1&kpi=x", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/plans/{id}/measures/{key}/drop", "/plans/@PLANMED/measures/std-1-1/drop",
	  "revision=1&confirm=1", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/plans/{id}/submit", "/plans/@PLANMED/submit", "",
	  {         401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/plans/{id}/copy", "/plans/@PLANREP/copy", "",
	  {         401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/plans/{id}/return", "/plans/@PLANREP/return", "message=x",
	  {         401, 409, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/plans/{id}/report", "/plans/@PLANREP/report", "",
	  {         401, 409, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/api/v1/plans", "/api/v1/plans", "fy=2030",
	  {         401, 200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/api/v1/plans/{id}", "/api/v1/plans/@PLANMED", NULL,
	  {         401, 200, 200, 403, 403, 403, 403, 200 } },
	{ "POST", "/api/v1/plans/{id}/submit", "/api/v1/plans/@PLANMED/submit", "",
	  {         401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/api/v1/plans/{id}/return", "/api/v1/plans/@PLANREP/return", "",
	  {         401, 409, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/api/v1/plans/{id}/report", "/api/v1/plans/@PLANREP/report", "",
	  {         401, 409, 403, 403, 403, 403, 403, 403 } },
	/* Published snapshots of the analysis: the NCO and a ministry for the sectors it
	 * holds whole publish (a bad year here: 400, nothing written); every role lists
	 * what it may read; a snapshot not there is 404. */
	{ "POST", "/analysis/sectors/{sector}/publish", "/analysis/sectors/medical/publish",
	  "fy=20x6",
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         401, 400, 400, 403, 403, 403, 403, 403 } },
	{ "POST", "/analysis/sectors/{sector}/publish", "/analysis/sectors/electricity/publish",
	  "fy=20x6",
	  {         401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/analysis/published", "/analysis/published", NULL, SIGNED(SI, 200) },
	{ "GET", "/analysis/published/{id}", "/analysis/published/@NONE", NULL, SIGNED(SI, 404) },
	{ "GET", "/api/v1/analysis/published", "/api/v1/analysis/published", NULL,
	  SIGNED(401, 200) },
	{ "GET", "/api/v1/analysis/published/{id}", "/api/v1/analysis/published/@NONE", NULL,
	  SIGNED(401, 404) },
	/* The second factor (issue 16), here without a key (none offered: 404);
	 * with one, tests/web/test_web_mfa.c. The second step of a sign-in has
	 * no half step here: the sign-in form again. */
	{ "GET", "/signin/mfa", "/signin/mfa", NULL, SIGNED(401, 303) },
	{ "POST", "/signin/mfa", "/signin/mfa", "", SIGNED(400, 303) },
	{ "GET", "/account/mfa", "/account/mfa", NULL, SIGNED(SI, 404) },
	{ "POST", "/account/mfa", "/account/mfa", "code=123456", SIGNED(401, 404) },
	{ "POST", "/account/mfa/recovery", "/account/mfa/recovery", "password=x", SIGNED(401, 404) },
	{ "POST", "/admin/users/{id}/mfa/require", "/admin/users/99999999/mfa/require", "required=1",
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         401, 404, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/admin/users/{id}/mfa/reset", "/admin/users/99999999/mfa/reset", "confirm=1",
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         401, 404, 403, 403, 403, 403, 403, 403 } },
	/* On-site visits (issue 15; visit_fixture in test_web_onsite_visit.c): an NCO
	 * survey (@VONSITE) with the demo operator's visit issued (@VISITOWN: the
	 * surveyor and the medical ministry inspect), another sector's operator's
	 * issued (@VISITOTHER: the NCO inspects) and another medical operator's
	 * (@VISITMED: the medical ministry inspects). Each POST is one the visit's
	 * state or its input refuses, so no cell changes a visit. */
	{ "GET", "/onsite/mine", "/onsite/mine", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 200, 200, 403, 200, 403, 200 } },
	{ "GET", "/onsite/{id}/visits", "/onsite/@VONSITE/visits", NULL,
	  {         SI,  200, 200, 404, 403, 200, 403, 200 } },
	{ "GET", "/onsite/{id}/visits", "/onsite/@NONE/visits", NULL,
	  {         SI,  404, 404, 404, 403, 404, 403, 404 } },
	{ "POST", "/onsite/{id}/visits", "/onsite/@VONSITE/visits", "org=",
	  {         401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/onsite/visits/{v}", "/onsite/visits/@VISITOWN", NULL,
	  {         SI,  200, 200, 200, 403, 200, 403, 200 } },
	{ "GET", "/onsite/visits/{v}", "/onsite/visits/@VISITOTHER", NULL,
	  {         SI,  200, 404, 404, 403, 404, 403, 200 } },
	{ "GET", "/onsite/visits/{v}", "/onsite/visits/@VISITMED", NULL,
	  {         SI,  200, 200, 404, 403, 404, 403, 200 } },
	{ "POST", "/onsite/visits/{v}/record", "/onsite/visits/@VISITOWN/record", "revision=1",
	  {         401, 409, 409, 403, 403, 409, 403, 403 } },
	{ "POST", "/onsite/visits/{v}/record", "/onsite/visits/@VISITOTHER/record", "revision=1",
	  {         401, 409, 404, 403, 403, 404, 403, 403 } },
	{ "POST", "/onsite/visits/{v}/issue", "/onsite/visits/@VISITOWN/issue", "revision=1",
	  {         401, 409, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/onsite/visits/{v}/issue", "/onsite/visits/@VISITOTHER/issue", "revision=1",
	  {         401, 409, 404, 403, 403, 404, 403, 403 } },
	{ "POST", "/onsite/visits/{v}/reply", "/onsite/visits/@VISITOWN/reply", "item=3.2.1-1",
	  {         401, 403, 403, 400, 403, 403, 403, 403 } },
	{ "POST", "/onsite/visits/{v}/reply", "/onsite/visits/@VISITOTHER/reply", "item=3.2.1-1",
	  {         401, 403, 403, 404, 403, 403, 403, 403 } },
	{ "GET", "/onsite/visits/{v}/form.xlsx", "/onsite/visits/@VISITMED/form.xlsx", NULL,
	  {         SI,  200, 200, 403, 403, 404, 403, 403 } },
	{ "GET", "/onsite/visits/{v}/form.xlsx", "/onsite/visits/@VISITOTHER/form.xlsx", NULL,
	  {         SI,  200, 404, 403, 403, 404, 403, 403 } },
	{ "POST", "/onsite/visits/{v}/upload", "/onsite/visits/@VISITMED/upload", "",
	  {         401, 400, 400, 403, 403, 400, 403, 403 } },
	{ "GET", "/api/v1/onsite/visits/{v}", "/api/v1/onsite/visits/@VISITOWN", NULL,
	  {         401, 200, 200, 200, 403, 200, 403, 200 } },
	{ "GET", "/api/v1/onsite/visits/{v}", "/api/v1/onsite/visits/@VISITOTHER", NULL,
	  {         401, 200, 404, 404, 403, 404, 403, 200 } },
	/* On-site surveys, the selection (issue 15; onsite_fixture in
	 * test_web_onsite_select.c): the NCO's survey of every sector with a draft
	 * selection (@ONSITE), 厚労省's own of medical (@ONSITEMIN), 経産省's of
	 * electricity (@ONSITEOTHER), the surveyor's (@ONSITESUR). Readers: the NCO and
	 * auditors all, a ministry its sectors' and its own, the surveyor its own; an
	 * operator none (404: not there for it). Each POST is refused for whoever may
	 * make it (a bad value: 400; a stale revision: 409), so no cell changes one; a
	 * reader who may not change it gets 403 before its input is looked at. */
	{ "GET", "/onsite", "/onsite", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 200, 200, 403, 200, 403, 200 } },
	{ "POST", "/onsite", "/onsite", "fy=20x6&title=x",
	  {         401, 400, 400, 403, 403, 400, 403, 403 } },
	{ "GET", "/onsite/{id}", "/onsite/@ONSITE", NULL,
	  {         SI,  200, 200, 404, 403, 404, 403, 200 } },
	{ "GET", "/onsite/{id}", "/onsite/@ONSITEMIN", NULL,
	  {         SI,  200, 200, 404, 403, 404, 403, 200 } },
	{ "GET", "/onsite/{id}", "/onsite/@ONSITEOTHER", NULL,
	  {         SI,  200, 404, 404, 403, 404, 403, 200 } },
	{ "GET", "/onsite/{id}", "/onsite/@ONSITESUR", NULL,
	  {         SI,  200, 200, 404, 403, 200, 403, 200 } },
	{ "GET", "/onsite/{id}", "/onsite/@NONE", NULL,
	  {         SI,  404, 404, 404, 403, 404, 403, 404 } },
	{ "GET", "/onsite/{id}/picks.csv", "/onsite/@ONSITE/picks.csv", NULL,
	  {         SI,  200, 200, 404, 403, 404, 403, 200 } },
	{ "GET", "/onsite/{id}/picks.csv", "/onsite/@ONSITEOTHER/picks.csv", NULL,
	  {         SI,  200, 404, 404, 403, 404, 403, 200 } },
	{ "POST", "/onsite/{id}/select", "/onsite/@ONSITE/select", "rules=best&seed=1",
	  {         401, 400, 403, 403, 403, 404, 403, 403 } },
	{ "POST", "/onsite/{id}/select", "/onsite/@ONSITEMIN/select", "rules=best&seed=1",
	  {         401, 400, 400, 403, 403, 404, 403, 403 } },
	{ "POST", "/onsite/{id}/select", "/onsite/@ONSITESUR/select", "rules=best&seed=1",
	  {         401, 400, 403, 403, 403, 400, 403, 403 } },
	{ "POST", "/onsite/{id}/approve", "/onsite/@ONSITE/approve", "revision=999",
	  {         401, 409, 403, 403, 403, 404, 403, 403 } },
	{ "POST", "/onsite/{id}/picks/add", "/onsite/@ONSITE/picks/add", "org=x&reason=y",
	  {         401, 400, 403, 403, 403, 404, 403, 403 } },
	{ "POST", "/onsite/{id}/picks/remove", "/onsite/@ONSITEOTHER/picks/remove",
	  "org=x&reason=y", { 401, 400, 404, 403, 403, 404, 403, 403 } },
	{ "GET", "/api/v1/onsite", "/api/v1/onsite", NULL,
	  {         401, 200, 200, 200, 403, 200, 403, 200 } },
	{ "GET", "/api/v1/onsite/{id}", "/api/v1/onsite/@ONSITE", NULL,
	  {         401, 200, 200, 404, 403, 404, 403, 200 } },
	{ "GET", "/api/v1/onsite/{id}", "/api/v1/onsite/@ONSITEOTHER", NULL,
	  {         401, 200, 404, 404, 403, 404, 403, 200 } },
	/* Self-reported against verified (issue 15): every reader of the analysis,
	 * a year without visits has empty figures; the same refusals as the analysis. */
	{ "GET", "/analysis/verified", "/analysis/verified", "fy=2026", SIGNED(SI, 200) },
	{ "GET", "/analysis/verified", "/analysis/verified", "fy=20x6", SIGNED(SI, 400) },
	{ "GET", "/analysis/verified/{sector}", "/analysis/verified/medical", "fy=2026",
	  SIGNED(SI, 200) },
	{ "GET", "/analysis/verified/{sector}", "/analysis/verified/nope", "fy=2026",
	  SIGNED(SI, 404) },
	{ "GET", "/api/v1/analysis/verified", "/api/v1/analysis/verified", "fy=2026",
	  SIGNED(401, 200) },
	{ "GET", "/api/v1/analysis/verified/{sector}", "/api/v1/analysis/verified/water",
	  "fy=2026", SIGNED(401, 200) },
	{ "GET", "/api/v1/analysis/verified/{sector}", "/api/v1/analysis/verified/nope",
	  "fy=2026", SIGNED(401, 404) },
	/* The annual report (issue 14): NCO, HQ and auditors read (a snapshot not
	 * there is 404); the NCO freezes (a bad year here: 400, nothing written).
	 * Downloads by role: tests/web/test_web_report.c. */
	{ "GET", "/reports", "/reports", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 403, 403, 200, 403, 403, 200 } },
	{ "POST", "/reports", "/reports", "fy=20x6",
	  {         401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/reports/{id}/{file}", "/reports/@NONE/annual.html", NULL,
	  {         SI,  404, 403, 403, 404, 403, 403, 404 } },
	{ "GET", "/reports/{id}/{file}", "/reports/@NONE/annual.odt", NULL,
	  {         SI,  404, 403, 403, 404, 403, 403, 404 } },
	{ "GET", "/api/v1/reports", "/api/v1/reports", NULL,
	  {         401, 200, 403, 403, 200, 403, 403, 200 } },
	/* Evaluations (issue 14): eval_fixture in test_web_eval.c says which; no cell moves one. */
	{ "GET", "/evaluations", "/evaluations", NULL, { SI,  200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/evaluations", "/evaluations", "fy=20x0", { SI, 400, 400, 403, 400, 403, 403, 400 } },
	{ "POST", "/evaluations", "/evaluations", "fy=2030&scope=medical", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "GET", "/evaluations/recommendations", "/evaluations/recommendations", "fy=2030", { SI,  200, 200, 403, 200, 403, 403, 200 } },
	{ "POST", "/evaluations/recommendations/{item}/answers", "/evaluations/recommendations/@EVALITEM/answers", "measure=x", { 401, 400, 400, 403, 403, 403, 403, 403 } },
	{ "GET", "/evaluations/hq/{fy}", "/evaluations/hq/2030", NULL, { SI,  303, 303, 403, 303, 403, 403, 303 } },
	{ "GET", "/evaluations/{id}", "/evaluations/@EVALMED", NULL, { SI,  200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/evaluations/{id}", "/evaluations/@EVALOTHER", NULL, { SI,  200, 403, 403, 403, 403, 403, 200 } },
	{ "GET", "/evaluations/{id}", "/evaluations/@EVALHQ", NULL, { SI,  200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/evaluations/{id}", "/evaluations/@NONE", NULL, { SI,  404, 404, 403, 404, 403, 403, 404 } },
	{ "POST", "/evaluations/{id}/sections", "/evaluations/@EVALMED/sections", "revision=1&section=gaps&text=x", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/evaluations/{id}/figures", "/evaluations/@EVALMED/figures", "revision=1&section=survey&kind=sector&ref=medical", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/evaluations/{id}/figures/drop", "/evaluations/@EVALMED/figures/drop", "revision=1&section=survey&ord=1", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/evaluations/{id}/submit", "/evaluations/@EVALMED/submit", "", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/evaluations/{id}/return", "/evaluations/@EVALOTHER/return", "message=x", { 401, 409, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/evaluations/{id}/finalise", "/evaluations/@EVALHQ/finalise", "", { 401, 403, 403, 403, 409, 403, 403, 403 } },
	{ "POST", "/evaluations/{id}/items", "/evaluations/@EVALHQ/items", "kind=finding&category=general&addressee=nco&text=x", { 401, 403, 403, 403, 409, 403, 403, 403 } },
	{ "POST", "/evaluations/{id}/items/{item}/drop", "/evaluations/@EVALHQ/items/@EVALITEM/drop", "confirm=1", { 401, 403, 403, 403, 409, 403, 403, 403 } },
	{ "POST", "/plans/{id}/measures/{key}/answers", "/plans/@PLANMED/measures/std-1-1/answers", "item=x", { 401, 400, 400, 403, 403, 403, 403, 403 } },
	{ "GET", "/pdca", "/pdca", "fy=2030", { SI, 200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/pdca", "/pdca", "fy=x", { SI, 400, 400, 403, 400, 403, 403, 400 } },
	{ "GET", "/api/v1/evaluations", "/api/v1/evaluations", "fy=2030", { 401, 200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/api/v1/evaluations/recommendations", "/api/v1/evaluations/recommendations", "fy=2030", { 401, 200, 200, 403, 200, 403, 403, 200 } },
	{ "GET", "/api/v1/evaluations/{id}", "/api/v1/evaluations/@EVALOTHER", NULL, { 401, 200, 403, 403, 403, 403, 403, 200 } },
	{ "GET", "/api/v1/pdca", "/api/v1/pdca", "fy=2030", { 401, 200, 200, 403, 200, 403, 403, 200 } },
	/* On-site pages (issue 15; visit_fixture, onsite_fixture): a visit's function
	 * page as its visit's (a function the standard lacks: 404); its save refused
	 * for the issued @VISITOWN (409) whoever may record it; the CSV downloads as
	 * the xlsx form and the visits' list; opening the open @VONSITE and closing
	 * the draft @ONSITE refused (409) for the owner, 403 for a reader. */
	{ "GET", "/onsite/visits/{v}/fn/{code}", "/onsite/visits/@VISITMED/fn/governance", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 200, 404, 403, 404, 403, 200 } },
	{ "GET", "/onsite/visits/{v}/fn/{code}", "/onsite/visits/@VISITMED/fn/nosuch", NULL,
	  {         SI,  404, 404, 404, 403, 404, 403, 404 } },
	{ "POST", "/onsite/visits/{v}/fn/{code}", "/onsite/visits/@VISITOWN/fn/governance",
	  "revision=1", { 401, 409, 409, 403, 403, 409, 403, 403 } },
	{ "POST", "/onsite/visits/{v}/fn/{code}", "/onsite/visits/@VISITOTHER/fn/governance",
	  "revision=1", { 401, 409, 404, 403, 403, 404, 403, 403 } },
	{ "GET", "/onsite/visits/{v}/form.csv", "/onsite/visits/@VISITMED/form.csv", NULL,
	  {         SI,  200, 200, 403, 403, 404, 403, 403 } },
	{ "GET", "/onsite/{id}/items.csv", "/onsite/@VONSITE/items.csv", NULL,
	  {         SI,  200, 200, 404, 403, 200, 403, 200 } },
	{ "POST", "/onsite/{id}/open", "/onsite/@VONSITE/open", "x=1",
	  {         401, 409, 403, 403, 403, 404, 403, 403 } },
	{ "POST", "/onsite/{id}/close", "/onsite/@ONSITE/close", "confirm=1",
	  {         401, 409, 403, 403, 403, 404, 403, 403 } },
	/* Surveys of kind other (issue 15; other_fixture in test_web_survey_other.c):
	 * the NCO's open survey of every ministry (@SOMIN) and its draft survey of
	 * medical operators (@SOOPS). Its owner (the NCO) alone sees and changes a
	 * survey; a ministry respondent its own ministry's response and nobody
	 * else's; HQ, CEPTOARs and auditors no answer. Each POST is refused for
	 * whoever may make it (bad values 400, a stale revision or a state 409),
	 * so no cell changes them. */
	{ "GET", "/other-surveys", "/other-surveys", NULL,
	  /*        anon nco  min  opr  hq   sur  cep  aud */
	  {         SI,  200, 200, 403, 403, 200, 403, 200 } },
	{ "POST", "/other-surveys", "/other-surveys", "fy=20x6&title_ja=x&respondents=ministry",
	  {         401, 400, 400, 403, 403, 400, 403, 403 } },
	{ "GET", "/surveys/{id}/other", "/surveys/@SOMIN/other", NULL,
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/other", "/surveys/@SOOPS/other", NULL,
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/other", "/surveys/@NONE/other", NULL,
	  {         SI,  404, 404, 403, 403, 404, 403, 403 } },
	{ "POST", "/surveys/{id}/other/respondents", "/surveys/@SOMIN/other/respondents",
	  "op=add&ministry=nosuch", { 401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/other/respondents", "/surveys/@SOOPS/other/respondents",
	  "op=add&org=1234567890124", { 401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/other/questions", "/surveys/@SOMIN/other/questions",
	  "kind=text&text_ja=x", { 401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/other/questions", "/surveys/@SOOPS/other/questions",
	  "kind=colour&text_ja=x", { 401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/other/open", "/surveys/@SOMIN/other/open", "",
	  {         401, 400, 403, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/other/close", "/surveys/@NONE/other/close", "",
	  {         401, 404, 404, 403, 403, 404, 403, 403 } },
	{ "GET", "/surveys/{id}/other/export.csv", "/surveys/@SOMIN/other/export.csv", NULL,
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/other/export.xlsx", "/surveys/@SOOPS/other/export.xlsx", NULL,
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/ministries/{code}", "/surveys/@SOMIN/ministries/mhlw", NULL,
	  {         SI,  200, 200, 403, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/ministries/{code}", "/surveys/@SOMIN/ministries/meti", NULL,
	  {         SI,  200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/surveys/{id}/ministries/{code}", "/surveys/@SOOPS/ministries/mhlw", NULL,
	  {         SI,  404, 404, 403, 403, 404, 403, 404 } },
	{ "POST", "/surveys/{id}/ministries/{code}", "/surveys/@SOMIN/ministries/mhlw",
	  "revision=999&q1=x", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/ministries/{code}/submit", "/surveys/@SOMIN/ministries/mhlw/submit",
	  "revision=999", { 401, 403, 409, 403, 403, 403, 403, 403 } },
	{ "POST", "/surveys/{id}/ministries/{code}/return", "/surveys/@SOMIN/ministries/mhlw/return",
	  "message=x", { 401, 409, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/api/v1/other-surveys/{id}", "/api/v1/other-surveys/@SOMIN", NULL,
	  {         401, 200, 403, 403, 403, 403, 403, 403 } },
	{ "GET", "/api/v1/other-surveys/{id}/ministries/{code}",
	  "/api/v1/other-surveys/@SOMIN/ministries/mhlw", NULL,
	  {         401, 200, 200, 403, 403, 403, 403, 403 } },
};
#define NCASES (sizeof cases / sizeof cases[0])

static int64_t victim_id, nco_token_id, med_clause, other_clause;

/* PATH with its @PLACEHOLDER filled in, into OUT. */
static void fill_path(const char *path, char *out, size_t n)
{
	static const struct { const char *name; int64_t *value; long fixed; } ph[] = {
		/* Longer names first: @MED is a prefix of @MEDCLAUSE. */
		{ "@MEDCLAUSE", &med_clause, 0 }, { "@OTHERCLAUSE", &other_clause, 0 },
		{ "@OWN", &org_own, 0 }, { "@MED", &org_med, 0 }, { "@OTHER", &org_other, 0 },
		{ "@VICTIM", &victim_id, 0 }, { "@NCOTOKEN", &nco_token_id, 0 },
		{ "@NONE", NULL, 99999999L },
		{ "@CAMPAIGN", NULL, 1L },	/* the demo's one campaign (one year) */
		{ "@SURVEY", &answer_survey, 0 }, { "@CORPOWN", &ans_corp_own_n, 0 },
		{ "@CORPMED", &ans_corp_med_n, 0 }, { "@CORPOTHER", &ans_corp_other_n, 0 },
		{ "@PLANMED", &plan_med, 0 }, { "@PLANREP", &plan_rep, 0 },
		{ "@PLANOTHER", &plan_other, 0 },
		{ "@VONSITE", &onsite_survey, 0 }, { "@VISITOWN", &visit_own, 0 },
		{ "@VISITOTHER", &visit_other, 0 }, { "@VISITMED", &visit_med, 0 },
		/* On-site surveys (onsite_fixture): the longer names before @ONSITE. */
		{ "@ONSITEMIN", &onsite_min, 0 }, { "@ONSITEOTHER", &onsite_other, 0 },
		{ "@ONSITESUR", &onsite_sur, 0 }, { "@ONSITE", &onsite_nco, 0 },
		/* Surveys of kind other (other_fixture). */
		{ "@SOMIN", &other_min, 0 }, { "@SOOPS", &other_ops, 0 },
		{ "@EVALMED", &eval_med, 0 }, { "@EVALOTHER", &eval_other, 0 }, { "@EVALHQ", &eval_hq, 0 }, { "@EVALITEM", &eval_item, 0 },
	};
	const char *at = strchr(path, '@');
	if (!at) {
		snprintf(out, n, "%s", path);
		return;
	}
	for (size_t i = 0; i < sizeof ph / sizeof ph[0]; i++) {
		size_t l = strlen(ph[i].name);
		if (strncmp(at, ph[i].name, l))
			continue;
		long long v = ph[i].value ? (long long)*ph[i].value : ph[i].fixed;
		char once[256];
		snprintf(once, sizeof once, "%.*s%lld%s", (int)(at - path), path, v, at + l);
		/* A path may hold more than one placeholder (a survey and an operator). */
		fill_path(once, out, n);
		return;
	}
	fail_msg("unknown placeholder in %s", path);
}

/* The router's rule: {x} matches one non-empty segment. */
static int pattern_match(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			p = strchr(p, '}') + 1;
			size_t len = strcspn(s, "/");
			if (!len)
				return 0;
			s += len;
		} else if (*p++ != *s++) {
			return 0;
		}
	}
	return !*p && !*s;
}

void test_matrix_covers_route_table(void **state)
{
	(void)state;
	int bad = 0;
	for (int i = 0; i < kj_nroutes; i++) {
		int found = 0;
		for (size_t k = 0; k < NCASES; k++)
			found |= !strcmp(cases[k].method, kj_routes[i].method) &&
				 !strcmp(cases[k].pattern, kj_routes[i].pattern);
		if (!found) {
			print_error("route %s %s (permission %s) has no row in the expected "
				    "authorisation matrix (cases[] in tests/web/test_web.c)\n",
				    kj_routes[i].method, kj_routes[i].pattern,
				    kj_perm_name(kj_routes[i].perm));
			bad++;
		}
	}
	for (size_t k = 0; k < NCASES; k++) {
		int found = 0;
		for (int i = 0; i < kj_nroutes; i++)
			found |= !strcmp(cases[k].method, kj_routes[i].method) &&
				 !strcmp(cases[k].pattern, kj_routes[i].pattern);
		if (!found || !pattern_match(cases[k].pattern, cases[k].path)) {
			print_error("matrix row %s %s (%s) names no route of kj_routes[]\n",
				    cases[k].method, cases[k].pattern, cases[k].path);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Runs one cell; returns 0 if it answered as expected, else prints why. */
static int run_cell(const struct mcase *c, int col, int by_token)
{
	char path[256], cookie[200] = "", token[64], *f = NULL;
	int64_t token_id = 0;
	const char *bearer = NULL, *ck = NULL;
	fill_path(c->path, path, sizeof path);
	int post = !strcmp(c->method, "POST") || !strcmp(c->method, "DELETE");	/* with CSRF */
	const char *csrf = NULL;
	struct sess s;
	struct pre p;
	if (col == ANON) {
		if (post) {
			get_pre(&p);
			ck = p.cookie;
			csrf = p.csrf;
		}
	} else if (by_token) {
		token_direct(demo_login((enum kj_role)(col - 1)), token, &token_id);
		bearer = token;
	} else {
		sess_direct(demo_login((enum kj_role)(col - 1)), &s);
		snprintf(cookie, sizeof cookie, "%s", s.cookie);
		ck = cookie;
		csrf = s.csrf;
	}
	if (post) {
		size_t n = strlen(c->form ? c->form : "") + 100;
		f = malloc(n);
		assert_non_null(f);
		snprintf(f, n, "%s%scsrf=%s", c->form ? c->form : "",
			 c->form && *c->form ? "&" : "", csrf ? csrf : "");
	}
	struct res r = do_req(c->method, path, post ? f : c->form, ck, bearer);
	free(f);
	if (bearer) {	/* one token a cell: revoked after it, so no user reaches the cap */
		int done;
		struct kj_err err;
		if (kj_store_token_revoke(store(), user_id(demo_login((enum kj_role)(col - 1))),
					  token_id, &done, &err) < 0)
			fail_msg("revoke: %s", err.msg);
	}
	int want = c->want[col], ok = 1;
	const char *loc = hdr(&r, "Location");
	if (want == DENY)
		ok = r.status == 403 || r.status == 404;
	else if (want == SI)
		ok = r.status == 303 && loc && !strncmp(loc, "/signin?next=", 13);
	else if (want == 303)
		ok = r.status == 303 && loc && strncmp(loc, "/signin?", 8);
	else
		ok = r.status == want;
	if (ok && post && strstr(r.body, CSRF_REFUSED))
		ok = 0;
	if (!ok)
		print_error("matrix: %s %s as %s%s: got %d%s%s, want %d%s\n", c->method, path,
			    col_name[col], by_token ? " (API token)" : "", r.status,
			    loc ? " to " : "", loc ? loc : "",
			    want == SI ? 303 : want == DENY ? 403 : want,
			    want == SI ? " to /signin?next=..." : want == DENY ? " or 404" : "");
	res_free(&r);
	return ok ? 0 : -1;
}

/* The id of a clause of SECTOR's safety standards, from the page the NCO sees. */
static int64_t first_clause(const char *sector)
{
	char path[64], id[32];
	struct sess nco;
	sess_direct("demo-nco", &nco);
	snprintf(path, sizeof path, "/safety/%s", sector);
	struct res r = do_req("GET", path, NULL, nco.cookie, NULL);
	if (r.status != 200 ||
	    between(r.body, "href=\"/safety/clauses/", "/map\"", id, sizeof id) < 0)
		fail_msg("no clause on %s (%d): the demo data has no safety standards?", path,
			 r.status);
	res_free(&r);
	return strtoll(id, NULL, 10);
}

static void matrix_fixture(void)
{
	struct kj_user v = { 0 };
	struct kj_err err;
	char token[64];
	if (!victim_id) {
		kj_strlcpy(v.login, "matrix-victim", sizeof v.login);
		kj_strlcpy(v.display_name, "Matrix Victim", sizeof v.display_name);
		v.role = KJ_ROLE_HQ;
		if (kj_store_user_add(store(), &v, &err) < 0)
			fail_msg("victim: %s", err.msg);
		victim_id = v.id;
	}
	token_direct("demo-nco", token, &nco_token_id);
	answer_fixture();
	plan_fixture();
	visit_fixture();
	onsite_fixture();
	eval_fixture();
	other_fixture();
	if (!med_clause) {
		med_clause = first_clause("medical");
		other_clause = first_clause("water");
	}
}

/*
 * One clause's mapping set and removed from the sector page: each change
 * has its audit entry (written by the use case, in the same transaction);
 * a bad extent or requirement changes nothing and writes none.
 */
void test_clause_map_audited(void **state)
{
	(void)state;
	char path[96], form[256], cid[24];
	struct sess nco;
	matrix_fixture();
	sess_direct("demo-nco", &nco);
	snprintf(path, sizeof path, "/safety/clauses/%lld/map", (long long)med_clause);
	snprintf(cid, sizeof cid, "%lld", (long long)med_clause);
	long set0 = audit_count("safety.map.set", cid), rm0 = audit_count("safety.map.remove", cid);
	snprintf(form, sizeof form, "requirement=%s&extent=sometimes&csrf=%s", REQ_ID, nco.csrf);
	assert_int_equal(status_of("POST", path, form, nco.cookie, NULL), 400);
	snprintf(form, sizeof form, "requirement=9.9.9-9&extent=full&csrf=%s", nco.csrf);
	assert_int_equal(status_of("POST", path, form, nco.cookie, NULL), 400);
	assert_int_equal(audit_count("safety.map.set", cid), set0);
	snprintf(form, sizeof form, "requirement=%s&extent=full&csrf=%s", REQ_ID, nco.csrf);
	assert_int_equal(status_of("POST", path, form, nco.cookie, NULL), 303);
	assert_int_equal(audit_count("safety.map.set", cid), set0 + 1);
	/* A removal asks first, and only then is done. */
	snprintf(form, sizeof form, "requirement=%s&extent=none&csrf=%s", REQ_ID, nco.csrf);
	assert_int_equal(status_of("POST", path, form, nco.cookie, NULL), 200);
	assert_int_equal(audit_count("safety.map.remove", cid), rm0);
	snprintf(form, sizeof form, "requirement=%s&extent=none&confirm=1&csrf=%s", REQ_ID,
		 nco.csrf);
	assert_int_equal(status_of("POST", path, form, nco.cookie, NULL), 303);
	assert_int_equal(audit_count("safety.map.remove", cid), rm0 + 1);
}

void test_authz_matrix(void **state)
{
	(void)state;
	int bad = 0, cells = 0;
	matrix_fixture();
	for (size_t k = 0; k < NCASES; k++)
		for (int col = 0; col < NCOLS; col++, cells++)
			bad += run_cell(&cases[k], col, 0) < 0;
	print_message("authorisation matrix: %d cells, %d wrong\n", cells, bad);
	assert_int_equal(bad, 0);
}

/* The API rows again with API tokens instead of sessions: the same answers. */
void test_authz_matrix_api_tokens(void **state)
{
	(void)state;
	int bad = 0;
	matrix_fixture();
	for (size_t k = 0; k < NCASES; k++) {
		if (strncmp(cases[k].pattern, "/api/", 5))
			continue;
		for (int col = 0; col < NCOLS; col++)
			bad += run_cell(&cases[k], col, 1) < 0;
	}
	assert_int_equal(bad, 0);
}

/* A token is for the API only: on a page or a form it is no one. */
void test_authz_tokens_not_for_pages(void **state)
{
	(void)state;
	char token[64], path[256];
	int64_t id;
	token_direct("demo-nco", token, &id);
	for (size_t k = 0; k < NCASES; k++) {
		if (!strncmp(cases[k].pattern, "/api/", 5))
			continue;
		fill_path(cases[k].path, path, sizeof path);
		struct res r = do_req(cases[k].method, path, cases[k].form, NULL, token);
		int want = cases[k].want[ANON];
		if (!strcmp(cases[k].method, "POST") && want != 401)
			want = 400;	/* no CSRF token: refused before anything */
		if (want == SI)
			assert_true(r.status == 303 && loc_starts(&r, "/signin?next="));
		else if (r.status != want)
			fail_msg("%s %s with a token: %d, want %d", cases[k].method, path,
				 r.status, want);
		res_free(&r);
	}
}

/* The organisations a role's list holds: the ids of /api/v1/organisations. */
