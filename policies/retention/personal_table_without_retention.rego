package tutela.retention

import data.tutela.lib.finding

# METADATA
# title: Personal table without a retention period
# description: |
#   What it does: warns when a statement reads a table that the inventory lists, that holds
#   personal data, and whose dataset has no `retention` (period, trigger, legal basis).
#   Why it matters: data must be suppressed once they are no longer needed, at the end of the
#   conservation period (Art. 10 ¶2); without a documented period nobody can tell when that
#   is. The Reglamento asks for documented, provable periods (Reg. 37-38).
# custom:
#   id: RET001
#   name: personal-table-without-retention
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "10", paragraph: "2"}
#     - {instrument: Reglamento LFPDPPP, article: "37-38", note: "Reglamento 2011; binding status uncertain"}
#   recommended_action: Add `retention` (period, trigger, legal_basis) to the dataset in the inventory.
#   examples: personal_table_without_retention.examples.yaml
#   message:
#     en: >-
#       Table {table} holds personal data but the inventory gives it no retention period.
#     es: >-
#       La tabla {table} contiene datos personales, pero el inventario no le fija un plazo de
#       conservación.
#   translations:
#     es:
#       title: Tabla con datos personales sin plazo de conservación
#       description: |
#         Qué hace: advierte cuando una sentencia lee una tabla que el inventario registra, que
#         contiene datos personales y cuyo dataset no tiene `retention` (plazo, evento que lo
#         inicia, fundamento legal).
#         Por qué importa: los datos deben suprimirse cuando dejan de ser necesarios, al término del
#         plazo de conservación (art. 10 ¶2); sin un plazo documentado nadie puede saber cuándo
#         ocurre. El Reglamento pide plazos documentados y demostrables (Reg. 37-38).
#       recommended_action: >-
#         Agregue `retention` (period, trigger, legal_basis) al dataset en el inventario.
warn contains finding.with_values("RET001", values, data.tutela.lib.statement.first_read(t)) if {
	data.tutela.lib.statement.is_statement
	some r in input.reads
	r.personal == true
	t := data.tutela.lib.statement.lower_name(r.table)
	ds := data.tutela.lib.statement.table(t)
	not ds.retention
	values := {"table": t}
}
