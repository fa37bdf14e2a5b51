package tutela.consent_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(data.tutela.consent.deny) with input as fact with data.tutela.inventory as inv
	}
}

# A column ambiguous between two tables is judged on each candidate (fail closed): neither
# table's consent is filtered, so both are flagged; the unattributed exposure is not.
test_ambiguous_column_is_judged_on_every_candidate if {
	found := data.tutela.consent.deny with input as nulls_test.statement_facts[1]
		with data.tutela.inventory as inv
	{f.values.table | some f in found; f.id == "CON001"} == {"dwh.crm.clientes", "dwh.cobranza.cartera"}
}
