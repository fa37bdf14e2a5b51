package tutela.minimisation_test

_stars := [{"qualifier": null, "tables": [
	{"table": "dwh.ops.metricas", "known": true, "personal": false},
	{"table": "DWH.CRM.CLIENTES", "known": true, "personal": true},
]}]

_exp(column, category, via_star) := {
	"table": "dwh.crm.clientes", "column": column, "category": category, "sink": "result",
	"via_star": via_star,
}

test_warn_star_delivering_personal_columns if {
	fact := {"kind": "statement", "stars": _stars, "exposures": [_exp("nombre", "identificacion", true)]}
	found := data.tutela.minimisation.warn with input as fact
	found == {{"id": "MIN001", "path": ["stars", 0], "values": {"table": "dwh.crm.clientes"}}}
}

test_allow_import_cte_whose_consumer_names_columns if {
	# the star only forwards: the outer query names what leaves (via_star false)
	fact := {"kind": "statement", "stars": _stars, "exposures": [_exp("nombre", "identificacion", false)]}
	count(data.tutela.minimisation.warn) == 0 with input as fact
}

test_allow_star_delivering_only_non_personal_columns if {
	fact := {"kind": "statement", "stars": _stars, "exposures": [_exp("fecha_alta", "ninguna", true)]}
	count(data.tutela.minimisation.warn) == 0 with input as fact
}

test_allow_star_over_non_personal_or_unknown_table if {
	stars := [{"qualifier": "m", "tables": [
		{"table": "dwh.ops.metricas", "known": true, "personal": false},
		{"table": "dwh.x.y", "known": false},
	]}]
	exposures := [{"table": "dwh.ops.metricas", "column": "cola", "category": "ninguna", "via_star": true}]
	found := data.tutela.minimisation.warn with input as {"kind": "statement", "stars": stars, "exposures": exposures}
	count(found) == 0
}

test_allow_no_star if {
	count(data.tutela.minimisation.warn) == 0 with input as {"kind": "statement"}
}
