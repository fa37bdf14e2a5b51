package tutela.egress

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Personal data exported to a third party without an Art. 36 exception
# description: |
#   What it does: flags an export of personal data to a destination of a recipient with role
#   `tercero` (a transfer) that has no Art. 36 `exception`. Under the `strict` profile every
#   such export is flagged, because the warehouse cannot show that each exported titular
#   accepted the transfer; under the `legal` profile it is allowed when the recipient records
#   the titulares' `consent` for the transfer.
#   A Snowflake share counts as an export to the recipient that lists the share's name in its
#   `destinations`, and `ALTER SHARE s ADD ACCOUNTS = org.acct` as a transfer to the recipient
#   whose `accounts` include that consumer account (what the share holds is not in that
#   statement, so it is judged as personal data).
#   Why it matters: a transfer needs the titular's consent unless one of the Art. 36 exceptions
#   applies, and the recipient must receive the aviso and its purposes (Arts. 35 and 36).
# custom:
#   id: EGR002
#   name: egress-to-tercero
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: LFPDPPP, article: "36"}
#   recommended_action: >-
#     Export only the titulares who accepted the transfer and run under the `legal` profile with
#     the recipient's `consent` recorded, or record the Art. 36 exception that applies.
#   examples: egress_to_tercero.examples.yaml
#   message:
#     en: >-
#       Personal data is transferred to third party "{recipient}" at {target} without an Art. 36
#       exception.
#     es: >-
#       Se transfieren datos personales al tercero "{recipient}" en {target} sin una excepción del
#       art. 36.
#   translations:
#     es:
#       title: Datos personales exportados a un tercero sin excepción del art. 36
#       description: |
#         Qué hace: señala una exportación de datos personales a un destino de un destinatario con
#         rol `tercero` (una transferencia) que no tiene `exception` del art. 36. Con el perfil
#         `strict` se señala toda exportación de ese tipo, porque el almacén de datos no puede
#         demostrar que cada titular exportado aceptó la transferencia; con el perfil `legal` se
#         permite cuando el destinatario registra el `consent` de los titulares para la
#         transferencia.
#         Por qué importa: una transferencia requiere el consentimiento del titular salvo que
#         aplique alguna de las excepciones del art. 36, y el receptor debe recibir el aviso de
#         privacidad y sus finalidades (arts. 35 y 36).
#       recommended_action: >-
#         Exporte solo a los titulares que aceptaron la transferencia y ejecute con el perfil
#         `legal` con el `consent` del destinatario registrado, o registre la excepción del art. 36
#         que aplica.
deny contains finding.with_values("EGR002", values, ["egress", i]) if {
	data.tutela.lib.statement.is_statement
	some i, g in input.egress
	_transfer_channel(g)
	some r in _egress_recipients(g)
	r.role == "tercero"
	not _has_text(r, "exception")
	_egr002_applies(r)
	values := {"recipient": object.get(r, "id", null), "target": object.get(g, "target", null)}
}

# A share opened to a consumer account (ALTER SHARE … ADD ACCOUNTS) carries whatever the share
# holds, which this statement does not show: it is judged as a transfer channel (fail closed).
_transfer_channel(g) if personal_egress(g)

_transfer_channel(g) if count(object.get(g, "accounts", [])) > 0

_egress_recipients(g) := (recipients_for(g.target) | _account_recipients(g)) | {r |
	some r in data.tutela.inventory.recipients
	some s in _named
	s.approved == true
	r.id == s.recipient
}

_egr002_applies(r) if data.tutela.lib.inventory.strict

_egr002_applies(r) if {
	not data.tutela.lib.inventory.strict
	not _has_text(r, "consent")
}

_has_text(obj, key) if {
	is_string(obj[key])
	obj[key] != ""
}

# The recipients whose Snowflake consumer `accounts` the egress opens a share to.
_account_recipients(g) := {r |
	some r in data.tutela.inventory.recipients
	some a in object.get(r, "accounts", [])
	lower(a) in {lower(x) | some x in object.get(g, "accounts", [])}
}
