package tutela.minimisation_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(data.tutela.minimisation.warn) with input as fact with data.tutela.inventory as inv
	}
}

# A star over a personal table whose name is missing is still reported.
test_star_over_unnamed_personal_table_is_reported if {
	found := data.tutela.minimisation.warn with input as nulls_test.statement_facts[0] with data.tutela.inventory as inv
	{f.values.table | some f in found} == {null}
}
