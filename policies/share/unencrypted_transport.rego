package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Personal data sent without encryption in transit
# description: |
#   What it does: flags a manifest that sends identifiable personal data with
#   `transport.encryption_in_transit: false`.
#   Why it matters: the responsable must keep administrative, technical and physical security
#   measures that protect the data against loss, alteration or unauthorised access (Art. 18);
#   an unencrypted channel exposes every record sent.
# custom:
#   id: SHR007
#   name: unencrypted-transport
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "18"}
#   recommended_action: >-
#     Use an encrypted channel (SFTP, HTTPS, TLS to the bucket) and set
#     `encryption_in_transit: true`.
#   examples: unencrypted_transport.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" sends personal data over {method} without encryption.
#     es: >-
#       El manifiesto "{manifest}" envía datos personales por {method} sin cifrado.
#   translations:
#     es:
#       title: Datos personales enviados sin cifrado en tránsito
#       description: |
#         Qué hace: señala un manifiesto que envía datos personales identificables con
#         `transport.encryption_in_transit: false`.
#         Por qué importa: el responsable debe mantener medidas de seguridad administrativas,
#         técnicas y físicas que protejan los datos contra pérdida, alteración o acceso no
#         autorizado (art. 18); un canal sin cifrar expone cada registro enviado.
#       recommended_action: >-
#         Use un canal cifrado (SFTP, HTTPS, TLS hacia el bucket) y establezca
#         `encryption_in_transit: true`.
deny contains finding.with_values("SHR007", values, ["transport"]) if {
	data.tutela.lib.manifest.shares_personal
	input.transport.encryption_in_transit == false
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"method": object.get(input.transport, "method", null),
	}
}
