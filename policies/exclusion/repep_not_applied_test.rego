package tutela.exclusion_test

import data.tutela.lib.fixtures_test.inventory as inv

_internal := _check("internal", "not_exists", true, true, "telefono", "telefono")

test_deny_telemarketing_without_repep if {
	fact := {"kind": "statement", "purpose": "mercadotecnia", "exposures": [_tel], "exclusion_checks": [_internal]}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	{f | some f in found} == {{
		"id": "EXC002", "path": ["exposures", 0],
		"values": {"table": "dwh.crm.clientes", "column": "telefono", "purpose": "mercadotecnia"},
	}}
}

test_deny_repep_left_join_without_is_null if {
	repep := _check("repep", "left_join", false, true, "telefono", "telefono")
	fact := {"kind": "statement", "purpose": "mercadotecnia", "exposures": [_tel], "exclusion_checks": [_internal, repep]}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	{f.id | some f in found} == {"EXC002"}
}

test_allow_repep_anti_join if {
	repep := _check("repep", "not_in", true, true, "telefono", "telefono")
	fact := {"kind": "statement", "purpose": "mercadotecnia", "exposures": [_tel], "exclusion_checks": [_internal, repep]}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	count(found) == 0
}

test_allow_email_only_marketing if {
	checks := [_check("internal", "not_exists", true, true, "correo", "correo")]
	fact := {"kind": "statement", "purpose": "boletin", "exposures": [_correo], "exclusion_checks": checks}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	count(found) == 0
}
