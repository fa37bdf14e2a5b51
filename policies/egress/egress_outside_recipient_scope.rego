package tutela.egress

import data.tutela.lib.finding

# METADATA
# title: Export outside what the recipient's contract covers
# description: |
#   What it does: flags an export (`COPY INTO @stage`, `UNLOAD`, `EXPORT DATA`, a share grant…)
#   to a destination of an inventory recipient when what leaves is outside the recipient's
#   declared scope: a personal column whose category is not among the recipient's
#   `categories` (a full card number, sensitive data to a collections agency), or, for an
#   `encargado`, a statement purpose that is not among its `purposes` (a processor may only
#   process for the controller's purposes its contract lists). A column counts unless it
#   leaves aggregated or masked (`RIGHT(pan, 4)` is not the card number). A recipient that
#   declares no `categories` is not limited by category.
#
#   Does not fire: exports within the declared categories and purposes; aggregated or masked
#   columns; destinations of no recipient (EGR001 judges those).
#
#   Bad (`categories: [identificacion, contacto, patrimonial]` on the collections agency):
#   `COPY INTO @cobranza.stage_bpo/ FROM (SELECT nombre, numero_tarjeta FROM pagos.legacy)`.
#   Good: `… SELECT nombre, RIGHT(numero_tarjeta, 4) …`.
#
#   Why it matters: an encargado processes personal data on the controller's behalf under a
#   relationship that delimits its service (Art. 2 fr. XII), only per instructions and for no
#   other purpose (Reglamento 49-51); sending data its contract does not cover is processing
#   outside those instructions.
# custom:
#   id: EGR003
#   name: egress-outside-recipient-scope
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "XII"}
#     - {instrument: Reglamento LFPDPPP, article: "49-51", note: "Reglamento 2011; binding status uncertain"}
#   recommended_action: >-
#     Drop or mask the columns the recipient may not receive, or, if its contract does cover
#     them, add the category (or the purpose) to the recipient in the inventory.
#   examples: egress_outside_recipient_scope.examples.yaml
deny contains finding.new("EGR003", msg, ["egress", i]) if {
	data.tutela.lib.statement.is_statement
	some i, g in input.egress
	some r in _egress_recipients(g)
	is_array(r.categories)
	cats := _egr003_categories(g, r)
	count(cats) > 0
	msg := sprintf(
		"Export to %s sends %s data to %q, whose contract covers only %s.",
		[g.target, concat(", ", sort(cats)), r.id, concat(", ", sort(r.categories))],
	)
}

deny contains finding.new("EGR003", msg, ["egress", i]) if {
	data.tutela.lib.statement.is_statement
	is_string(input.purpose)
	some i, g in input.egress
	personal_egress(g)
	some r in _egress_recipients(g)
	r.role == "encargado"
	not input.purpose in {p | some p in object.get(r, "purposes", [])}
	msg := sprintf(
		"Export to %s sends data for purpose %q to processor %q, whose contract does not list it.",
		[g.target, input.purpose, r.id],
	)
}

_egr003_categories(g, r) := {e.category |
	some e in input.exposures
	e.sink == "egress"
	e.target == g.target
	data.tutela.lib.statement.personal(e)
	not e.treatment in {"aggregated", "masked"}
	not e.category in {c | some c in r.categories}
}
