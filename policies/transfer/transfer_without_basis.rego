package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Transfer without consent or Art. 36 exception
# description: |
#   What it does: flags a manifest that sends identifiable personal data to a `tercero` when
#   `legal_basis` names no Art. 36 exception. Under the `strict` profile (the default) that is
#   enough: a share file cannot show that every titular in it accepted the transfer. Under the
#   `legal` profile the transfer is allowed when the manifest records the consent
#   (`legal_basis.consent` and `consent_record`) and the inventory declares that consent for the
#   recipient, so the aviso carries the acceptance clause.
#   Aggregated, masked or key-hashed columns are not identifiable and never trigger it.
#   Why it matters: a transfer needs the titular's consent unless an Art. 36 exception applies;
#   transferring outside the allowed cases or without the consent the law requires is an
#   infraction (Arts. 35, 36; Art. 58 fr. XII and XIII).
# custom:
#   id: TRF001
#   name: transfer-without-basis
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: LFPDPPP, article: "36"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XII"}
#   recommended_action: >-
#     Record the Art. 36 exception that applies in `legal_basis.exception`; or, under the `legal`
#     profile, share only titulares who accepted the transfer and record `legal_basis.consent`,
#     `legal_basis.consent_record` and the recipient's `consent` in the inventory; or send only
#     aggregated data.
#   examples: transfer_without_basis.examples.yaml
#   message:
#     strict:
#       en: >-
#          Manifest "{manifest}" transfers personal data to third party "{recipient}" without an
#          Art. 36 exception (strict profile).
#       es: >-
#          El manifiesto "{manifest}" transfiere datos personales al tercero "{recipient}" sin una
#          excepción del art. 36 (perfil estricto).
#     legal:
#       en: >-
#          Manifest "{manifest}" transfers personal data to third party "{recipient}" without an
#          Art. 36 exception or recorded consent declared in the notice.
#       es: >-
#          El manifiesto "{manifest}" transfiere datos personales al tercero "{recipient}" sin una
#          excepción del art. 36 ni un consentimiento registrado y declarado en el aviso de
#          privacidad.
#   translations:
#     es:
#       title: Transferencia sin consentimiento ni excepción del art. 36
#       description: |
#         Qué hace: señala un manifiesto que envía datos personales identificables a un `tercero`
#         cuando `legal_basis` no indica una excepción del art. 36. Con el perfil `strict` (el
#         predeterminado) eso basta: un archivo de intercambio no puede demostrar que cada titular
#         incluido aceptó la transferencia. Con el perfil `legal`, la transferencia se permite
#         cuando el manifiesto registra el consentimiento (`legal_basis.consent` y `consent_record`)
#         y el inventario declara ese consentimiento para el destinatario, de modo que el aviso de
#         privacidad incluye la cláusula de aceptación.
#         Las columnas agregadas, enmascaradas o con hash con llave no son identificables y nunca la
#         activan.
#         Por qué importa: una transferencia requiere el consentimiento del titular salvo que
#         aplique una excepción del art. 36; transferir fuera de los supuestos permitidos o sin el
#         consentimiento que exige la ley es una infracción (arts. 35, 36; art. 58 fr. XII y XIII).
#       recommended_action: >-
#         Registre en `legal_basis.exception` la excepción del art. 36 que aplica; o, con el perfil
#         `legal`, comparta solo a los titulares que aceptaron la transferencia y registre
#         `legal_basis.consent`, `legal_basis.consent_record` y el `consent` del destinatario en el
#         inventario; o envíe solo datos agregados.
deny contains finding.variant("TRF001", _profile, values, ["legal_basis"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.shares_personal
	data.tutela.lib.manifest.exception == ""
	_needs_basis
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"recipient": data.tutela.lib.manifest.recipient_id,
	}
}

_needs_basis if data.tutela.lib.inventory.strict

_needs_basis if {
	not data.tutela.lib.inventory.strict
	not _consent_recorded
}

_consent_recorded if {
	data.tutela.lib.manifest.consent != ""
	data.tutela.lib.manifest.has(input.legal_basis, "consent_record")
	data.tutela.lib.manifest.has(input.recipient, "consent")
}

_profile := "strict" if data.tutela.lib.inventory.strict

_profile := "legal" if not data.tutela.lib.inventory.strict
