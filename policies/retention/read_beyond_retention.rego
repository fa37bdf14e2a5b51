package tutela.retention

import data.tutela.lib.finding

# METADATA
# title: Read without the retention window
# description: |
#   What it does: warns when the columns of a personal table with a retention period reach an
#   output, for a purpose not tagged `legal_defence`, `deletion` or `arco`, and rows past the
#   period may still be in the table while the statement does not leave them out. Following the
#   inventory's retention model, rows outlive the period in place when the table has
#   `legal_holds` (suppression suspended), keeps blocked rows marked (`blocking.marker_column`),
#   or declares no `blocking` at all; a table whose rows move to a bloqueo store
#   (`blocking.store`) or are suppressed directly (`blocking.period: P0D`) is left to the
#   retention jobs. The statement leaves the old rows out with a restricting filter on the
#   table's retention `timestamp` (`ts >= CURRENT_DATE - n days` with n no longer than the
#   period, or `ts >= DATE 'yyyy-mm-dd'` no earlier than today minus the period), or, for a
#   table with a marker column, with `<marker> IS NULL`. Tables under bloqueo are RET003's
#   concern; deletes and purges expose nothing and are not flagged.
#   Why it matters: once the conservation period ends the data must be suppressed (Art. 10
#   ¶2) and may only be processed as far as the purpose needs (Art. 12); a query without the
#   window uses rows that should no longer be processed, for example delinquency data past 72
#   months (Art. 10 ¶3).
# custom:
#   id: RET002
#   name: read-beyond-retention
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "10", paragraph: "2"}
#     - {instrument: LFPDPPP, article: "12"}
#   recommended_action: >-
#     Add `AND <timestamp> >= DATEADD(day, -<retention days>, CURRENT_DATE)` (or a narrower
#     window), or `AND <marker column> IS NULL` for a table that marks blocked rows.
#   examples: read_beyond_retention.examples.yaml
#   message:
#     en: >-
#       Table {table} is read without a filter that keeps rows within its {days}-day retention
#       period.
#     es: >-
#       La tabla {table} se lee sin un filtro que conserve solo las filas dentro de su plazo de
#       conservación de {days} días.
#   translations:
#     es:
#       title: Lectura sin la ventana de conservación
#       description: |
#         Qué hace: advierte cuando las columnas de una tabla con datos personales y plazo de
#         conservación llegan a una salida, para una finalidad sin etiqueta `legal_defence`,
#         `deletion` o `arco`, y las filas que rebasaron el plazo pueden seguir en la tabla sin que
#         la sentencia las excluya. Conforme al modelo de conservación del inventario, las filas
#         sobreviven al plazo en la propia tabla cuando esta tiene `legal_holds` (supresión
#         suspendida), conserva marcadas las filas bloqueadas (`blocking.marker_column`) o no
#         declara `blocking`; una tabla cuyas filas pasan a un almacén de bloqueo (`blocking.store`)
#         o se suprimen directamente (`blocking.period: P0D`) queda a cargo de los procesos de
#         conservación. La sentencia excluye las filas antiguas con un filtro restrictivo sobre el
#         `timestamp` de conservación de la tabla (`ts >= CURRENT_DATE - n días` con n no mayor que
#         el plazo, o `ts >= DATE 'aaaa-mm-dd'` no anterior a hoy menos el plazo) o, en una tabla
#         con columna marcadora, con `<marcador> IS NULL`. Las tablas en bloqueo son asunto de
#         RET003; las eliminaciones y purgas no exponen nada y no se señalan.
#         Por qué importa: al terminar el plazo de conservación los datos deben suprimirse (art. 10
#         ¶2) y solo pueden tratarse en la medida que la finalidad lo requiera (art. 12); una
#         consulta sin la ventana usa filas que ya no deberían tratarse, por ejemplo datos de
#         morosidad con más de 72 meses (art. 10 ¶3).
#       recommended_action: >-
#         Agregue `AND <timestamp> >= DATEADD(day, -<días de conservación>, CURRENT_DATE)` (o una
#         ventana más estrecha), o `AND <columna marcadora> IS NULL` en una tabla que marca las
#         filas bloqueadas.
warn contains finding.with_values("RET002", values, data.tutela.lib.statement.first_read(t)) if {
	some t in _ret002_tables
	ds := data.tutela.lib.statement.table(t)
	days := ds.retention.period.days
	not ds.blocked == true
	_rows_outlive_retention(ds)
	not data.tutela.lib.statement.declared_legal
	not _within_retention(t, days)
	not _unmarked_only(t, ds)
	values := {"table": t, "days": days}
}

_ret002_tables contains t if {
	data.tutela.lib.statement.is_statement
	some e in input.exposures
	t := data.tutela.lib.statement.lower_name(e.table)
	some r in input.reads
	data.tutela.lib.statement.lower_name(r.table) == t
	r.personal == true
}

_rows_outlive_retention(ds) if count(object.get(ds, "legal_holds", [])) > 0

_rows_outlive_retention(ds) if is_string(ds.blocking.marker_column)

_rows_outlive_retention(ds) if not is_object(ds.blocking)

_within_retention(t, days) if {
	some f in input.time_filters
	data.tutela.lib.statement.lower_name(f.table) == t
	f.retention_timestamp == true
	f.restricts == true
	f.op in {">", ">=", "="}
	_bound_within(f.bound, days)
}

# _unmarked_only: `<marker> IS NULL` in the WHERE clause keeps only rows that are not blocked.
# `<marker> IS NOT NULL` keeps exactly the blocked ones, so it does not count. Hand-written
# facts without `null_test` are read the old way (any null test).
_unmarked_only(t, ds) if {
	some r in input.references
	data.tutela.lib.statement.lower_name(r.table) == t
	data.tutela.lib.statement.lower_name(r.column) == data.tutela.lib.statement.lower_name(ds.blocking.marker_column)
	r.clause == "where"
	r.null_check == true
	_keeps_unmarked(r)
}

_keeps_unmarked(r) if r.null_test == "is_null"

_keeps_unmarked(r) if not r.null_test

_bound_within(bound, days) if {
	bound.kind == "relative"
	is_number(bound.days)
	bound.days <= days
}

_bound_within(bound, days) if {
	bound.kind == "absolute"
	is_string(bound.date)
	time.parse_ns("2006-01-02", substring(bound.date, 0, 10)) >= data.tutela.lib.config.today_ns - ((days * 24) * 3600) * 1000000000
}
