package tutela.retention_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(object.get(data.tutela.retention, "deny", set())) with input as fact with data.tutela.inventory as inv
		is_set(object.get(data.tutela.retention, "warn", set())) with input as fact with data.tutela.inventory as inv
	}
}

