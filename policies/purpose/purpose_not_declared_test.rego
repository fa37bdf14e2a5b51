package tutela.purpose_test

import data.tutela.lib.fixtures_test.inventory as inv

test_deny_undeclared_purpose if {
	found := data.tutela.purpose.deny with input as {"kind": "statement", "purpose": "ventas"}
		with data.tutela.inventory as inv
	some f in found
	f == {"id": "PUR001", "values": {"purpose": "ventas"}, "path": ["purpose"]}
}

test_allow_declared_purpose if {
	found := data.tutela.purpose.deny with input as {"kind": "statement", "purpose": "atencion"}
		with data.tutela.inventory as inv
	not "PUR001" in {f.id | some f in found}
}

test_allow_other_fact_kinds if {
	found := data.tutela.purpose.deny with input as {"kind": "manifest", "purpose": "ventas"}
		with data.tutela.inventory as inv
	count(found) == 0
}
