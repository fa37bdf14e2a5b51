package tutela.minimisation_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(data.tutela.minimisation.warn) with input as fact with data.tutela.inventory as inv
	}
}

# MIN001 judges what a star delivers (exposures with via_star, matched to the star's table by
# name): a star over a table with no name delivers nothing it can name, and is not reported.
test_star_over_unnamed_table_is_not_reported if {
	found := data.tutela.minimisation.warn with input as nulls_test.statement_facts[0] with data.tutela.inventory as inv
	count(found) == 0
}
