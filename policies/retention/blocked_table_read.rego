package tutela.retention

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Blocked table read
# description: |
#   What it does: flags a read of a table the inventory marks `blocked: true` (a bloqueo store)
#   for a purpose not tagged `legal_defence`, `deletion` or `arco`. Writing into the store (the
#   cancellation itself) is not a read.
#   Why it matters: blocked data are kept only to determine liabilities until they prescribe
#   and may not be processed otherwise (Art. 2 fr. III; Art. 24); the Reglamento says the same
#   (Reg. 108).
# custom:
#   id: RET003
#   name: blocked-table-read
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "III"}
#     - {instrument: LFPDPPP, article: "24"}
#     - {instrument: Reglamento LFPDPPP, article: "108", note: "Reglamento 2011; binding status uncertain"}
#   recommended_action: >-
#     Do not read the blocked table for this purpose; use the live tables, or run the statement
#     under a purpose tagged legal_defence, deletion or arco if that is what it serves.
#   examples: blocked_table_read.examples.yaml
deny contains finding.new("RET003", msg, data.tutela.lib.statement.first_read(t)) if {
	data.tutela.lib.statement.is_statement
	some r in input.reads
	t := lower(r.table)
	_ret003_blocked(r)
	not data.tutela.lib.statement.declared_legal
	msg := sprintf("Blocked table %s is read for purpose %v; bloqueo allows storage only.", [t, _ret003_purpose])
}

_ret003_blocked(r) if r.blocked == true

_ret003_blocked(r) if data.tutela.lib.statement.table(r.table).blocked == true

_ret003_purpose := sprintf("%q", [input.purpose]) if is_string(input.purpose)

_ret003_purpose := "(none)" if not is_string(input.purpose)
