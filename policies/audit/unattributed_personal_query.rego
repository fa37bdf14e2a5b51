package tutela.audit

import data.tutela.lib.finding
import data.tutela.lib.statement

# METADATA
# title: Executed query on personal data with no attributed purpose
# description: |
#   What it does: flags a query from the warehouse's query history (`tutela audit`) that uses
#   personal columns while neither a `-- tutela: purpose=` pragma in its text nor any
#   `[audit.purposes]` glob (query tag, application, service account, user, role, warehouse)
#   gives it a purpose.
#   Why it matters: every processing of personal data must serve a purpose stated in the aviso
#   (Art. 11), and the responsable must be able to show it (Art. 13); a query that ran with no
#   known purpose is processing nobody can account for. The purpose, consent and retention
#   checks also need the purpose to run.
# custom:
#   id: AUD001
#   name: unattributed-personal-data-query
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "13"}
#   recommended_action: >-
#     Map who ran it to a purpose with an `[audit.purposes]` glob in tutela.toml (by role, user,
#     service account, warehouse, query tag or application), or tag the job with
#     `-- tutela: purpose=<id>`; if nobody can name the purpose, stop the query.
#   examples: unattributed_personal_query.examples.yaml
deny contains finding.new("AUD001", msg, statement.first_path(u.table, u.column)) if {
	statement.is_statement
	input.audit
	not is_string(input.purpose)
	u := [x | some x in statement.uses; statement.personal(x.entry)][0]
	msg := sprintf("The executed query uses personal column %s.%s and no purpose is attributed to it.", [u.table, u.column])
}
