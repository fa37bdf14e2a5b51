package tutela.sensitive

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Sensitive data without express written consent
# description: |
#   What it does: flags a column of category `sensible` or `biometrico` that is exposed or used
#   in any clause (a filter or a GROUP BY is processing too) for a purpose that requires consent
#   of a kind other than `express_written`. A purpose that needs no consent because of an
#   Art. 9 exception may use a sensitive column only if the inventory maps the column to that
#   purpose (the column's `purposes`, else its table's): the exception covers the processing
#   the purpose needs, not any sensitive data that happens to be at hand (the Reglamento's
#   art. 17 reads the legal-relationship exception the same way).
#   Why it matters: sensitive data need the titular's express and written consent (Art. 8 ¶1);
#   processing them without it is an infraction (Art. 58 fr. XIII).
# custom:
#   id: SEN001
#   name: sensitive-without-written-consent
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "8", paragraph: "1"}
#     - {instrument: LFPDPPP, article: "9"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XIII"}
#   recommended_action: >-
#     Remove the sensitive column, or run the statement for a purpose with `consent:
#     express_written` (and filter on its signed-consent column).
#   examples: sensitive_without_written_consent.examples.yaml
#   message:
#     needs_written_consent:
#       en: >-
#          Sensitive column {table}.{column} is used for purpose "{purpose}", which lacks express
#          written consent.
#       es: >-
#          La columna sensible {table}.{column} se usa para la finalidad "{purpose}", que carece de
#          consentimiento expreso y por escrito.
#     exception_does_not_cover:
#       en: >-
#          Sensitive column {table}.{column} is used for purpose "{purpose}", whose consent
#          exception does not cover it.
#       es: >-
#          La columna sensible {table}.{column} se usa para la finalidad "{purpose}", cuya excepción
#          al consentimiento no la abarca.
#   translations:
#     es:
#       title: Datos sensibles sin consentimiento expreso y por escrito
#       description: |
#         Qué hace: señala una columna de categoría `sensible` o `biometrico` que se expone o se usa
#         en cualquier cláusula (un filtro o un GROUP BY también son tratamiento) para una finalidad
#         que requiere consentimiento de un tipo distinto de `express_written`. Una finalidad que no
#         requiere consentimiento por una excepción del art. 9 solo puede usar una columna sensible
#         si el inventario la asigna a esa finalidad (los `purposes` de la columna o, en su defecto,
#         los de su tabla): la excepción ampara el tratamiento que la finalidad necesita, no
#         cualquier dato sensible que esté a la mano (el art. 17 del Reglamento interpreta igual la
#         excepción de la relación jurídica).
#         Por qué importa: los datos sensibles requieren el consentimiento expreso y por escrito del
#         titular (art. 8 ¶1); tratarlos sin él es una infracción (art. 58 fr. XIII).
#       recommended_action: >-
#         Quite la columna sensible, o ejecute la sentencia para una finalidad con `consent:
#         express_written` (y filtre por su columna de consentimiento firmado).
deny contains finding.variant(
	"SEN001", "needs_written_consent", values,
	data.tutela.lib.statement.first_path(t, c),
) if {
	p := data.tutela.lib.statement.declared_purpose
	p.requires_consent == true
	p.consent != "express_written"
	some [t, c] in _sensitive_columns
	values := {"table": t, "column": c, "purpose": input.purpose}
}

deny contains finding.variant(
	"SEN001", "exception_does_not_cover", values,
	data.tutela.lib.statement.first_path(t, c),
) if {
	p := data.tutela.lib.statement.declared_purpose
	p.requires_consent == false
	some [t, c] in _sensitive_columns
	data.tutela.inventory.tables[t].columns_by_name[c]
	not data.tutela.lib.statement.allowed(t, c, input.purpose)
	values := {"table": t, "column": c, "purpose": input.purpose}
}

_sensitive_columns contains [u.table, u.column] if {
	some u in data.tutela.lib.statement.uses
	u.entry.category in {"sensible", "biometrico"}
}
