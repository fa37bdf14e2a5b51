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
deny contains finding.new("SHR005", msg, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	count(data.tutela.lib.manifest.purpose_tags & {"marketing", "telemarketing"}) > 0
	i := min({j | some j in data.tutela.lib.manifest.identifiable_columns; _shr005_unfiltered(input.columns[j])})
	c := input.columns[i]
	msg := sprintf(
		"Manifest %q sends contact data %s.%s for marketing without removing the exclusion list.",
		[input.id, c.table, c.column],
	)
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
