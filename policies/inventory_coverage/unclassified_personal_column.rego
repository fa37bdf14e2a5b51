package tutela.inventory_coverage

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Unclassified column that looks personal
# description: |
#   What it does: warns on a column the inventory does not classify (a column missing from a
#   known table, a column of an unknown table) whose name looks personal (CURP, RFC, phone,
#   e-mail, card...), and on a string literal that looks like a personal identifier.
#   Why it matters: the controller must be able to show what personal data it processes
#   (accountability, Art. 13); the Reglamento asks for an inventory of the data (Reg. 61
#   fr. I). An unclassified column escapes every purpose, consent and retention check.
# custom:
#   id: INV001
#   name: unclassified-personal-column
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13"}
#     - instrument: Reglamento LFPDPPP
#       article: "61"
#       fraction: "I"
#       note: "Reglamento 2011; binding status uncertain"
#   recommended_action: >-
#     Add the column (and its table) to the inventory with its category, or, for a literal,
#     pass the value as a parameter instead of writing it into the SQL.
#   examples: unclassified_personal_column.examples.yaml
warn contains finding.new("INV001", msg, ["unclassified", i]) if {
	data.tutela.lib.statement.is_statement
	some i, u in input.unclassified
	u.looks_personal == true
	is_string(u.column)
	msg := sprintf(
		"Column %s.%s is not classified in the inventory and looks like %s data.",
		[_inv001_table(u), lower(u.column), _inv001_pattern(u)],
	)
}

warn contains finding.new("INV001", msg, ["unclassified", i]) if {
	data.tutela.lib.statement.is_statement
	some i, u in input.unclassified
	u.looks_personal == true
	not is_string(u.column)
	msg := sprintf("A literal in the statement looks like %s data.", [_inv001_pattern(u)])
}

_inv001_table(u) := lower(u.table) if is_string(u.table)

_inv001_table(u) := "?" if not is_string(u.table)

_inv001_pattern(u) := u.pattern if is_string(u.pattern)

_inv001_pattern(u) := "personal" if not is_string(u.pattern)
