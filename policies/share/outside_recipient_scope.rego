package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Share outside what the recipient may receive
# description: |
#   What it does: flags a manifest that sends a personal column whose category is not among
#   the recipient's `categories` in the inventory (what its contract covers), unless the column
#   leaves aggregated, masked or hashed with a key. It is EGR003's category test on a
#   manifest. A recipient that declares no `categories` is not limited by category.
#
#   Does not fire: columns within the declared categories; de-identified columns.
#
#   Bad: a share of `pagos.legacy.numero_tarjeta` to a recipient with `categories:
#   [identificacion, contacto]`. Good: `RIGHT(numero_tarjeta, 4)`, or no card column.
#
#   Why it matters: a processor may only process what the controller instructs within the
#   contract, and a third party only what the titular accepted for it (Arts. 2 fr. XII, 35).
# custom:
#   id: SHR011
#   name: share-outside-recipient-scope
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "XII"}
#     - {instrument: LFPDPPP, article: "35"}
#   recommended_action: >-
#     Drop or mask the column, or, if the recipient's contract covers the category, add it to
#     the recipient's `categories` in the inventory.
#   examples: outside_recipient_scope.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" sends {table}.{column} ({category}) to "{recipient}", whose contract
#       covers only {covered}.
#     es: >-
#       El manifiesto "{manifest}" envía {table}.{column} ({category}) a "{recipient}", cuyo
#       contrato solo cubre {covered}.
#   translations:
#     es:
#       title: Intercambio fuera de lo que el destinatario puede recibir
#       description: |
#         Qué hace: señala un manifiesto que envía una columna personal cuya categoría no está
#         entre las `categories` del destinatario en el inventario (lo que cubre su contrato),
#         salvo que la columna salga agregada, enmascarada o con hash con clave. Es la prueba de
#         categorías de EGR003 aplicada a un manifiesto. Un destinatario que no declara
#         `categories` no está limitado por categoría.
#
#         No se activa: con columnas dentro de las categorías declaradas; con columnas
#         desidentificadas.
#
#         Incorrecto: un intercambio de `pagos.legacy.numero_tarjeta` a un destinatario con
#         `categories: [identificacion, contacto]`. Correcto: `RIGHT(numero_tarjeta, 4)`, o ninguna
#         columna de tarjeta.
#
#         Por qué importa: un encargado solo puede tratar lo que el responsable le instruye dentro
#         del contrato, y un tercero solo lo que el titular aceptó para él (arts. 2 fr. XII y 35).
#       recommended_action: >-
#         Elimine o enmascare la columna o, si el contrato del destinatario cubre la categoría,
#         agréguela a las `categories` del destinatario en el inventario.
deny contains finding.with_values("SHR011", values, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	is_array(input.recipient.categories)
	some i in data.tutela.lib.manifest.identifiable_columns
	c := input.columns[i]
	not object.get(c, "category", null) in {x | some x in input.recipient.categories}
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
		"category": object.get(c, "category", null),
		"recipient": data.tutela.lib.manifest.recipient_id,
		"covered": sort(input.recipient.categories),
	}
}

# METADATA
# title: Transfer consent claimed but not filtered
# description: |
#   What it does: for a manifest to a `tercero` that relies on consent (no Art. 36
#   `exception`), flags each shared table for which the recipient names a transfer-consent
#   column (`consent_columns: {<table>: <column>}` on the recipient in the inventory) when the
#   share's `query:` does not keep only the rows where that column is true (a restricting,
#   positive filter: `WHERE c.acepta_socio = TRUE`). The manifest's consent claim is checked
#   against the rows actually shared, not taken on its word; a `tables:` share cannot filter
#   and is always flagged.
#
#   Does not fire: a transfer under an Art. 36 exception; a recipient with no consent column
#   for that table; a remisión to an encargado (no consent needed for it).
#
#   Bad: `SELECT nombre, telefono FROM crm.clientes` to the partner whose consent column is
#   `acepta_socio`. Good: `… WHERE acepta_socio = TRUE`.
#
#   Why it matters: a transfer without an Art. 36 exception needs the titular's consent (Art.
#   35); sending titulares who did not accept it is a transfer without consent.
# custom:
#   id: SHR012
#   name: transfer-consent-not-filtered
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: LFPDPPP, article: "36"}
#   recommended_action: >-
#     Share through a `query:` that keeps only the titulares who accepted the transfer (`WHERE
#     <table>.<consent column> = TRUE`), or record the Art. 36 exception that applies.
#   examples: transfer_consent_not_filtered.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" transfers {table} to "{recipient}" without keeping only rows where
#       {consent_column} is true.
#     es: >-
#       El manifiesto "{manifest}" transfiere {table} a "{recipient}" sin conservar solo las filas
#       en las que {consent_column} es verdadero.
#   translations:
#     es:
#       title: Consentimiento para la transferencia declarado pero no filtrado
#       description: |
#         Qué hace: en un manifiesto a un `tercero` que se apoya en el consentimiento (sin
#         `exception` del art. 36), señala cada tabla compartida para la que el destinatario
#         nombra una columna de consentimiento para la transferencia (`consent_columns: {<tabla>:
#         <columna>}` en el destinatario del inventario) cuando la `query:` del intercambio no
#         conserva solo las filas en las que esa columna es verdadera (un filtro positivo
#         restrictivo: `WHERE c.acepta_socio = TRUE`). La afirmación de consentimiento del
#         manifiesto se comprueba contra las filas que realmente se comparten, no se da por buena;
#         un intercambio con `tables:` no puede filtrar y siempre se señala.
#
#         No se activa: con una transferencia amparada en una excepción del art. 36; con un
#         destinatario sin columna de consentimiento para esa tabla; con una remisión a un
#         encargado (no requiere consentimiento).
#
#         Incorrecto: `SELECT nombre, telefono FROM crm.clientes` al socio cuya columna de
#         consentimiento es `acepta_socio`. Correcto: `… WHERE acepta_socio = TRUE`.
#
#         Por qué importa: una transferencia sin una excepción del art. 36 requiere el
#         consentimiento del titular (art. 35); enviar titulares que no la aceptaron es una
#         transferencia sin consentimiento.
#       recommended_action: >-
#         Comparta mediante una `query:` que conserve solo a los titulares que aceptaron la
#         transferencia (`WHERE <tabla>.<columna de consentimiento> = TRUE`), o registre la
#         excepción del art. 36 que aplica.
deny contains finding.with_values("SHR012", values, ["tables", i]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.shares_personal
	data.tutela.lib.manifest.exception == ""
	some i, t in input.tables
	t.shared == true
	column := t.transfer_consent_columns[input.recipient.id]
	not _shr012_filtered(object.get(t, "table", null), column)
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"table": object.get(t, "table", null),
		"recipient": data.tutela.lib.manifest.recipient_id,
		"consent_column": column,
	}
}

_shr012_filtered(table, column) if {
	is_object(input.query)
	some f in object.get(input.query, "consent_filters", [])
	lower_table := data.tutela.lib.statement.lower_or_null(object.get(f, "table", null))
	lower_table != null
	lower_table == data.tutela.lib.statement.lower_or_null(table)
	lower_column := data.tutela.lib.statement.lower_or_null(object.get(f, "column", null))
	lower_column != null
	lower_column == data.tutela.lib.statement.lower_or_null(column)
	f.polarity == "positive"
	f.restricts == true
}
