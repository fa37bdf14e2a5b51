package tutela.purpose

import data.tutela.lib.finding

# METADATA
# title: Purpose not declared
# description: |
#   What it does: flags a statement whose declared purpose (pragma, dbt meta or configuration)
#   is not one of the inventory's purposes.
#   Why it matters: the aviso de privacidad lists the purposes the titular was told about;
#   processing for any other purpose needs new consent (Art. 11) and using data for a purpose
#   outside the aviso is an infraction (Art. 58 fr. IX).
# custom:
#   id: PUR001
#   name: purpose-not-declared
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "58", fraction: "IX"}
#   recommended_action: >-
#     Use a purpose id from the inventory, or add the purpose to the inventory (and to the aviso)
#     before processing data for it.
#   examples: purpose_not_declared.examples.yaml
#   message:
#     en: >-
#       Purpose "{purpose}" is not declared in the inventory.
#     es: >-
#       La finalidad "{purpose}" no está declarada en el inventario.
#   translations:
#     es:
#       title: Finalidad no declarada
#       description: |
#         Qué hace: señala una sentencia cuya finalidad declarada (pragma, meta de dbt o
#         configuración) no es una de las finalidades del inventario.
#         Por qué importa: el aviso de privacidad enumera las finalidades que se informaron al
#         titular; tratar datos para cualquier otra requiere un nuevo consentimiento (art. 11), y
#         usarlos para una finalidad ajena al aviso es una infracción (art. 58 fr. IX).
#       recommended_action: >-
#         Use un id de finalidad del inventario, o agregue la finalidad al inventario (y al aviso de
#         privacidad) antes de tratar datos para ella.
deny contains finding.with_values("PUR001", values, ["purpose"]) if {
	data.tutela.lib.statement.is_statement
	is_string(input.purpose)
	not data.tutela.lib.statement.purpose_by_id(input.purpose)
	values := {"purpose": input.purpose}
}
