package tutela.international

import data.tutela.lib.finding

# METADATA
# title: International transfer without consent or exception
# description: |
#   What it does: flags a transfer of identifiable personal data to a `tercero` whose data will
#   be kept outside Mexico (`country` other than MX) when the manifest records neither an Art. 36
#   exception nor the titulares' consent.
#   Why it matters: international transfers follow the same consent rules as national ones
#   (Arts. 35-36), and data leaving the country are harder to recover.
# custom:
#   id: INT001
#   name: international-transfer-without-basis
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: LFPDPPP, article: "36"}
#   recommended_action: >-
#     Record the Art. 36 exception or the consent (`legal_basis.consent`, `consent_record`) that
#     covers the transfer abroad.
#   examples: international_transfer_without_basis.examples.yaml
#   message:
#     en: >-
#       Personal data go to "{recipient}" in {country} with neither consent nor an Art. 36
#       exception.
#     es: >-
#       Se transfieren datos personales a "{recipient}" en {country} sin consentimiento ni una
#       excepción del art. 36.
#   translations:
#     es:
#       title: Transferencia internacional sin consentimiento ni excepción
#       description: |
#         Qué hace: señala una transferencia de datos personales identificables a un `tercero` cuyos
#         datos se conservarán fuera de México (`country` distinto de MX) cuando el manifiesto no
#         registra una excepción del art. 36 ni el consentimiento de los titulares.
#         Por qué importa: las transferencias internacionales siguen las mismas reglas de
#         consentimiento que las nacionales (arts. 35-36), y los datos que salen del país son más
#         difíciles de recuperar.
#       recommended_action: >-
#         Registre la excepción del art. 36 o el consentimiento (`legal_basis.consent`,
#         `consent_record`) que ampara la transferencia al extranjero.
deny contains finding.with_values("INT001", values, ["country"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.abroad
	data.tutela.lib.manifest.shares_personal
	data.tutela.lib.manifest.exception == ""
	data.tutela.lib.manifest.consent == ""
	values := {
		"recipient": data.tutela.lib.manifest.recipient_id,
		"country": object.get(input, "country", null),
	}
}
