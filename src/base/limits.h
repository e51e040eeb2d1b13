/*
 * Every limit kijun enforces, in one place. A value that comes from outside
 * (a file, a flag, a request) is checked against one of these before use.
 */
#ifndef KJ_BASE_LIMITS_H
#define KJ_BASE_LIMITS_H

/* Data files of a standard version (catalog import). */
#define KJ_DATA_FILE_MAX	(4u * 1024u * 1024u)	/* one JSON or text file */
#define KJ_JSON_DEPTH_MAX	32			/* nesting of a JSON document */
#define KJ_CATALOG_REQ_MAX	1000			/* requirements in one version */
#define KJ_CATALOG_SECTION_MAX	500
#define KJ_CATALOG_DEF_MAX	200
#define KJ_CATALOG_CORRECTION_MAX 50			/* editorial corrections in one version */
#define KJ_CATALOG_TEXT_MAX	8192			/* bytes of one text field */
#define KJ_CATALOG_CSF_MAX	8			/* CSF categories per requirement */
#define KJ_ID_MAX		32			/* requirement/section id bytes */
#define KJ_VERSION_MAX		32			/* standard version label bytes */
#define KJ_VERSIONS_MAX		64			/* standard versions listed at once */
/* crosswalk.json of a revision (old requirement ids -> new ones). */
#define KJ_XW_ENTRIES_MAX	(2 * KJ_CATALOG_REQ_MAX)	/* entries in one crosswalk */
#define KJ_XW_IDS_MAX		16			/* ids on one side of an entry */
#define KJ_XW_REVISIONS_MAX	32			/* revisions followed from one requirement */

/* Command line. */
#define KJ_PATH_MAX		4096

/* Demo dataset. */
#define KJ_DEMO_OPERATORS_MAX	200000
#define KJ_DEMO_YEARS_MAX	10
#define KJ_DEMO_TODAY_MIN	"2000-04-01"	/* kijun demo --today, first and last day */
#define KJ_DEMO_TODAY_MAX	"2099-12-31"
#define KJ_DEMO_VERSION_MAX	(64 * 1024)	/* bytes of one demo response version's text */

/* HTTP server (src/web/). A request over a limit gets a 4xx, never a crash. */
#define KJ_HTTP_HEADER_MAX	(16u * 1024u)	/* all request headers together */
#define KJ_HTTP_URI_MAX		2048		/* bytes of the request target */
#define KJ_HTTP_BODY_MAX	(1024u * 1024u)	/* a form or JSON body */
#define KJ_HTTP_UPLOAD_MAX	(21u * 1024u * 1024u)	/* a multipart body with a file */
#define KJ_HTTP_UPLOADS_MAX	2		/* files in one request */
#define KJ_HTTP_PARAMS_MAX	512		/* query + form parameters (a page of
						 * 200 targets sends ~400) */
#define KJ_HTTP_PARAM_MAX	(64u * 1024u)	/* bytes of one parameter value */
#define KJ_HTTP_CONNECTIONS_MAX	4096		/* open connections in all (epoll) */
#define KJ_HTTP_PER_IP_MAX	32		/* open connections from one address */
#define KJ_HTTP_TIMEOUT_S	30		/* idle connection timeout */
#define KJ_HTTP_HEADER_DEADLINE_MS 5000	/* from connect (or from the end of the
						 * last request plus the idle timeout)
						 * to the end of a request's headers */
#define KJ_HTTP_RESERVE_PERCENT	25		/* past 75 % of the connections in use ... */
#define KJ_HTTP_RESERVE_DEADLINE_MS 1000	/* ... headers must be in within 1 s */
#define KJ_HTTP_FD_SPARE	64		/* descriptors kept for the database,
						 * uploads and logs beyond the connections */
#define KJ_HTTP_THREADS		4		/* worker threads */
#define KJ_TRUST_PROXY_MAX	16		/* addresses of --trust-proxy */
#define KJ_PG_STATEMENT_TIMEOUT_MS 30000	/* a serving connection's longest statement
						 * on PostgreSQL (then 503) */
