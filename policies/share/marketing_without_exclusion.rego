package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Marketing contacts shared without exclusion-list filtering
# description: |
#   What it does: flags a manifest for a purpose tagged `marketing` or `telemarketing` that
#   sends a phone or e-mail column its `query:` does not anti-join against each list the
#   purpose requires for that contact: the internal exclusion list for any marketing use and,
#   for `telemarketing`, the REPEP snapshot for phones (the REPEP holds no e-mails, so an
#   e-mail-only share never needs it). It is the SQL gate's test (EXC001, EXC002; policies/lib/exclusion.rego) applied to
#   the share's query, column by column and occurrence by occurrence, so a query that passes
#   `tutela lint` passes here and the other way round. A table that is several lists at once
#   counts for each kind the anti-join compares. A `tables:` share cannot filter, so a
#   marketing share of phones or e-mails through `tables:` is always flagged.
#
#   Does not fire: an e-mail-only share anti-joined against the internal list (it never needs
#   the REPEP); a share whose contact columns are aggregated, masked or hashed with a key;
#   purposes without a marketing tag.
#
#   Bad: a `tables:` share of `crm.clientes.telefono` to an agency for marketing. Good: a
#   `query:` `SELECT c.telefono FROM crm.clientes c WHERE NOT EXISTS (SELECT 1 FROM no_contactar
#   x WHERE x.telefono = c.telefono)` over a table that is both the internal list and the
#   REPEP copy.
#
#   Why it matters: titulares who objected or asked not to receive advertising must be left out
#   (Art. 26; Art. 15 fr. IV), also when a partner or agency sends it (LFPC Arts. 17, 18 Bis).
# custom:
#   id: SHR005
#   name: marketing-share-without-exclusion
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "26"}
#     - {instrument: LFPC, article: "18 Bis"}
#   recommended_action: >-
#     Share through a `query:` that anti-joins the exclusion lists on the contact columns (e.g.
#     `WHERE NOT EXISTS (SELECT 1 FROM listado_exclusion x WHERE x.telefono = c.telefono)`; the
#     REPEP snapshot too for telemarketing calls).
#   examples: marketing_without_exclusion.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" sends contact data {table}.{column} for marketing without removing the
#       exclusion list.
#     es: >-
#       El manifiesto "{manifest}" envía el dato de contacto {table}.{column} para mercadotecnia sin
#       excluir a quienes están en la lista de exclusión.
#   translations:
#     es:
#       title: Contactos para mercadotecnia compartidos sin filtrar la lista de exclusión
#       description: |
#         Qué hace: señala un manifiesto para una finalidad con etiqueta `marketing` o
#         `telemarketing` que envía una columna de teléfono o correo electrónico sin que su `query:`
#         haga un anti-join contra cada lista que la finalidad exige para ese contacto: la lista de
#         exclusión interna para cualquier uso de mercadotecnia y, en `telemarketing`, la copia del
#         REPEP para teléfonos (el REPEP no contiene correos, así que un intercambio solo de correos
#         nunca la necesita). Es la prueba de la verificación de SQL (EXC001, EXC002;
#         policies/lib/exclusion.rego) aplicada a la consulta del intercambio, columna por columna y
#         ocurrencia por ocurrencia, de modo que una consulta que pasa `tutela lint` pasa aquí y
#         viceversa. Una tabla que es varias listas a la vez cuenta para cada tipo que compara el
#         anti-join. Un intercambio con `tables:` no puede filtrar, así que un intercambio de
#         teléfonos o correos para mercadotecnia mediante `tables:` siempre se señala.
#         No se activa: en un intercambio solo de correos con anti-join contra la lista interna
#         (nunca necesita el REPEP); en un intercambio cuyas columnas de contacto están agregadas,
#         enmascaradas o con hash con llave; en finalidades sin etiqueta de mercadotecnia.
#         Incorrecto: un intercambio con `tables:` de `crm.clientes.telefono` a una agencia para
#         mercadotecnia. Correcto: una `query:` `SELECT c.telefono FROM crm.clientes c WHERE NOT
#         EXISTS (SELECT 1 FROM no_contactar x WHERE x.telefono = c.telefono)` sobre una tabla que
#         es a la vez la lista interna y la copia del REPEP.
#         Por qué importa: los titulares que se opusieron o pidieron no recibir publicidad deben
#         quedar fuera (art. 26; art. 15 fr. IV), también cuando la envía un socio o una agencia
#         (LFPC arts. 17, 18 Bis).
#       recommended_action: >-
#         Comparta mediante una `query:` que haga un anti-join contra las listas de exclusión sobre
#         las columnas de contacto (p. ej. `WHERE NOT EXISTS (SELECT 1 FROM listado_exclusion x
#         WHERE x.telefono = c.telefono)`; para llamadas de telemarketing, también contra la copia
#         del REPEP).
deny contains finding.with_values("SHR005", values, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	count(data.tutela.lib.manifest.purpose_tags & {"marketing", "telemarketing"}) > 0
	i := min({j | some j in data.tutela.lib.manifest.identifiable_columns; _shr005_unfiltered(input.columns[j])})
	c := input.columns[i]
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
	}
}

_shr005_contact(c) if {
	c.category == "contacto"
	c.contact_type in {"phone", "email"}
	is_string(c.table)
	is_string(c.column)
	not data.tutela.lib.exclusion.is_list(c.table)
}

# A contact column the query does not anti-join against one of the lists the purpose requires
# for it (EXC001's internal list, EXC002's REPEP for phones in telemarketing).
_shr005_unfiltered(c) if {
	_shr005_contact(c)
	some kind in data.tutela.lib.exclusion.required_kinds(data.tutela.lib.manifest.purpose_tags, c.contact_type)
	not _shr005_covered(c, {kind})
}

_shr005_covered(c, kinds) if {
	is_object(input.query)
	data.tutela.lib.exclusion.covered(
		object.get(input.query, "exclusion_checks", []),
		lower(c.table), lower(c.column), data.tutela.lib.statement.occurrence(c), kinds,
	)
}
