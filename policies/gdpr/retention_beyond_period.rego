package tutela.gdpr

import data.tutela.lib.finding

# METADATA
# title: Personal data kept or used beyond the declared retention period
# description: |
#   What it does: with the GDPR profile on, flags a manifest whose recipient keeps the data
#   longer than the source tables' declared period (retention plus bloqueo, from the inventory),
#   and a statement whose time predicates reach rows of a personal table older than its
#   declared retention period (the same test as RET002, on the same facts).
#   Why it matters: personal data may be kept in identifiable form no longer than the purposes
#   need (storage limitation, Art. 5(1)(e)); the notice states the period (Arts. 13(2)(a),
#   14(2)(a)), and rows past it must not feed new processing.
# custom:
#   id: GDP004
#   name: gdpr-retention-beyond-period
#   severity: warning
#   legal_basis:
#     - {instrument: GDPR, article: "5(1)(e)"}
#   recommended_action: >-
#     Filter the statement to rows within the retention period, or shorten the manifest's
#     `retention.period` to at most the source's.
#   examples: retention_beyond_period.examples.yaml
#   message:
#     manifest:
#       en: >-
#          Recipient "{recipient}" keeps the data {days} days, beyond the {source_days} days
#          declared for the source.
#       es: >-
#          El destinatario "{recipient}" conserva los datos {days} días, más allá de los
#          {source_days} días declarados para el origen.
#     statement:
#       en: >-
#          Table {table} is read with {column} {op} {bound}, which reaches rows older than its
#          retention period ({period}: before {cutoff}) (GDPR storage limitation).
#       es: >-
#          La tabla {table} se lee con {column} {op} {bound}, que alcanza filas más antiguas que su
#          plazo de conservación ({period}: anteriores al {cutoff}) (limitación del plazo de
#          conservación del GDPR).
#   translations:
#     es:
#       title: Datos personales conservados o usados más allá del plazo declarado
#       description: |
#         Qué hace: con el perfil GDPR activo, señala un manifiesto cuyo destinatario conserva los
#         datos más tiempo que el plazo declarado para las tablas de origen (conservación más
#         bloqueo, según el inventario), y una sentencia cuyos predicados de tiempo alcanzan filas
#         de una tabla con datos personales más antiguas que su plazo de conservación declarado (la
#         misma prueba que RET002, sobre los mismos hechos).
#         Por qué importa: los datos personales pueden conservarse de forma identificable solo el
#         tiempo que requieran las finalidades (limitación del plazo de conservación, art. 5(1)(e));
#         el aviso indica el plazo (arts. 13(2)(a), 14(2)(a)), y las filas que lo rebasan no deben
#         alimentar nuevos tratamientos.
#       recommended_action: >-
#         Filtre la sentencia a las filas dentro del plazo de conservación, o reduzca el
#         `retention.period` del manifiesto a no más que el del origen.
warn contains finding.variant("GDP004", "manifest", values, ["retention_days"]) if {
	_on
	data.tutela.lib.manifest.shares_personal
	is_number(input.source_retention_days)
	input.retention_days > input.source_retention_days
	values := {
		"recipient": data.tutela.lib.manifest.recipient_id,
		"days": input.retention_days,
		"source_days": input.source_retention_days,
	}
}

warn contains finding.variant("GDP004", "statement", f.values, f.path) if {
	_on
	data.tutela.lib.statement.is_statement
	some f in data.tutela.retention.warn
	f.id == "RET002"
}
