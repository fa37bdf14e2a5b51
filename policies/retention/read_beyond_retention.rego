package tutela.retention

import data.tutela.lib.finding

# METADATA
# title: Read without the retention window
# description: |
#   What it does: warns when the columns of a personal table with a retention period reach an
#   output, for a purpose not tagged `legal_defence`, `deletion` or `arco`, and rows past the
#   period may still be in the table while the statement does not leave them out. Following the
#   inventory's retention model, rows outlive the period in place when the table has
#   `legal_holds` (suppression suspended), keeps blocked rows marked (`blocking.marker_column`),
#   or declares no `blocking` at all; a table whose rows move to a bloqueo store
#   (`blocking.store`) or are suppressed directly (`blocking.period: P0D`) is left to the
#   retention jobs. The statement leaves the old rows out with a restricting filter on the
#   table's retention `timestamp` (`ts >= CURRENT_DATE - n days` with n no longer than the
#   period, or `ts >= DATE 'yyyy-mm-dd'` no earlier than today minus the period), or, for a
#   table with a marker column, with `<marker> IS NULL`. Tables under bloqueo are RET003's
#   concern; deletes and purges expose nothing and are not flagged.
#   Why it matters: once the conservation period ends the data must be suppressed (Art. 10
#   ¶2) and may only be processed as far as the purpose needs (Art. 12); a query without the
#   window uses rows that should no longer be processed, for example delinquency data past 72
#   months (Art. 10 ¶3).
# custom:
#   id: RET002
#   name: read-beyond-retention
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "10", paragraph: "2"}
#     - {instrument: LFPDPPP, article: "12"}
#   recommended_action: >-
#     Add `AND <timestamp> >= DATEADD(day, -<retention days>, CURRENT_DATE)` (or a narrower
#     window), or `AND <marker column> IS NULL` for a table that marks blocked rows.
#   examples: read_beyond_retention.examples.yaml
warn contains finding.new("RET002", msg, data.tutela.lib.statement.first_read(t)) if {
	some t in _ret002_tables
	ds := data.tutela.lib.statement.table(t)
	days := ds.retention.period.days
	not ds.blocked == true
	_rows_outlive_retention(ds)
	not data.tutela.lib.statement.declared_legal
	not _within_retention(t, days)
	not _unmarked_only(t, ds)
	msg := sprintf(
		"Table %s is read without a filter that keeps rows within its %d-day retention period.",
		[t, days],
	)
}

_ret002_tables contains lower(e.table) if {
	data.tutela.lib.statement.is_statement
	some e in input.exposures
	some r in input.reads
	lower(r.table) == lower(e.table)
	r.personal == true
}

_rows_outlive_retention(ds) if count(object.get(ds, "legal_holds", [])) > 0

_rows_outlive_retention(ds) if is_string(ds.blocking.marker_column)

_rows_outlive_retention(ds) if not is_object(ds.blocking)

_within_retention(t, days) if {
	some f in input.time_filters
	lower(f.table) == t
	f.retention_timestamp == true
	f.restricts == true
	f.op in {">", ">=", "="}
	_bound_within(f.bound, days)
}

# _unmarked_only: `<marker> IS NULL` in the WHERE clause keeps only rows that are not blocked.
# `<marker> IS NOT NULL` keeps exactly the blocked ones, so it does not count. Hand-written
# facts without `null_test` are read the old way (any null test).
_unmarked_only(t, ds) if {
	some r in input.references
	lower(r.table) == t
	lower(r.column) == lower(ds.blocking.marker_column)
	r.clause == "where"
	r.null_check == true
	_keeps_unmarked(r)
}

_keeps_unmarked(r) if r.null_test == "is_null"

_keeps_unmarked(r) if not r.null_test

_bound_within(bound, days) if {
	bound.kind == "relative"
	bound.days <= days
}

_bound_within(bound, days) if {
	bound.kind == "absolute"
	time.parse_ns("2006-01-02", substring(bound.date, 0, 10)) >= data.tutela.lib.config.today_ns - ((days * 24) * 3600) * 1000000000
}
