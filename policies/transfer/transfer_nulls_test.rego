package tutela.transfer_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.manifest_facts {
		is_set(data.tutela.transfer.deny) with input as fact with data.tutela.inventory as inv
		is_set(data.tutela.transfer.warn) with input as fact with data.tutela.inventory as inv
	}
}

# A sensitive column with no names, sent to a tercero with no id, is still reported.
test_unnamed_sensitive_column_is_reported if {
	found := data.tutela.transfer.deny with input as nulls_test.manifest_facts[0]
		with data.tutela.inventory as inv
		with data.tutela.config as {"profile": "strict", "today": "2026-12-03"}
	some f in found
	f.id == "TRF005"
	f.values == {"table": null, "column": null, "recipient": null}
}
