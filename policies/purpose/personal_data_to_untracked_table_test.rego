package tutela.purpose_test

import data.tutela.lib.fixtures_test.inventory as inv

_pur005_fact(known, category) := {
	"kind": "statement", "purpose": "mercadotecnia",
	"writes": [{"table": "dwh.mkt.audiencia_x", "known": known, "mode": "create"}],
	"exposures": [{
		"table": "dwh.crm.clientes", "column": "telefono", "category": category,
		"sink": "write", "target": "dwh.mkt.audiencia_x",
	}],
}

test_deny_personal_data_into_unknown_table if {
	found := data.tutela.purpose.deny with input as _pur005_fact(false, "contacto") with data.tutela.inventory as inv
	{f | some f in found; f.id == "PUR005"} == {{
		"id": "PUR005", "path": ["writes", 0],
		"values": {"table": "dwh.mkt.audiencia_x"},
	}}
}

test_allow_known_table if {
	found := data.tutela.purpose.deny with input as _pur005_fact(true, "contacto") with data.tutela.inventory as inv
	not "PUR005" in {f.id | some f in found}
}

test_allow_non_personal_columns if {
	found := data.tutela.purpose.deny with input as _pur005_fact(false, "ninguna") with data.tutela.inventory as inv
	not "PUR005" in {f.id | some f in found}
}
