package tutela.gdpr

import data.tutela.lib.finding

# METADATA
# title: Processing without an Art. 6 basis for the declared purpose
# description: |
#   What it does: with the GDPR profile on, flags a statement that exposes personal data, or a
#   manifest that shares it, for a declared purpose whose entry in the inventory's `gdpr.purposes`
#   names no `lawful_basis`.
#   Why it matters: processing is lawful only if one of the six bases of Art. 6(1) applies
#   (consent, contract, legal obligation, vital interests, public task, legitimate interests);
#   lawfulness is the first principle (Art. 5(1)(a)), and the notice must state the basis of
#   each purpose (Arts. 13(1)(c), 14(1)(c)).
# custom:
#   id: GDP001
#   name: gdpr-processing-without-lawful-basis
#   severity: error
#   legal_basis:
#     - {instrument: GDPR, article: "6(1)"}
#     - {instrument: GDPR, article: "5(1)(a)"}
#   recommended_action: >-
#     Add `gdpr.purposes.<purpose>.lawful_basis` (consent, contract, legal_obligation,
#     vital_interests, public_task or legitimate_interests) to the inventory.
#   examples: processing_without_lawful_basis.examples.yaml
#   message:
#     en: >-
#       Purpose "{purpose}" has no GDPR Art. 6(1) lawful basis in the inventory.
#     es: >-
#       La finalidad "{purpose}" no tiene en el inventario una base de licitud del art. 6(1) del
#       GDPR.
#   translations:
#     es:
#       title: Tratamiento sin base del art. 6 para la finalidad declarada
#       description: |
#         Qué hace: con el perfil GDPR activo, señala una sentencia que expone datos personales, o
#         un manifiesto que los comparte, para una finalidad declarada cuya entrada en
#         `gdpr.purposes` del inventario no indica `lawful_basis`.
#         Por qué importa: el tratamiento solo es lícito si aplica una de las seis bases del art.
#         6(1) (consentimiento, contrato, obligación legal, intereses vitales, misión de interés
#         público, intereses legítimos); la licitud es el primer principio (art. 5(1)(a)), y el
#         aviso debe indicar la base de cada finalidad (arts. 13(1)(c), 14(1)(c)).
#       recommended_action: >-
#         Agregue `gdpr.purposes.<finalidad>.lawful_basis` (consent, contract, legal_obligation,
#         vital_interests, public_task o legitimate_interests) al inventario.
deny contains finding.with_values("GDP001", values, ["purpose"]) if {
	_on
	_processes_personal
	is_string(input.purpose)
	data.tutela.inventory.purposes_by_id[input.purpose]
	not _basis(input.purpose)
	values := {"purpose": input.purpose}
}

_processes_personal if _statement_personal

_processes_personal if data.tutela.lib.manifest.shares_personal
