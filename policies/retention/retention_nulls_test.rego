package tutela.retention_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(object.get(data.tutela.retention, "deny", set())) with input as fact with data.tutela.inventory as inv
		is_set(object.get(data.tutela.retention, "warn", set())) with input as fact with data.tutela.inventory as inv
	}
}

# The regression behind the old `lower(null)` stop: an ambiguous column over two tables gives
# one exposure per candidate (and one unattributed); RET002 judges each candidate table.
test_ambiguous_column_is_judged_on_every_candidate if {
	found := data.tutela.retention.warn with input as nulls_test.statement_facts[1]
		with data.tutela.inventory as inv
	{f.values.table | some f in found; f.id == "RET002"} == {"dwh.cobranza.cartera"}
}