#define KJ_STORE_CACHE_KIB	65536		/* the page cache of each worker's
						 * connection (grows as used): holds
						 * a sector's pages at 100,000
						 * operators, so a list costs the
						 * same at 20,000 and at 100,000 */
#define KJ_HTTP_RESPONSE_MAX	(32u * 1024u * 1024u)	/* one generated response */
#define KJ_HTTP_STREAM_BLOCK	(64u * 1024u)	/* a streamed export is sent in blocks of this */
#define KJ_EXPORT_ROW_MAX	16384		/* bytes of one row of a streamed CSV export */

/* Sessions and sign-in. */
#define KJ_SESSION_IDLE_S	(30 * 60)	/* signed out after 30 idle minutes */
#define KJ_SESSION_ABSOLUTE_S	(12 * 60 * 60)	/* and after 12 hours whatever */
#define KJ_SIGNIN_FAILS_MAX	5		/* failed sign-ins, per account and per
						 * address, before each next attempt waits */
#define KJ_SIGNIN_DELAY_BASE_S	30		/* the wait after FAILS_MAX failures,
						 * doubled by each further failure ... */
#define KJ_SIGNIN_DELAY_MAX_S	(15 * 60)	/* ... up to this */
#define KJ_SIGNIN_WINDOW_S	(24 * 60 * 60)	/* failures forgotten after this long
						 * without one */
#define KJ_ACCEPT_LANGUAGE_MAX	1024		/* bytes of Accept-Language read */
#define KJ_RATE_ENTRIES_MAX	16384		/* addresses, and accounts, tracked
						 * (rows of each kind in signin_limit) */
#define KJ_SIGNIN_EXPIRE_BATCH	32		/* run-out windows a sign-in deletes,
						 * of each kind */
#define KJ_API_TOKENS_MAX	20		/* personal API tokens per user */
#define KJ_TOKEN_DAYS_DEFAULT	90		/* an API token's life unless chosen ... */
#define KJ_TOKEN_DAYS_MAX	365		/* ... and at most */

/* The registry's search (the list's search box and the API's q). */
#define KJ_ORG_SEARCH_MAX	200		/* bytes of a search text */
#define KJ_ORG_SEARCH_WORDS	4		/* words of it matched (all of them) */

/* Growable buffers that have no more specific cap. */
#define KJ_BUF_DEFAULT_MAX	(64u * 1024u * 1024u)

/* Target identification (§2.1.1(2)). */
#define KJ_TARGET_PAGE		200		/* operators on one page of /targets */
#define KJ_TARGET_DIFF_MAX	500		/* added / dropped operators listed */
#define KJ_TARGET_FY_MIN	2000		/* fiscal years that can be identified */
#define KJ_TARGET_FY_MAX	2100
/* Safety-standard mappings. */
#define KJ_REQ_TYPED_MAX	64		/* bytes of a requirement id typed in a form or cell */
#define KJ_SAFETY_EXPORT_MAX	20000		/* clauses of one sector's mapping download */
#define KJ_CLAUSE_TEXT_SHOWN	4096		/* bytes of a clause's text on its mapping page */

/* Survey campaigns (issue 12). */
#define KJ_SURVEY_TITLE_MAX	200		/* characters of a campaign's title (each language) */
#define KJ_SURVEY_REASON_MAX	500		/* characters of an extension's reason */
#define KJ_SURVEY_SECTORS_MAX	32		/* sectors of one campaign's scope */
#define KJ_SURVEY_LIST_MAX	1000		/* campaigns listed at once */
#define KJ_SURVEY_FY_MIN	KJ_TARGET_FY_MIN	/* fiscal years a campaign can have */
#define KJ_SURVEY_FY_MAX	KJ_TARGET_FY_MAX

