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
		"msg": "Table dwh.cobranza.cartera is read without a filter that keeps rows within its 2160-day retention period.",
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
