package tutela.transfer

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "manifest"

# METADATA
# title: Art. 36 exception not declared for the recipient
# description: |
#   What it does: flags a transfer whose manifest claims an Art. 36 exception that differs from
#   the `exception` the inventory records for that recipient (or the inventory records none).
#   Why it matters: the inventory is what the aviso is generated from; an exception that only
#   the manifest knows about is not in the record of transfers the privacy office reviews, and
#   the justification for sharing without consent cannot be shown consistently (Art. 36;
#   Reg. 68).
# custom:
#   id: TRF008
#   name: exception-not-in-inventory
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "36"}
#     - {instrument: Reglamento LFPDPPP, article: "68"}
#   recommended_action: >-
#     Record the same exception under the recipient in the inventory, or correct the manifest's
#     `legal_basis.exception`.
#   examples: exception_not_in_inventory.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" claims exception {exception}, which the inventory does not record for
#       "{recipient}".
#     es: >-
#       El manifiesto "{manifest}" invoca la excepción {exception}, que el inventario no registra
#       para "{recipient}".
#   translations:
#     es:
#       title: Excepción del art. 36 no declarada para el destinatario
#       description: |
#         Qué hace: señala una transferencia cuyo manifiesto invoca una excepción del art. 36
#         distinta de la `exception` que el inventario registra para ese destinatario (o el
#         inventario no registra ninguna).
#         Por qué importa: el aviso de privacidad se genera a partir del inventario; una excepción
#         que solo conoce el manifiesto no figura en el registro de transferencias que revisa la
#         oficina de privacidad, y la justificación para transferir sin consentimiento no puede
#         acreditarse de forma consistente (art. 36; Reg. 68).
#       recommended_action: >-
#         Registre la misma excepción en el destinatario del inventario, o corrija la
#         `legal_basis.exception` del manifiesto.
warn contains finding.with_values("TRF008", values, ["legal_basis"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.exception != ""
	not input.recipient.exception == data.tutela.lib.manifest.exception
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"exception": data.tutela.lib.manifest.exception,
		"recipient": data.tutela.lib.manifest.recipient_id,
	}
}
