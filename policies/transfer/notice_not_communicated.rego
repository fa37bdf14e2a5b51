package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Aviso not communicated to the recipient
# description: |
#   What it does: flags a transfer of identifiable personal data whose manifest has no
#   `notice.delivered` date: no evidence that the recipient received the aviso and the purposes
#   the titulares accepted.
#   Why it matters: the transferor must communicate the aviso and the purposes to the third
#   party (Art. 35 ¶1); not doing so is an infraction (Art. 58 fr. X). Art. 36 exceptions waive
#   consent, not this duty.
# custom:
#   id: TRF002
#   name: notice-not-communicated
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35", paragraph: "1"}
#     - {instrument: LFPDPPP, article: "58", fraction: "X"}
#   recommended_action: >-
#     Deliver the aviso and the accepted purposes to the recipient (e.g. as a contract annex)
#     and record it under `notice: {delivered: YYYY-MM-DD, reference: ...}`.
#   examples: notice_not_communicated.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" has no evidence that "{recipient}" received the aviso and its
#       purposes.
#     es: >-
#       El manifiesto "{manifest}" no acredita que "{recipient}" haya recibido el aviso de
#       privacidad y sus finalidades.
#   translations:
#     es:
#       title: Aviso de privacidad no comunicado al destinatario
#       description: |
#         Qué hace: señala una transferencia de datos personales identificables cuyo manifiesto no
#         tiene fecha `notice.delivered`: no hay constancia de que el destinatario haya recibido el
#         aviso de privacidad y las finalidades que aceptaron los titulares.
#         Por qué importa: el transferente debe comunicar al tercero el aviso de privacidad y las
#         finalidades (art. 35 ¶1); no hacerlo es una infracción (art. 58 fr. X). Las excepciones
#         del art. 36 dispensan el consentimiento, no este deber.
#       recommended_action: >-
#         Entregue al destinatario el aviso de privacidad y las finalidades aceptadas (por ejemplo,
#         como anexo del contrato) y regístrelo en `notice: {delivered: AAAA-MM-DD, reference:
#         ...}`.
deny contains finding.with_values("TRF002", values, ["notice"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.shares_personal
	not data.tutela.lib.manifest.has(input.notice, "delivered")
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"recipient": data.tutela.lib.manifest.recipient_id,
	}
}
