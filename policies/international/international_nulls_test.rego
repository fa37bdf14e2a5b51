package tutela.international_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.manifest_facts {
		is_set(data.tutela.international.deny) with input as fact with data.tutela.inventory as inv
		is_set(data.tutela.international.warn) with input as fact with data.tutela.inventory as inv
	}
}

# A processor abroad whose contract has no clauses is still reported when its fields are null.
test_null_contract_fields_still_report if {
	found := data.tutela.international.warn with input as nulls_test.manifest_facts[1]
		with data.tutela.inventory as inv
	{f.id | some f in found} == {"INT003"}
}
