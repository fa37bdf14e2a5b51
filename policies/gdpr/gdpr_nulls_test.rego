package tutela.gdpr_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in array.concat(nulls_test.statement_facts, nulls_test.manifest_facts) {
		is_set(data.tutela.gdpr.deny) with input as fact with data.tutela.inventory as inv
			with data.tutela.config as {"jurisdiction": ["lfpdppp", "gdpr"], "today": "2026-12-03"}
		is_set(data.tutela.gdpr.warn) with input as fact with data.tutela.inventory as inv
			with data.tutela.config as {"jurisdiction": ["lfpdppp", "gdpr"], "today": "2026-12-03"}
	}
}
