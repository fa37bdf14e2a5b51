package tutela.consent

import data.tutela.lib.finding

# METADATA
# title: Financial data used with tacit consent
# description: |
#   What it does: flags a patrimonial (financial or property) column that is exposed or used in
#   any clause for a purpose that relies on consent of kind `tacit`.
#   Why it matters: financial and patrimonial data need express consent unless an Art. 9
#   exception applies (Art. 7 ¶5); processing them without it is an infraction (Art. 58
#   fr. XIII). A purpose with an Art. 9 exception (`requires_consent: false`) is not flagged.
# custom:
#   id: CON003
#   name: financial-without-express-consent
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "7", paragraph: "5"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XIII"}
#   recommended_action: >-
#     Drop the column from the statement, or obtain express consent for the purpose and record it
#     as `consent: express` in the inventory.
#   examples: financial_without_express_consent.examples.yaml
#   message:
#     en: >-
#       Patrimonial column {table}.{column} is used for purpose "{purpose}", which has only tacit
#       consent.
#     es: >-
#       La columna patrimonial {table}.{column} se usa para la finalidad "{purpose}", que solo
#       cuenta con consentimiento tácito.
#   translations:
#     es:
#       title: Datos financieros con consentimiento tácito
#       description: |
#         Qué hace: señala una columna patrimonial (financiera o de bienes) que se expone o se usa
#         en cualquier cláusula para una finalidad que se apoya en consentimiento de tipo `tacit`
#         (tácito).
#         Por qué importa: los datos financieros y patrimoniales requieren consentimiento expreso
#         salvo que aplique una excepción del art. 9 (art. 7 ¶5); tratarlos sin él es una infracción
#         (art. 58 fr. XIII). Una finalidad con excepción del art. 9 (`requires_consent: false`) no
#         se señala.
#       recommended_action: >-
#         Quite la columna de la sentencia, u obtenga el consentimiento expreso para la finalidad y
#         regístrelo como `consent: express` en el inventario.
deny contains finding.with_values("CON003", values, data.tutela.lib.statement.first_path(t, c)) if {
	some [t, c] in _con003_columns
	values := {"table": t, "column": c, "purpose": input.purpose}
}

_con003_columns contains [u.table, u.column] if {
	p := data.tutela.lib.statement.declared_purpose
	p.requires_consent == true
	p.consent == "tacit"
	some u in data.tutela.lib.statement.uses
	u.entry.category == "patrimonial"
}
