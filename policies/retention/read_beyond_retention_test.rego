package tutela.retention_test

import data.tutela.lib.fixtures_test.inventory as inv

_ret002_fact(pid, filters) := {
	"kind": "statement", "purpose": pid,
	"reads": [{"table": "dwh.cobranza.cartera", "known": true, "personal": true}],
	"exposures": [{"table": "dwh.cobranza.cartera", "column": "telefono", "category": "contacto", "sink": "result"}],
	"time_filters": filters,
}

_tf(column, op, bound, restricts) := {
	"table": "dwh.cobranza.cartera", "column": column, "retention_timestamp": column == "fecha_incumplimiento",
	"op": op, "bound": bound, "clause": "where", "restricts": restricts,
}


test_warn_no_time_filter if {
	found := data.tutela.retention.warn with input as _ret002_fact("cobranza", [])
		with data.tutela.inventory as inv
	found == {{
		"id": "RET002", "path": ["reads", 0],
		"values": {"table": "dwh.cobranza.cartera", "days": 2160},
	}}
}

test_warn_window_too_wide_wrong_column_or_direction if {
	every tf in [
		_tf("fecha_incumplimiento", ">=", {"kind": "relative", "days": 2200}, true),
		_tf("dias_mora", ">=", {"kind": "relative", "days": 30}, true),
		_tf("fecha_incumplimiento", "<", {"kind": "relative", "days": 30}, true),
		_tf("fecha_incumplimiento", ">=", {"kind": "relative", "days": 30}, false),
		_tf("fecha_incumplimiento", ">=", {"kind": "absolute", "date": "2020-01-01"}, true),
		_tf("fecha_incumplimiento", ">=", {"kind": "unknown", "expr": "x"}, true),
	] {
		found := data.tutela.retention.warn with input as _ret002_fact("cobranza", [tf])
			with data.tutela.inventory as inv
			with data.tutela.config.today as "2026-11-28"
		"RET002" in {f.id | some f in found}
	}
}

test_allow_window_within_retention if {
	every tf in [
		_tf("fecha_incumplimiento", ">=", {"kind": "relative", "days": 2160}, true),
		_tf("fecha_incumplimiento", ">", {"kind": "absolute", "date": "2025-01-01"}, true),
	] {
		found := data.tutela.retention.warn with input as _ret002_fact("cobranza", [tf])
			with data.tutela.inventory as inv
			with data.tutela.config.today as "2026-11-28"
		not "RET002" in {f.id | some f in found}
	}
}

test_allow_legal_purposes if {
	every pid in ["defensa_legal", "arco"] {
		found := data.tutela.retention.warn with input as _ret002_fact(pid, [])
			with data.tutela.inventory as inv
		not "RET002" in {f.id | some f in found}
	}
}

test_allow_nothing_exposed if {
	fact := object.remove(_ret002_fact("cobranza", []), ["exposures"])
	found := data.tutela.retention.warn with input as fact with data.tutela.inventory as inv
	count(found) == 0
}

_incap_fact(references) := {
	"kind": "statement", "purpose": "rh_salud",
	"reads": [{"table": "dwh.rh.incapacidades", "known": true, "personal": true}],
	"exposures": [{"table": "dwh.rh.incapacidades", "column": "diagnostico", "category": "sensible", "sink": "result"}],
	"references": references,
}

test_warn_marker_table_without_marker_filter if {
	other := {"table": "dwh.rh.incapacidades", "column": "fecha_fin", "clause": "where", "null_check": true}
	found := data.tutela.retention.warn with input as _incap_fact([other]) with data.tutela.inventory as inv
	{f.values | some f in found} == {{"table": "dwh.rh.incapacidades", "days": 1825}}
}

test_allow_marker_is_null if {
	marker := {"table": "dwh.rh.incapacidades", "column": "fecha_bloqueo", "clause": "where", "null_check": true}
	found := data.tutela.retention.warn with input as _incap_fact([marker]) with data.tutela.inventory as inv
	count(found) == 0
}

test_allow_rows_moved_to_store_or_suppressed if {
	fact := {
		"kind": "statement", "purpose": "atencion",
		"reads": [
			{"table": "dwh.crm.clientes", "known": true, "personal": true},
			{"table": "dwh.mkt.exclusion", "known": true, "personal": true},
		],
		"exposures": [
			{"table": "dwh.crm.clientes", "column": "nombre", "category": "identificacion", "sink": "result"},
			{"table": "dwh.mkt.exclusion", "column": "telefono", "category": "contacto", "sink": "result"},
		],
	}
	found := data.tutela.retention.warn with input as fact with data.tutela.inventory as inv
	count(found) == 0
}

test_warn_table_without_blocking if {
	fact := {
		"kind": "statement", "purpose": "atencion",
		"reads": [{"table": "dwh.pagos.legacy", "known": true, "personal": true}],
		"exposures": [{"table": "dwh.pagos.legacy", "column": "id_cliente", "category": "clave", "sink": "result"}],
	}
	found := data.tutela.retention.warn with input as fact with data.tutela.inventory as inv
	{f.id | some f in found} == {"RET002"}
}

test_warn_marker_is_not_null_keeps_blocked_rows if {
	marker := {
		"table": "dwh.rh.incapacidades", "column": "fecha_bloqueo", "clause": "where",
		"null_check": true, "null_test": "is_not_null",
	}
	found := data.tutela.retention.warn with input as _incap_fact([marker]) with data.tutela.inventory as inv
	"RET002" in {f.id | some f in found}
}

test_allow_marker_null_test_is_null if {
	marker := {
		"table": "dwh.rh.incapacidades", "column": "fecha_bloqueo", "clause": "where",
		"null_check": true, "null_test": "is_null",
	}
	found := data.tutela.retention.warn with input as _incap_fact([marker]) with data.tutela.inventory as inv
	not "RET002" in {f.id | some f in found}
}
