package tutela.egress

import data.tutela.lib.finding

# METADATA
# title: Egress without a declared share
# description: |
#   What it does: flags an export (COPY INTO a stage or URI, UNLOAD, EXPORT DATA, COPY ... TO,
#   INSERT OVERWRITE DIRECTORY, SELECT ... INTO OUTFILE, a Snowflake share) that carries
#   personal columns when neither the statement's `-- tutela: share=<id>` names an approved
#   sharing manifest (whose destinations, if listed, include the target) nor the target starts
#   with a `destinations` entry of an inventory recipient. A destination matches at a path
#   boundary (`s3://bucket` does not cover `s3://bucket-other/`); stage names ignore case.
#   When the facts cannot say which columns leave, any personal table read counts.
#   Why it matters: a transfer needs the recipient to be known and bound by the aviso and its
#   purposes (Art. 35); transferring outside the allowed cases is an infraction (Art. 58
#   fr. XII), and a remisión needs a contract with the processor (Reg. 51).
# custom:
#   id: EGR001
#   name: egress-without-share
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XII"}
#     - {instrument: Reglamento LFPDPPP, article: "51", note: "Reglamento 2011; binding status uncertain"}
#   recommended_action: >-
#     Send the data only to a destination listed under a recipient in the inventory, or add a
#     sharing manifest for this export and reference it with `-- tutela: share=<id>`.
#   examples: egress_without_share.examples.yaml
deny contains finding.new("EGR001", msg, ["egress", i]) if {
	data.tutela.lib.statement.is_statement
	some i, g in input.egress
	personal_egress(g)
	not _approved_share(g)
	count(recipients_for(g.target)) == 0
	msg := sprintf(
		"Personal data leaves the warehouse to %s, which no approved share or inventory recipient declares.",
		[g.target],
	)
}

# personal_egress holds when personal columns reach the egress target g.
personal_egress(g) if {
	some e in input.exposures
	e.sink == "egress"
	e.target == g.target
	data.tutela.lib.statement.personal(e)
}

personal_egress(g) if {
	not _has_exposures(g)
	some r in input.reads
	r.personal == true
}

_has_exposures(g) if {
	some e in input.exposures
	e.sink == "egress"
	e.target == g.target
}

# share is the approved sharing manifest the statement names, if any.
share := s if {
	is_string(input.share)
	some s in data.tutela.lib.config.shares
	s.id == input.share
	s.approved == true
}

_approved_share(g) if {
	count(object.get(share, "destinations", [])) == 0
}

_approved_share(g) if {
	some d in share.destinations
	destination_matches(g.target, d)
}

# recipients_for returns the inventory recipients one of whose destinations covers target.
recipients_for(target) := {r |
	some r in data.tutela.inventory.recipients
	some d in object.get(r, "destinations", [])
	destination_matches(target, d)
}

# destination_matches holds when target is destination d or lies under it.
destination_matches(target, d) if _norm(target) == _norm(d)

destination_matches(target, d) if {
	endswith(d, "/")
	startswith(_norm(target), _norm(d))
}

destination_matches(target, d) if {
	not endswith(d, "/")
	startswith(_norm(target), concat("", [_norm(d), "/"]))
}

_norm(s) := lower(s) if startswith(s, "@")

_norm(s) := s if not startswith(s, "@")
