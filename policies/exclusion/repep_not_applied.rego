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
#   message:
#     en: >-
#       Phone column {table}.{column} reaches a call list for purpose "{purpose}" without an
#       anti-join against the REPEP snapshot.
#     es: >-
#       La columna de teléfono {table}.{column} llega a una lista de llamadas para la finalidad
#       "{purpose}" sin un anti-join contra la copia del REPEP.
#   translations:
#     es:
#       title: REPEP no aplicado
#       description: |
#         Qué hace: para una finalidad con etiqueta `telemarketing`, señala cada columna de teléfono
#         que llega a una salida cuando la sentencia no tiene un anti-join (como en EXC001) sobre
#         esa columna contra una tabla que el inventario marca como copia del REPEP
#         (`exclusion_list.kind: repep`, o `repep` entre sus `exclusion_lists`). Una tabla que es a
#         la vez la copia del REPEP y la lista interna cuenta cuando el anti-join compara las
#         columnas de contacto del REPEP. Una columna de correo electrónico nunca necesita el REPEP.
#         La verificación de manifiestos (SHR005) aplica la misma prueba a la consulta de un
#         intercambio.
#         Incorrecto: `SELECT telefono FROM crm.clientes c WHERE NOT EXISTS (SELECT 1 FROM
#         listado_exclusion x WHERE x.telefono = c.telefono)` para telemarketing (solo la lista
#         interna). Correcto: agregue `AND NOT EXISTS (SELECT 1 FROM repep r WHERE r.telefono =
#         c.telefono)`.
#         Por qué importa: las llamadas y mensajes publicitarios no pueden dirigirse a consumidores
#         inscritos en el Registro Público para Evitar Publicidad de la PROFECO (LFPC arts. 18 y 18
#         Bis); el proveedor y la empresa que llama responden ambos.
#       recommended_action: >-
#         Agregue `AND NOT EXISTS (SELECT 1 FROM <copia del REPEP> r WHERE r.telefono =
#         <tabla>.<columna>)` a la consulta de la audiencia, con una copia lo bastante reciente para
#         la campaña.
deny contains finding.with_values("EXC002", values, _exclusion_path(t, c, read)) if {
	tags := data.tutela.lib.statement.declared_purpose.tags
	some [t, c, kind, read] in _contact_columns
	"repep" in data.tutela.lib.exclusion.required_kinds(tags, kind)
	not data.tutela.lib.exclusion.covered(input.exclusion_checks, t, c, read, {"repep"})
	values := {"table": t, "column": c, "purpose": input.purpose}
}
