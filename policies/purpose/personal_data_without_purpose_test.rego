package tutela.purpose_test

import data.tutela.lib.fixtures_test.inventory as inv

_pur007_refs := [
	{"table": "dwh.ops.metricas", "column": "cola", "category": "ninguna", "clause": "where"},
	{"table": "dwh.crm.clientes", "column": "correo", "category": "contacto", "clause": "where"},
]

test_deny_personal_data_without_purpose if {
	found := data.tutela.purpose.deny with input as {"kind": "statement", "purpose": null, "references": _pur007_refs}
		with data.tutela.inventory as inv
	{f | some f in found; f.id == "PUR007"} == {{
		"id": "PUR007", "path": ["references", 1],
		"values": {"table": "dwh.crm.clientes", "column": "correo"},
	}}
}

test_allow_with_purpose if {
	found := data.tutela.purpose.deny with input as {"kind": "statement", "purpose": "boletin", "references": _pur007_refs}
		with data.tutela.inventory as inv
	not "PUR007" in {f.id | some f in found}
}

test_allow_no_personal_data_without_purpose if {
	found := data.tutela.purpose.deny with input as {"kind": "statement", "references": [_pur007_refs[0]]}
		with data.tutela.inventory as inv
	count(found) == 0
}
