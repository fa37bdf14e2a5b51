package tutela.analysis_test

import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(data.tutela.analysis.deny) with input as fact
		is_set(data.tutela.analysis.warn) with input as fact
	}
}

test_null_reason_and_command_are_reported_not_dropped if {
	unparsed := data.tutela.analysis.deny with input as nulls_test.statement_facts[2]
	unparsed == {{"id": "SQL001", "path": ["error"], "values": {"reason": null}}}
	opaque := data.tutela.analysis.warn with input as nulls_test.statement_facts[4]
	opaque == {{"id": "SQL002", "path": [], "values": {"keyword": "?"}}}
}
