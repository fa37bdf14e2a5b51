package tutela.gdpr

import data.tutela.lib.finding

# METADATA
# title: Third-country transfer without a Chapter V safeguard
# description: |
#   What it does: with the GDPR profile on, flags a manifest that shares identifiable personal
#   data with a recipient outside the EEA, or a statement that exports personal data to the
#   declared destination of such a recipient, when the inventory's `gdpr.recipients` gives that
#   recipient no `safeguard` (adequacy, dpf, scc, bcr or derogation).
#   Why it matters: a transfer to a third country may take place only under Chapter V (Art. 44):
#   an adequacy decision (Art. 45), appropriate safeguards such as standard contractual clauses
#   (Art. 46) or binding corporate rules (Art. 47), or a derogation for a specific situation
#   (Art. 49).
# custom:
#   id: GDP003
#   name: gdpr-transfer-without-safeguard
#   severity: error
#   legal_basis:
#     - {instrument: GDPR, article: "44"}
#     - {instrument: GDPR, article: "46"}
#   recommended_action: >-
#     Record the Chapter V ground in `gdpr.recipients.<recipient>.safeguard` (and where to get a
#     copy in `reference`), or keep the data in the EEA.
#   examples: transfer_without_safeguard.examples.yaml
#   message:
#     manifest:
#       en: >-
#          Personal data go to "{recipient}" in {country}, a third country, without a GDPR Chapter V
#          safeguard.
#       es: >-
#          Se envían datos personales a "{recipient}" en {country}, un tercer país, sin una garantía
#          del capítulo V del GDPR.
#     egress:
#       en: >-
#          Personal data are exported to "{recipient}" in {country}, a third country, without a GDPR
#          Chapter V safeguard.
#       es: >-
#          Se exportan datos personales a "{recipient}" en {country}, un tercer país, sin una
#          garantía del capítulo V del GDPR.
#   translations:
#     es:
#       title: Transferencia a un tercer país sin garantía del capítulo V
#       description: |
#         Qué hace: con el perfil GDPR activo, señala un manifiesto que comparte datos personales
#         identificables con un destinatario fuera del EEE, o una sentencia que exporta datos
#         personales al destino declarado de ese destinatario, cuando `gdpr.recipients` del
#         inventario no le asigna `safeguard` (adequacy, dpf, scc, bcr o derogation).
#         Por qué importa: una transferencia a un tercer país solo puede hacerse conforme al
#         capítulo V (art. 44): una decisión de adecuación (art. 45), garantías adecuadas como las
#         cláusulas contractuales tipo (art. 46) o normas corporativas vinculantes (art. 47), o una
#         excepción para situaciones específicas (art. 49).
#       recommended_action: >-
#         Registre el fundamento del capítulo V en `gdpr.recipients.<destinatario>.safeguard` (y
#         dónde obtener una copia en `reference`), o mantenga los datos en el EEE.
deny contains finding.variant("GDP003", "manifest", values, ["country"]) if {
	_on
	data.tutela.lib.manifest.shares_personal
	_third_country(input.country)
	not _safeguard(input.recipient.id)
	values := {
		"recipient": data.tutela.lib.manifest.recipient_id,
		"country": object.get(input, "country", null),
	}
}

deny contains finding.variant("GDP003", "egress", values, ["egress", i]) if {
	_on
	data.tutela.lib.statement.is_statement
	some i, g in input.egress
	data.tutela.egress.personal_egress(g)
	some r in data.tutela.egress.recipients_for(g.target)
	_third_country(r.country)
	not _safeguard(r.id)
	values := {"recipient": object.get(r, "id", null), "country": object.get(r, "country", null)}
}
