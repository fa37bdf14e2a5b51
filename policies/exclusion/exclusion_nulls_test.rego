package tutela.exclusion_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(object.get(data.tutela.exclusion, "deny", set())) with input as fact with data.tutela.inventory as inv
		is_set(object.get(data.tutela.exclusion, "warn", set())) with input as fact with data.tutela.inventory as inv
	}
}

# A phone column the analyser could not attribute still needs the exclusion list (fail closed).
test_unattributed_phone_is_reported if {
	fact := {
		"kind": "statement", "purpose": "mercadotecnia",
		"exposures": [{"table": null, "column": "telefono", "category": "contacto", "contact_type": "phone", "sink": "result"}],
	}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	{f.values | some f in found; f.id == "EXC001"} == {{"table": null, "column": "telefono", "purpose": "mercadotecnia"}}
}
