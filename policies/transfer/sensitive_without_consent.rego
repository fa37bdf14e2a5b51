package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Sensitive or financial data transferred without the required consent
# description: |
#   What it does: flags a transfer without an Art. 36 exception that sends sensitive data
#   (`sensible`, `biometrico`) without express written consent, or financial data
#   (`patrimonial`, `pci_pan`) without express consent (express written also counts).
#   Why it matters: sensitive data need express and written consent (Art. 8) and financial or
#   patrimonial data express consent (Art. 7 ¶5); transferring without it is an infraction
#   (Art. 58 fr. XIII).
# custom:
#   id: TRF005
#   name: sensitive-transfer-without-consent
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "8"}
#     - {instrument: LFPDPPP, article: "7", paragraph: "5"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XIII"}
#   recommended_action: >-
#     Collect and record the consent the data need (`legal_basis.consent: express_written` for
#     sensitive data, `express` for financial data), rely on an Art. 36 exception, or aggregate
#     the columns.
#   examples: sensitive_without_consent.examples.yaml
#   message:
#     sensitive:
#       en: >-
#          Sensitive column {table}.{column} is transferred to "{recipient}" without express written
#          consent.
#       es: >-
#          La columna sensible {table}.{column} se transfiere a "{recipient}" sin consentimiento
#          expreso y por escrito.
#     financial:
#       en: >-
#          Financial column {table}.{column} is transferred to "{recipient}" without express
#          consent.
#       es: >-
#          La columna financiera {table}.{column} se transfiere a "{recipient}" sin consentimiento
#          expreso.
#   translations:
#     es:
#       title: Datos sensibles o financieros transferidos sin el consentimiento requerido
#       description: |
#         Qué hace: señala una transferencia sin excepción del art. 36 que envía datos sensibles
#         (`sensible`, `biometrico`) sin consentimiento expreso y por escrito, o datos financieros
#         (`patrimonial`, `pci_pan`) sin consentimiento expreso (el expreso y por escrito también
#         cuenta).
#         Por qué importa: los datos sensibles requieren consentimiento expreso y por escrito (art.
#         8) y los financieros o patrimoniales, consentimiento expreso (art. 7 ¶5); transferirlos
#         sin él es una infracción (art. 58 fr. XIII).
#       recommended_action: >-
#         Recabe y registre el consentimiento que requieren los datos (`legal_basis.consent:
#         express_written` para datos sensibles, `express` para datos financieros), apóyese en una
#         excepción del art. 36 o agregue las columnas.
deny contains finding.variant("TRF005", "sensitive", values, ["columns", i]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.exception == ""
	some i in data.tutela.lib.manifest.identifiable_columns
	c := input.columns[i]
	c.category in data.tutela.lib.manifest.sensitive_categories
	data.tutela.lib.manifest.consent != "express_written"
	values := {
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
		"recipient": data.tutela.lib.manifest.recipient_id,
	}
}

deny contains finding.variant("TRF005", "financial", values, ["columns", i]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.exception == ""
	some i in data.tutela.lib.manifest.identifiable_columns
	c := input.columns[i]
	c.category in data.tutela.lib.manifest.financial_categories
	not data.tutela.lib.manifest.consent in {"express", "express_written"}
	values := {
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
		"recipient": data.tutela.lib.manifest.recipient_id,
	}
}
