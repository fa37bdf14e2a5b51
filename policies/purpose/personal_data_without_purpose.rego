package tutela.purpose

import data.tutela.lib.finding
import data.tutela.lib.statement

# METADATA
# title: Personal data without a purpose
# description: |
#   What it does: flags a statement that uses personal columns but declares no purpose (no
#   `-- tutela: purpose=` pragma, no dbt `meta.purpose`, no `[purposes]` entry in the
#   configuration).
#   Why it matters: every processing of personal data must serve a purpose stated in the aviso
#   (Art. 11; the aviso lists them, Art. 15 fr. III); without one, none of the purpose, consent
#   or retention checks can run.
# custom:
#   id: PUR007
#   name: personal-data-without-purpose
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "15", fraction: "III"}
#   recommended_action: >-
#     Declare the purpose with `-- tutela: purpose=<id>` at the top of the file, `meta.purpose`
#     in dbt, or a `[purposes]` glob in the configuration.
#   examples: personal_data_without_purpose.examples.yaml
deny contains finding.new("PUR007", msg, statement.first_path(u.table, u.column)) if {
	statement.is_statement
	not is_string(input.purpose)
	some u in statement.uses
	statement.personal(u.entry)
	u.rank == min({x.rank | some x in statement.uses; statement.personal(x.entry)})
	msg := sprintf("The statement uses personal column %s.%s but declares no purpose.", [u.table, u.column])
}
