package tutela.egress

import data.tutela.lib.finding

# METADATA
# title: Export outside what the recipient's contract covers
# description: |
#   What it does: flags an export (`COPY INTO @stage`, `UNLOAD`, `EXPORT DATA`, a share grant…)
#   to a destination of an inventory recipient when what leaves is outside the recipient's
#   declared scope: a personal column whose category is not among the recipient's
#   `categories` (a full card number, sensitive data to a collections agency), or, for an
#   `encargado`, a statement purpose that is not among its `purposes` (a processor may only
#   process for the controller's purposes its contract lists). A column counts unless it
#   leaves aggregated or masked (`RIGHT(pan, 4)` is not the card number). A recipient that
#   declares no `categories` is not limited by category.
#
#   Does not fire: exports within the declared categories and purposes; aggregated or masked
#   columns; destinations of no recipient (EGR001 judges those).
#
#   Bad (`categories: [identificacion, contacto, patrimonial]` on the collections agency):
#   `COPY INTO @cobranza.stage_bpo/ FROM (SELECT nombre, numero_tarjeta FROM pagos.legacy)`.
#   Good: `… SELECT nombre, RIGHT(numero_tarjeta, 4) …`.
#
#   Why it matters: an encargado processes personal data on the controller's behalf under a
#   relationship that delimits its service (Art. 2 fr. XII), only per instructions and for no
#   other purpose (Reglamento 49-51); sending data its contract does not cover is processing
#   outside those instructions.
# custom:
#   id: EGR003
#   name: egress-outside-recipient-scope
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "XII"}
#     - {instrument: Reglamento LFPDPPP, article: "49-51", note: "Reglamento 2011; binding status uncertain"}
#   recommended_action: >-
#     Drop or mask the columns the recipient may not receive, or, if its contract does cover
#     them, add the category (or the purpose) to the recipient in the inventory.
#   examples: egress_outside_recipient_scope.examples.yaml
#   message:
#     category:
#       en: >-
#         Export to {target} sends {categories} data to "{recipient}", whose contract covers only
#         {covered}.
#       es: >-
#         La exportación a {target} envía datos de categoría {categories} a "{recipient}", cuyo
#         contrato solo cubre {covered}.
#     purpose:
#       en: >-
#         Export to {target} sends data for purpose "{purpose}" to processor "{recipient}", whose
#         contract does not list it.
#       es: >-
#         La exportación a {target} envía datos para la finalidad "{purpose}" al encargado
#         "{recipient}", cuyo contrato no la incluye.
#   translations:
#     es:
#       title: Exportación fuera de lo que cubre el contrato del destinatario
#       description: |
#         Qué hace: señala una exportación (`COPY INTO @stage`, `UNLOAD`, `EXPORT DATA`, una
#         concesión de un share…) a un destino de un destinatario del inventario cuando lo que sale
#         queda fuera del alcance declarado del destinatario: una columna personal cuya categoría
#         no está entre las `categories` del destinatario (un número de tarjeta completo, datos
#         sensibles a una agencia de cobranza) o, para un `encargado`, una finalidad de la
#         sentencia que no está entre sus `purposes` (un encargado solo puede tratar los datos para
#         las finalidades del responsable que su contrato enumera). Una columna cuenta salvo que
#         salga agregada o enmascarada (`RIGHT(pan, 4)` no es el número de tarjeta). Un
#         destinatario que no declara `categories` no está limitado por categoría.
#
#         No se activa: con exportaciones dentro de las categorías y finalidades declaradas; con
#         columnas agregadas o enmascaradas; con destinos que no son de ningún destinatario (esos
#         los juzga EGR001).
#
#         Incorrecto (`categories: [identificacion, contacto, patrimonial]` en la agencia de
#         cobranza): `COPY INTO @cobranza.stage_bpo/ FROM (SELECT nombre, numero_tarjeta FROM
#         pagos.legacy)`. Correcto: `… SELECT nombre, RIGHT(numero_tarjeta, 4) …`.
#
#         Por qué importa: un encargado trata datos personales por cuenta del responsable en una
#         relación que delimita su servicio (art. 2 fr. XII), solo conforme a sus instrucciones y
#         para ninguna otra finalidad (Reg. 49 a 51); enviarle datos que su contrato no cubre es
#         un tratamiento fuera de esas instrucciones.
#       recommended_action: >-
#         Elimine o enmascare las columnas que el destinatario no puede recibir o, si su contrato
#         sí las cubre, agregue la categoría (o la finalidad) al destinatario en el inventario.
deny contains finding.variant("EGR003", "category", values, ["egress", i]) if {
	data.tutela.lib.statement.is_statement
	some i, g in input.egress
	some r in _egress_recipients(g)
	is_array(r.categories)
	cats := _egr003_categories(g, r)
	count(cats) > 0
	values := {
		"target": object.get(g, "target", null),
		"categories": sort(cats),
		"recipient": object.get(r, "id", null),
		"covered": sort(r.categories),
	}
}

deny contains finding.variant("EGR003", "purpose", values, ["egress", i]) if {
	data.tutela.lib.statement.is_statement
	is_string(input.purpose)
	some i, g in input.egress
	personal_egress(g)
	some r in _egress_recipients(g)
	r.role == "encargado"
	not input.purpose in {p | some p in object.get(r, "purposes", [])}
	values := {
		"target": object.get(g, "target", null),
		"purpose": input.purpose,
		"recipient": object.get(r, "id", null),
	}
}

_egr003_categories(g, r) := {e.category |
	some e in input.exposures
	e.sink == "egress"
	e.target == g.target
	data.tutela.lib.statement.personal(e)
	not e.treatment in {"aggregated", "masked"}
	not e.category in {c | some c in r.categories}
}