/* Answering a questionnaire (issue 12). */
#define KJ_ANSWER_NOTE_MAX	2000		/* characters of an answer's comment */
#define KJ_ANSWER_EVIDENCE_MAX	500		/* characters of its evidence reference */
#define KJ_ANSWER_NA_MAX	500		/* characters of an N/A reason */
#define KJ_ANSWER_VALUE_MAX	2000		/* characters of an answer to a survey's own question */
#define KJ_QUESTION_TEXT_MAX	1000		/* characters of a survey's own question (each language) */
#define KJ_QUESTION_CHOICES_MAX	20		/* choices of a single-choice question */
#define KJ_QUESTION_CHOICE_MAX	100		/* characters of one choice */
#define KJ_SURVEY_QUESTIONS_MAX	100		/* a survey's own questions for one operator */
#define KJ_RETURN_MESSAGE_MAX	2000		/* characters of a return's message */
#define KJ_CHANGE_REASON_MAX	500		/* characters of a change's reason after a return */
#define KJ_ATTEST_TEXT_MAX	100		/* characters of the attesting officer's name or title */
#define KJ_RESPONSE_VERSIONS_MAX	50	/* submitted versions of one response */
#define KJ_ANSWER_CHANGES_MAX	5000		/* changes after returns listed for one response */
#define KJ_FORM_BATCH_MAX	500		/* filled forms written in one transaction by an import */
#define KJ_FORM_BATCH_BYTES	(64L << 20)	/* bytes of the files of one batch (the batch ends
						 * at the form that reaches it) */
#define KJ_FORM_AHEAD_MAX	256		/* forms checked ahead of the writes (each holds
						 * its table and rows until written; a commit's
						 * time of checks) */
#define KJ_FORM_QUEUED_MAX	2		/* batches of an import queued for checks and
						 * writes: the next checked while one commits */
#ifndef KJ_FORM_CHECKERS
#define KJ_FORM_CHECKERS	2		/* threads checking the forms of an import ahead
						 * of its writes, each on its own connection */
#endif
#define KJ_CHECKPOINT_LAG_MAX	4		/* commits whose WAL pages a long write
						 * leaves to its checkpointing thread
						 * before it waits for it (SQLite: the
						 * WAL starts over only after one) */
#define KJ_FORM_FILES_MAX	200000		/* filled forms of one command-line import */

/* Notifications of survey campaigns (issue 12). */
#define KJ_NOTICE_FACT_MAX	8192		/* bytes of a title or message put into a notice */
#define KJ_NOTICE_ADDR_MAX	254		/* bytes of an e-mail address */
#define KJ_NOTICE_RCPT_MAX	20		/* addresses one notice is sent to */
#define KJ_NOTICE_RCPT_BYTES	(KJ_NOTICE_RCPT_MAX * (KJ_NOTICE_ADDR_MAX + 1))
#define KJ_NOTICE_SUBJECT_MAX	4096		/* bytes of a notice's subject */
#define KJ_NOTICE_BODY_MAX	65536		/* bytes of a notice's body */
#define KJ_NOTICE_MAIL_MAX	(4 * KJ_NOTICE_BODY_MAX)	/* bytes of the message sent */
#define KJ_NOTICE_DAYS_MAX	10		/* days before the close date that remind */
#define KJ_NOTICE_DAYS_AHEAD	366		/* the farthest of them */
#define KJ_NOTIFY_SEND_BATCH	100		/* queued notices read at once to send */
#define KJ_NOTIFY_TARGETS_MAX	200000		/* operators one survey notifies at once */
#define KJ_NOTIFY_PAGE_ROWS	200		/* notices on one page of the list */
#define KJ_NOTIFY_EXPORT_MAX	10000		/* notices of one CSV download, newest first */
#define KJ_URL_MAX		512		/* bytes of --base-url or --smtp */
#define KJ_SMTP_TIMEOUT_S	30		/* one message's exchange with the relay */
#define KJ_SMTP_CONNECT_S	10		/* connecting to the relay */

