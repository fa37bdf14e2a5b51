package tutela.audit_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(data.tutela.audit.deny) with input as object.union(fact, {"audit": true})
			with data.tutela.inventory as inv
	}
}
