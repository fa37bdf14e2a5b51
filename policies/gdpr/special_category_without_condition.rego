package tutela.gdpr

import data.tutela.lib.finding

# METADATA
# title: Special-category data without an Art. 9(2) condition
# description: |
#   What it does: with the GDPR profile on, flags a statement that exposes, or a manifest that
#   shares, a column of category `sensible` or `biometrico` (health, union membership,
#   biometrics...) for a purpose whose `gdpr.purposes` entry names no
#   `special_category_condition`.
#   Why it matters: processing special categories is prohibited (Art. 9(1)) unless one of the
#   conditions of Art. 9(2)(a)-(j) applies, in addition to an Art. 6 basis.
# custom:
#   id: GDP002
#   name: gdpr-special-category-without-condition
#   severity: error
#   legal_basis:
#     - {instrument: GDPR, article: "9(1)"}
#     - {instrument: GDPR, article: "9(2)"}
#   recommended_action: >-
#     Add `gdpr.purposes.<purpose>.special_category_condition` (explicit_consent,
#     employment_social_security, health_care, legal_claims...) or stop using the column.
#   examples: special_category_without_condition.examples.yaml
#   message:
#     en: >-
#       Special-category column {table}.{column} is processed for purpose "{purpose}" without a GDPR
#       Art. 9(2) condition.
#     es: >-
#       La columna de categoría especial {table}.{column} se trata para la finalidad "{purpose}" sin
#       una condición del art. 9(2) del GDPR.
#   translations:
#     es:
#       title: Datos de categoría especial sin condición del art. 9(2)
#       description: |
#         Qué hace: con el perfil GDPR activo, señala una sentencia que expone, o un manifiesto que
#         comparte, una columna de categoría `sensible` o `biometrico` (salud, afiliación sindical,
#         biometría...) para una finalidad cuya entrada en `gdpr.purposes` no indica
#         `special_category_condition`.
#         Por qué importa: el tratamiento de categorías especiales está prohibido (art. 9(1)) salvo
#         que aplique una de las condiciones del art. 9(2)(a)-(j), además de una base del art. 6.
#       recommended_action: >-
#         Agregue `gdpr.purposes.<finalidad>.special_category_condition` (explicit_consent,
#         employment_social_security, health_care, legal_claims...) o deje de usar la columna.
deny contains finding.with_values("GDP002", values, [section, i]) if {
	_on
	is_string(input.purpose)
	some entry in _special_columns
	[section, i, c] := entry
	not _condition(input.purpose)
	values := {
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
		"purpose": input.purpose,
	}
}

_special_columns contains ["exposures", i, e] if {
	data.tutela.lib.statement.is_statement
	some i, e in input.exposures
	e.category in _special
}

_special_columns contains ["columns", i, c] if {
	data.tutela.lib.manifest.is_manifest
	some i, c in input.columns
	c.category in _special
	data.tutela.lib.manifest.identifiable(c)
}