/* Backups and the audit trail's export (issue 16). */
#define KJ_BACKUP_DIGEST_FILE_MAX 4096		/* bytes of a FILE.sha256 read by restore */
#define KJ_BACKUP_IO_CHUNK	(64 * 1024)	/* bytes read or copied at a time */

/* Analysis (issue 13). */
#define KJ_ANALYSIS_K		5		/* fewest operators (and applicable answers) an
						 * aggregate shown to operators, CEPTOARs, HQ and
						 * surveyors may hold */
#define KJ_ANALYSIS_WEAKEST	10		/* weakest requirements the national view lists */
#define KJ_ANALYSIS_VALUES_MAX	64		/* values of one breakdown of a sector (48
						 * prefectures and none, 3 size classes, ...) */
#define KJ_ANALYSIS_K_MIN	3		/* the least k that kijun serve --analysis-k and
						 * kijun analysis --k accept */
#define KJ_ANALYSIS_K_MAX	100		/* the greatest */
#define KJ_SNAPSHOT_LIST_MAX	500		/* published snapshots listed, newest first */
#define KJ_SNAPSHOT_FIGURE_MAX	128		/* bytes of a figure's name in a suppression log */

/* Implementation plans (issue 14, §2.1). Bytes of UTF-8 unless said otherwise. */
#define KJ_PLAN_BODY_MAX	12000		/* one section of the implementation structure */
#define KJ_PLAN_TITLE_MAX	400		/* a measure's title */
#define KJ_PLAN_FIELD_MAX	3000		/* a measure's description, KPI or progress notes */
#define KJ_PLAN_SHORT_MAX	400		/* a measure's schedule or owner */
#define KJ_PLAN_KEY_MAX		32		/* a measure's stable key */
#define KJ_PLAN_MEASURES_MAX	60		/* measures of one plan */
#define KJ_PLAN_REQS_MAX	24		/* requirements one measure supports */
#define KJ_PLAN_MESSAGE_MAX	2000		/* a return's message */
#define KJ_PLAN_EVENTS_MAX	200		/* events of one plan listed */
#define KJ_PLAN_LIST_MAX	500		/* plans of one listing */

/* The access and error log (issue 16). */
#define KJ_REQUEST_ID_MAX	64		/* characters of a request id taken from a trusted
						 * proxy's X-Request-Id (longer: a new one) */
#define KJ_REQUEST_ID_NEW	16		/* hex digits of a request id kijun makes */
#define KJ_AUTHZ_AUDIT_WINDOW_S	60		/* at most one authz.refused entry per user and
						 * route in this many seconds */
#define KJ_AUTHZ_AUDIT_SLOTS	4096		/* user+route pairs remembered for that; when
						 * all are in their window, refusals beyond are
						 * not written (counted in the next entry) */

/* The second factor (issue 16). */
#define KJ_MFA_KEY_BYTES	32		/* the key file: exactly this many random bytes */
#define KJ_MFA_SECRET_BYTES	20		/* a TOTP secret (160 bits, RFC 4226) */
#define KJ_MFA_SECRET_B32_MAX	40		/* its base32, with the NUL (32 + room) */
#define KJ_MFA_STEP_S		30		/* the TOTP time step */
#define KJ_MFA_DIGITS		6		/* digits of a code */
#define KJ_MFA_WINDOW		1		/* steps accepted either side of now */
#define KJ_MFA_BOX_MAX		128		/* bytes of the stored, encrypted secret (text) */
#define KJ_MFA_RECOVERY_CODES	10		/* recovery codes given at once */
#define KJ_MFA_RECOVERY_LEN	10		/* characters of one, shown as 5-5 */
#define KJ_MFA_CODE_INPUT_MAX	32		/* bytes of a code typed in */
#define KJ_MFA_PENDING_S	(5 * 60)	/* the half step between password and code */
#define KJ_MFA_PENDING_FAILS_MAX 5		/* wrong codes before the half step ends */
#define KJ_MFA_ENROL_S		(30 * 60)	/* a secret offered for enrolment lasts this */

#endif
