package tutela.analysis

import data.tutela.lib.finding

# METADATA
# title: Statement not analysed
# description: |
#   What it does: flags a statement tutela could not analyse (it does not tokenize or parse in
#   the dialect, or it exceeds the size and nesting limits); the message carries the reason.
#   Why it matters: a statement nobody could read may do anything with personal data, so the
#   gate fails closed instead of passing it. This is a tool requirement that serves the
#   controller's accountability (Art. 13).
# custom:
#   id: SQL001
#   name: statement-not-analysed
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13", note: "tool requirement: the gate fails closed"}
#   recommended_action: >-
#     Fix the syntax, set the right dialect (`-- tutela: dialect=<name>` or `[dialects]` in the
#     configuration), or split the statement; if it truly cannot be parsed, suppress the finding
#     with a written reason.
#   examples: statement_not_analysed.examples.yaml
deny contains finding.new("SQL001", msg, ["error"]) if {
	data.tutela.lib.statement.is_statement
	input.parsed == false
	msg := sprintf("The statement could not be analysed: %s", [_sql001_reason])
}

_sql001_reason := input.error.message if is_string(input.error.message)

_sql001_reason := "no reason given" if not is_string(input.error.message)
