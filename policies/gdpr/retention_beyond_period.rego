package tutela.gdpr

import data.tutela.lib.finding

# METADATA
# title: Personal data kept or used beyond the declared retention period
# description: |
#   What it does: with the GDPR profile on, flags a manifest whose recipient keeps the data
#   longer than the source tables' declared period (retention plus bloqueo, from the inventory),
#   and a statement whose time predicates reach rows of a personal table older than its
#   declared retention period (the same test as RET002, on the same facts).
#   Why it matters: personal data may be kept in identifiable form no longer than the purposes
#   need (storage limitation, Art. 5(1)(e)); the notice states the period (Arts. 13(2)(a),
#   14(2)(a)), and rows past it must not feed new processing.
# custom:
#   id: GDP004
#   name: gdpr-retention-beyond-period
#   severity: warning
#   legal_basis:
#     - {instrument: GDPR, article: "5(1)(e)"}
#   recommended_action: >-
#     Filter the statement to rows within the retention period, or shorten the manifest's
#     `retention.period` to at most the source's.
#   examples: retention_beyond_period.examples.yaml
warn contains finding.new("GDP004", msg, ["retention_days"]) if {
	_on
	data.tutela.lib.manifest.shares_personal
	is_number(input.source_retention_days)
	input.retention_days > input.source_retention_days
	msg := sprintf(
		"Recipient %q keeps the data %d days, beyond the %d days declared for the source.",
		[input.recipient.id, input.retention_days, input.source_retention_days],
	)
}

warn contains finding.new("GDP004", msg, f.path) if {
	_on
	data.tutela.lib.statement.is_statement
	some f in data.tutela.retention.warn
	f.id == "RET002"
	msg := sprintf("%s (GDPR storage limitation)", [trim_suffix(f.msg, ".")])
}
