package tutela.consent

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Consent filter missing
# description: |
#   What it does: for a purpose that requires consent, flags each known table whose personal
#   columns reach an output when the statement does not keep only the rows that gave consent
#   (judged per occurrence: a table read twice, in two UNION branches or a self-join, needs the
#   filter on each occurrence whose columns leave — the facts' `read` index):
#   a top-level WHERE/HAVING/QUALIFY conjunct (or inner-join condition) on the table's consent
#   column for the purpose (`consent_columns` in the inventory) with positive polarity
#   (`= TRUE`, `IS TRUE`, the bare column). A negative test (`= FALSE`, `IS NULL`, `NOT col`)
#   selects the people who refused, and `IS NOT NULL` lets a recorded refusal through: both
#   count as missing. A table with no consent column for the purpose is flagged unless the
#   statement restricts the rows by the purpose's consent on another table (for example an
#   inner join to the table that holds the consent). Exclusion lists are not judged here.
#   Why it matters: processing for a purpose that requires consent is only lawful for the
#   titulares who gave it and did not revoke it (Arts. 7 and 11); the aviso promises the means
#   to refuse those purposes (Art. 15 fr. III-IV).
# custom:
#   id: CON001
#   name: consent-filter-missing
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "7"}
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "15", fraction: "III-IV"}
#   recommended_action: >-
#     Add `AND <consent column> = TRUE` to the WHERE clause of the query that reads the table,
#     or declare the table's consent column for the purpose in `consent_columns`.
#   examples: consent_filter_missing.examples.yaml
deny contains finding.new("CON001", msg, _con001_path(t, read)) if {
	some [t, read] in _con001_occurrences
	column := data.tutela.lib.statement.table(t).consent_columns[input.purpose]
	not _con001_filtered(t, read, column)
	msg := sprintf(
		"Table %s is read for purpose %q without a filter on its consent column %s.",
		[t, input.purpose, column],
	)
}

deny contains finding.new("CON001", msg, data.tutela.lib.statement.first_exposure(t)) if {
	some t in _con001_tables
	not data.tutela.lib.statement.table(t).consent_columns[input.purpose]
	not _con001_any_filter
	msg := sprintf(
		"Table %s is read for purpose %q, which requires consent, but it has no consent column for it.",
		[t, input.purpose],
	)
}

# [table, occurrence] of every personal column that leaves; the occurrence is the exposure's
# `read` (index in input.reads), or null when the facts do not attribute it to one.
_con001_occurrences contains [lower(e.table), data.tutela.lib.statement.occurrence(e)] if {
	data.tutela.lib.statement.declared_purpose.requires_consent == true
	some e in input.exposures
	data.tutela.lib.statement.personal(e)
	data.tutela.lib.statement.table(e.table)
	not data.tutela.lib.statement.is_exclusion_list(e.table)
}

_con001_tables contains t if some [t, _] in _con001_occurrences

_con001_path(t, read) := ["exposures", i] if {
	i := min({j |
		some j, e in input.exposures
		lower(e.table) == t
		data.tutela.lib.statement.occurrence(e) == read
	})
}

_con001_filtered(t, read, column) if {
	some f in input.consent_filters
	lower(f.table) == t
	lower(f.column) == lower(column)
	_con001_valid(f)
	data.tutela.lib.statement.same_occurrence(data.tutela.lib.statement.occurrence(f), read)
}


_con001_any_filter if {
	some f in input.consent_filters
	input.purpose in f.purposes
	_con001_valid(f)
}

_con001_valid(f) if {
	f.restricts == true
	f.polarity == "positive"
}
