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
#   message:
#     unknown_share:
#       en: >-
#          Personal data leaves to {target} under share "{share}", which no sharing manifest
#          declares.
#       es: >-
#          Salen datos personales hacia {target} al amparo del intercambio "{share}", que ningún
#          manifiesto declara.
#     share_not_approved:
#       en: >-
#          Personal data leaves to {target} under share "{share}", whose manifest is not approved.
#       es: >-
#          Salen datos personales hacia {target} al amparo del intercambio "{share}", cuyo
#          manifiesto no está aprobado.
#     target_not_in_share:
#       en: >-
#          Personal data leaves to {target}, which is not among the destinations of share "{share}".
#       es: >-
#          Salen datos personales hacia {target}, que no está entre los destinos del intercambio
#          "{share}".
#     contract_ended:
#       en: >-
#          Share "{share}", whose contract ended on {date}, covers no export to {target}.
#       es: >-
#          El intercambio "{share}", cuyo contrato terminó el {date}, no ampara ninguna exportación
#          hacia {target}.
#     columns_not_in_share:
#       en: >-
#          Columns {columns} leave to {target}, but share "{share}" does not include them.
#       es: >-
#          Las columnas {columns} salen hacia {target}, pero el intercambio "{share}" no las
#          incluye.
#     undeclared:
#       en: >-
#          Personal data leaves the warehouse to {target}, which no approved share or inventory
#          recipient declares.
#       es: >-
#          Salen datos personales del almacén de datos hacia {target}, un destino que ningún
#          intercambio aprobado ni destinatario del inventario declara.
#   translations:
#     es:
#       title: Salida de datos sin un intercambio declarado
#       description: |
#         Qué hace: señala una exportación (COPY INTO a un stage o URI, UNLOAD, EXPORT DATA, COPY
#         ... TO, INSERT OVERWRITE DIRECTORY, SELECT ... INTO OUTFILE, un share de Snowflake) que
#         lleva columnas personales y que no ampara un manifiesto de intercambio aprobado, para que
#         la verificación de SQL y `tutela shares check` coincidan. Con un pragma `-- tutela:
#         share=<id>`, solo ese manifiesto ampara la exportación: debe existir, estar aprobado e
#         incluir el destino entre sus destinos (cada falla tiene su propio mensaje). Sin pragma, la
#         ampara cualquier manifiesto aprobado cuyos destinos incluyan el destino. Solo cuando el
#         proyecto no tiene ningún manifiesto, los `destinations` de un destinatario del inventario
#         amparan el destino. Un destino coincide en un límite de ruta (`s3://bucket` no ampara
#         `s3://bucket-other/`); los nombres de stage no distinguen mayúsculas. Cuando los hechos no
#         pueden decir qué columnas salen, cuenta cualquier tabla personal leída.
#         Por qué importa: una transferencia requiere que el receptor sea conocido y quede obligado
#         por el aviso de privacidad y sus finalidades (art. 35); transferir fuera de los supuestos
#         permitidos es una infracción (art. 58 fr. XII), y una remisión requiere un contrato con el
#         encargado (Reg. 51).
#       recommended_action: >-
#         Envíe los datos solo a un destino registrado para un destinatario del inventario, o
#         agregue un manifiesto de intercambio para esta exportación y haga referencia a él con `--
#         tutela: share=<id>`.
deny contains finding.variant("EGR001", message[0], message[1], ["egress", i]) if {
	data.tutela.lib.statement.is_statement
	some i, g in input.egress
	personal_egress(g)
	not _covered(g)
	message := _egr001_message(g)
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
	c := _qualified(e)
	not c in {lower(x) | some x in s.columns; is_string(x)}
}

# _qualified names an exposed column table.column; null when the facts cannot name it (it is
# then never among a share's columns: fail closed).
_qualified(e) := lower(concat(".", [e.table, e.column])) if {
	is_string(e.table)
	is_string(e.column)
}

else := null

# A project without manifests relies on the inventory's recipient destinations.
_covered(g) if {
	not is_string(input.share)
	count(data.tutela.lib.config.shares) == 0
	count(recipients_for(g.target)) > 0
}

_named := [s | some s in data.tutela.lib.config.shares; s.id == input.share]

_egr001_message(g) := [
	"unknown_share",
	{
		"target": object.get(g, "target", null),
		"share": input.share,
	},
] if {
	is_string(input.share)
	count(_named) == 0
}

_egr001_message(g) := [
	"share_not_approved",
	{
		"target": object.get(g, "target", null),
		"share": input.share,
	},
] if {
	is_string(input.share)
	count(_named) > 0
	not _named[0].approved == true
}

_egr001_message(g) := [
	"target_not_in_share",
	{
		"target": object.get(g, "target", null),
		"share": input.share,
	},
] if {
	is_string(input.share)
	_named[0].approved == true
	not _named_lists_target(g)
}

_egr001_message(g) := [
	"contract_ended",
	{
		"share": input.share,
		"date": object.get(_named[0], "valid_until", null),
		"target": object.get(g, "target", null),
	},
] if {
	is_string(input.share)
	_named[0].approved == true
	_named_lists_target(g)
	not _in_force(_named[0])
}

_egr001_message(g) := [
	"columns_not_in_share",
	{
		"columns": sort(_extra_columns(_named[0], g)),
		"target": object.get(g, "target", null),
		"share": input.share,
	},
] if {
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

_egr001_message(g) := [
	"undeclared",
	{
		"target": object.get(g, "target", null),
	},
] if not is_string(input.share)

recipients_for(target) := {r |
	some r in data.tutela.inventory.recipients
	some d in object.get(r, "destinations", [])
	destination_matches(target, d)
}

# A target that climbs out of a directory (`/../`) matches nothing.
destination_matches(target, d) if {
	is_string(target)
	is_string(d)
	not contains(target, "/..")
	_norm(target) == _norm(d)
}

destination_matches(target, d) if {
	is_string(target)
	is_string(d)
	not contains(target, "/..")
	endswith(d, "/")
	startswith(_norm(target), _norm(d))
}

destination_matches(target, d) if {
	is_string(target)
	is_string(d)
	not contains(target, "/..")
	not endswith(d, "/")
	startswith(_norm(target), concat("", [_norm(d), "/"]))
}

_norm(s) := lower(s) if startswith(s, "@")

_norm(s) := s if not startswith(s, "@")
