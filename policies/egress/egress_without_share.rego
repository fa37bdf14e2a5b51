package tutela.egress

import data.tutela.lib.finding

# METADATA
# title: Egress without a declared share
# description: |
#   What it does: flags an export (COPY INTO a stage or URI, UNLOAD, EXPORT DATA, COPY ... TO,
#   INSERT OVERWRITE DIRECTORY, SELECT ... INTO OUTFILE, a Snowflake share) that carries
#   personal columns and is not covered by an approved sharing manifest, so that the SQL gate
#   and `tutela shares check` agree. With a `-- tutela: share=<id>` pragma, only that manifest
#   covers the export: it must exist, be approved, and list the target among its
#   destinations (each failure has its own message). Without a pragma, any approved manifest
#   whose destinations include the target covers it. Only when the project has no manifests
#   at all does a recipient's `destinations` in the inventory cover the target. A destination
#   matches at a path boundary (`s3://bucket` does not cover `s3://bucket-other/`); stage
#   names ignore case. When the facts cannot say which columns leave, any personal table read
#   counts.
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
	not _covered(g)
	msg := _egr001_message(g)
}

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

# With a pragma, only the named manifest covers the export.
_covered(g) if {
	is_string(input.share)
	some s in data.tutela.lib.config.shares
	s.id == input.share
	_allows(s, g)
}

# Without a pragma, any approved manifest that lists the target.
_covered(g) if {
	not is_string(input.share)
	some s in data.tutela.lib.config.shares
	_allows(s, g)
}

# An approved manifest in force whose destinations include the target and whose shared
# columns (when the summary lists them) include every personal column that leaves.
_allows(s, g) if {
	s.approved == true
	_in_force(s)
	some d in s.destinations
	destination_matches(g.target, d)
	count(_extra_columns(s, g)) == 0
}

_in_force(s) if not is_string(s.valid_until)

_in_force(s) if {
	is_string(s.valid_until)
	s.valid_until >= data.tutela.lib.config.today
}

_extra_columns(s, g) := set() if not is_array(s.columns)

_extra_columns(s, g) := {c |
	is_array(s.columns)
	some e in input.exposures
	e.sink == "egress"
	e.target == g.target
	data.tutela.lib.statement.personal(e)
	c := lower(concat(".", [e.table, e.column]))
	not c in {lower(x) | some x in s.columns}
}

# A project without manifests relies on the inventory's recipient destinations.
_covered(g) if {
	not is_string(input.share)
	count(data.tutela.lib.config.shares) == 0
	count(recipients_for(g.target)) > 0
}

_named := [s | some s in data.tutela.lib.config.shares; s.id == input.share]

_egr001_message(g) := sprintf(
	"Personal data leaves to %s under share %q, which no sharing manifest declares.",
	[g.target, input.share],
) if {
	is_string(input.share)
	count(_named) == 0
}

_egr001_message(g) := sprintf(
	"Personal data leaves to %s under share %q, whose manifest is not approved.",
	[g.target, input.share],
) if {
	is_string(input.share)
	count(_named) > 0
	not _named[0].approved == true
}

_egr001_message(g) := sprintf(
	"Personal data leaves to %s, which is not among the destinations of share %q.",
	[g.target, input.share],
) if {
	is_string(input.share)
	_named[0].approved == true
	not _named_lists_target(g)
}

_egr001_message(g) := sprintf(
	"Share %q, whose contract ended on %s, covers no export to %s.",
	[input.share, _named[0].valid_until, g.target],
) if {
	is_string(input.share)
	_named[0].approved == true
	_named_lists_target(g)
	not _in_force(_named[0])
}

_egr001_message(g) := sprintf(
	"Columns %s leave to %s, but share %q does not include them.",
	[concat(", ", sort(_extra_columns(_named[0], g))), g.target, input.share],
) if {
	is_string(input.share)
	_named[0].approved == true
	_named_lists_target(g)
	_in_force(_named[0])
	count(_extra_columns(_named[0], g)) > 0
}

_named_lists_target(g) if {
	some d in _named[0].destinations
	destination_matches(g.target, d)
}

_egr001_message(g) := sprintf(
	"Personal data leaves the warehouse to %s, which no approved share or inventory recipient declares.",
	[g.target],
) if not is_string(input.share)

recipients_for(target) := {r |
	some r in data.tutela.inventory.recipients
	some d in object.get(r, "destinations", [])
	destination_matches(target, d)
}

# A target that climbs out of a directory (`/../`) matches nothing.
destination_matches(target, d) if {
	not contains(target, "/..")
	_norm(target) == _norm(d)
}

destination_matches(target, d) if {
	not contains(target, "/..")
	endswith(d, "/")
	startswith(_norm(target), _norm(d))
}

destination_matches(target, d) if {
	not contains(target, "/..")
	not endswith(d, "/")
	startswith(_norm(target), concat("", [_norm(d), "/"]))
}

_norm(s) := lower(s) if startswith(s, "@")

_norm(s) := s if not startswith(s, "@")
