package tutela.lib.inventory_test

_inv := {
	"purposes": [{"id": "cobranza"}, {"id": "mercadotecnia"}],
	"recipients": [{"id": "bpo", "role": "encargado"}],
	"datasets": [{
		"table": "dwh.crm.clientes",
		"purposes": ["cobranza", "mercadotecnia"],
		"columns": [
			{"name": "email", "category": "contacto"},
			{"name": "curp", "category": "identificacion", "purposes": ["cobranza"]},
		],
	}],
}

test_dataset_is_case_insensitive if {
	ds := data.tutela.lib.inventory.dataset("DWH.CRM.CLIENTES") with data.tutela.inventory as _inv
	ds.table == "dwh.crm.clientes"
}

test_column_found if {
	c := data.tutela.lib.inventory.column("dwh.crm.clientes", "EMAIL") with data.tutela.inventory as _inv
	c.category == "contacto"
}

test_unknown_column_is_undefined if {
	not data.tutela.lib.inventory.column("dwh.crm.clientes", "rfc") with data.tutela.inventory as _inv
}

test_column_purposes_narrower_than_table if {
	ps := data.tutela.lib.inventory.column_purposes("dwh.crm.clientes", "curp") with data.tutela.inventory as _inv
	ps == {"cobranza"}
}

test_column_purposes_default_to_table if {
	ps := data.tutela.lib.inventory.column_purposes("dwh.crm.clientes", "email") with data.tutela.inventory as _inv
	ps == {"cobranza", "mercadotecnia"}
}

test_purpose_and_recipient if {
	data.tutela.lib.inventory.purpose("cobranza").id == "cobranza" with data.tutela.inventory as _inv
	data.tutela.lib.inventory.recipient("bpo").role == "encargado" with data.tutela.inventory as _inv
}

test_profile_defaults_to_strict if {
	data.tutela.lib.inventory.profile == "strict" with data.tutela.config as {}
	data.tutela.lib.inventory.strict with data.tutela.config as {}
}

test_profile_legal if {
	data.tutela.lib.inventory.profile == "legal" with data.tutela.config as {"profile": "legal"}
	not data.tutela.lib.inventory.strict with data.tutela.config as {"profile": "legal"}
}
