package tutela.remision_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.manifest_facts {
		is_set(data.tutela.remision.deny) with input as fact with data.tutela.inventory as inv
		is_set(data.tutela.remision.warn) with input as fact with data.tutela.inventory as inv
	}
}
