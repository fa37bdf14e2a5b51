package tutela.share_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.manifest_facts {
		is_set(data.tutela.share.deny) with input as fact with data.tutela.inventory as inv
		is_set(data.tutela.share.warn) with input as fact with data.tutela.inventory as inv
	}
}

# A column with no names, sent to a recipient with no id whose contract covers only some
# categories, is still reported (SHR011).
test_unnamed_column_outside_scope_is_reported if {
	fact := {
		"kind": "manifest", "id": null,
		"recipient": {"id": null, "role": "tercero", "categories": ["identificacion"]},
		"columns": [{"table": null, "column": null, "category": "patrimonial", "transforms": []}],
	}
	found := data.tutela.share.deny with input as fact with data.tutela.inventory as inv
	some f in found
	f.id == "SHR011"
	f.values == {
		"manifest": null, "table": null, "column": null, "category": "patrimonial",
		"recipient": null, "covered": ["identificacion"],
	}
}

# A shared table with no name, and consent filters with null names, do not stop SHR012: the
# transfer is reported with the table as null.
test_unnamed_table_without_transfer_consent_filter_is_reported if {
	fact := {
		"kind": "manifest", "id": "m", "legal_basis": {"consent": "express"},
		"recipient": {"id": "socio", "role": "tercero"},
		"columns": [{"table": null, "column": "telefono", "category": "contacto", "transforms": []}],
		"tables": [{"table": null, "shared": true, "transfer_consent_columns": {"socio": "acepta_socio"}}],
		"query": {"consent_filters": [{"table": null, "column": null, "polarity": "positive", "restricts": true}]},
	}
	found := data.tutela.share.deny with input as fact with data.tutela.inventory as inv
	some f in found
	f.id == "SHR012"
	f.values == {"manifest": "m", "table": null, "recipient": "socio", "consent_column": "acepta_socio"}
}
