package tutela.exclusion

import data.tutela.lib.finding

# METADATA
# title: REPEP not applied
# description: |
#   What it does: for a purpose tagged `telemarketing`, flags each phone column that reaches an
#   output when the statement has no anti-join (as in EXC001) against a table the inventory
#   marks as a REPEP snapshot (`exclusion_list.kind: repep`, or `repep` among its
#   `exclusion_lists`) on that column. A table that is both the REPEP copy and the internal
#   list counts when the anti-join compares the REPEP's contact columns. An e-mail column never
#   needs the REPEP. The manifest gate (SHR005) applies the same test to a share's query.
#
#   Bad: `SELECT telefono FROM crm.clientes c WHERE NOT EXISTS (SELECT 1 FROM
#   listado_exclusion x WHERE x.telefono = c.telefono)` for telemarketing (internal list only).
#   Good: add `AND NOT EXISTS (SELECT 1 FROM repep r WHERE r.telefono = c.telefono)`.
#
#   Why it matters: marketing calls and messages may not go to consumers registered in
#   PROFECO's Registro Público para Evitar Publicidad (LFPC Arts. 18 and 18 Bis); the provider
#   and the calling company are both liable.
# custom:
#   id: EXC002
#   name: repep-not-applied
#   severity: error
#   legal_basis:
#     - {instrument: LFPC, article: "18"}
#     - {instrument: LFPC, article: "18 Bis"}
#   recommended_action: >-
#     Add `AND NOT EXISTS (SELECT 1 FROM <repep snapshot> r WHERE r.telefono = <table>.<column>)`
#     to the audience query, using a snapshot fresh enough for the campaign.
#   examples: repep_not_applied.examples.yaml
deny contains finding.new("EXC002", msg, _exclusion_path(t, c, read)) if {
	tags := data.tutela.lib.statement.declared_purpose.tags
	some [t, c, kind, read] in _contact_columns
	"repep" in data.tutela.lib.exclusion.required_kinds(tags, kind)
	not data.tutela.lib.exclusion.covered(input.exclusion_checks, t, c, read, {"repep"})
	msg := sprintf(
		"Phone column %s.%s reaches a call list for purpose %q without an anti-join against the REPEP snapshot.",
		[t, c, input.purpose],
	)
}
