package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Share query that tutela cannot analyse
# description: |
#   What it does: flags a manifest `query:` that does not parse, is not exactly one SELECT,
#   reads tables the inventory does not list, uses columns the inventory does not classify, or
#   holds a literal that looks like personal data (a CURP, a card number...). tutela then
#   cannot tell what leaves, so the gate fails closed.
#   Why it matters: the manifest is the evidence of what is communicated (Art. 35; Reg. 69
#   puts the burden of proof on both parties); an unreadable query proves nothing.
# custom:
#   id: SHR006
#   name: share-query-not-analysable
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: Reglamento LFPDPPP, article: "69"}
#   recommended_action: >-
#     Write one SELECT in the stated dialect over inventory tables (add new tables to the
#     inventory first), or list `tables:` and `columns:` instead.
#   examples: query_not_analysable.examples.yaml
deny contains finding.new("SHR006", msg, path) if {
	data.tutela.lib.manifest.is_manifest
	some reason in _reasons
	path := reason.path
	msg := sprintf("The query of manifest %q %s.", [input.id, reason.text])
}

_reasons contains {"path": ["query"], "text": text} if {
	input.query.parsed == false
	text := sprintf("cannot be analysed: %s", [input.query.error.message])
}

_reasons contains {"path": ["query"], "text": text} if {
	input.query.parsed == true
	input.query.statements != 1
	text := sprintf("has %d statements; it must be one SELECT", [input.query.statements])
}

_reasons contains {"path": ["query"], "text": text} if {
	input.query.parsed == true
	input.query.statements == 1
	input.query.operation != "select"
	text := sprintf("is a %s statement, not a SELECT", [input.query.operation])
}

_reasons contains {"path": ["query", "unknown_tables", i], "text": text} if {
	some i, t in input.query.unknown_tables
	text := sprintf("reads %s, which the inventory does not list", [t.table])
}

_reasons contains {"path": ["query", "unclassified", i], "text": text} if {
	some i, u in input.query.unclassified
	is_string(u.table)
	is_string(u.column)
	text := sprintf("uses %s.%s, which the inventory does not classify", [u.table, u.column])
}

_reasons contains {"path": ["query", "unclassified", i], "text": text} if {
	some i, u in input.query.unclassified
	not is_string(u.column)
	u.looks_personal == true
	text := sprintf("holds a literal that looks like a %s", [u.pattern])
}
