# Facts whose fields are missing or null, for the null-safety tests of every family
# (<family>/<family>_nulls_test.rego). An exposure of an ambiguous column comes once per
# candidate table with a `candidates` list (docs/facts.md); hand-written and older facts may
# carry `table: null`. Rules must judge what they can and never stop the engine: regorus
# aborts the whole evaluation on `lower(null)`, `concat` of a non-string, and the like.
package tutela.lib.nulls_test

# Every scalar null (the facts schema allows null for table, column, category, target,
# pattern, qualifier, bound.days/date...; the others are null here to be safe), lists empty
# or holding entries with null names.
_null_entry := {
	"table": null, "column": null, "category": null, "known": null, "personal": true,
	"sink": "result", "target": null, "transforms": [], "clause": "where", "read": null,
	"candidates": [null], "purposes": [], "polarity": "positive", "restricts": true,
	"bound": {"kind": "relative", "days": null, "date": null}, "op": ">=",
	"pairs": [{"table": null, "column": null, "exclusion_table": null, "exclusion_column": null}],
	"exclusion_table": null, "exclusion_kind": null, "exclusion_kinds": [], "anti": true,
	"tables": [{"table": null, "known": true, "personal": true}], "qualifier": null,
	"kind": null, "target_type": null, "looks_personal": true, "pattern": null,
	"null_check": true, "null_test": null, "retention_timestamp": true,
	"value_preserving": true, "treatment": "raw", "output": null, "via_star": true,
}

_candidate(table) := {
	"table": table, "column": "telefono", "category": "contacto", "known": true,
	"sink": "result", "candidates": ["dwh.crm.clientes", "dwh.cobranza.cartera"],
	"transforms": [], "value_preserving": true, "treatment": "raw",
}

_lists := [
	"exposures", "references", "reads", "writes", "stars", "consent_filters", "time_filters",
	"exclusion_checks", "egress", "unclassified", "unknown_tables", "written_columns",
]

# statement_facts: a statement whose every list holds an entry with null names (and an empty
# entry), one with a column ambiguous between two tables (one exposure per candidate, and an
# unattributed one), an unparsed one with null purpose and error, and ones missing fields.
statement_facts := [
	object.union(
		{"kind": "statement", "parsed": true, "purpose": "mercadotecnia", "operation": "select", "command": null},
		{key: [_null_entry, {}] | some key in _lists},
	),
	object.union(
		{"kind": "statement", "parsed": true, "purpose": "mercadotecnia", "operation": "select"},
		{
			"exposures": [
				_candidate("dwh.crm.clientes"), _candidate("dwh.cobranza.cartera"),
				object.union(_candidate(null), {"table": null}),
			],
			"reads": [
				{"table": "dwh.crm.clientes", "known": true, "personal": true},
				{"table": "dwh.cobranza.cartera", "known": true, "personal": true},
				{"table": null, "known": null, "personal": true},
			],
		},
	),
	object.union(
		{"kind": "statement", "parsed": false, "purpose": null, "operation": null, "error": null},
		{key: [] | some key in _lists},
	),
	{"kind": "statement"},
	{"kind": "statement", "operation": "command", "command": null, "purpose": 7},
]

_null_column := {
	"table": null, "column": null, "category": null, "purposes": [], "transforms": [null],
	"consent_columns": {}, "blocked": null,
}

# manifest_facts: manifests with null recipient, contract, columns, tables, transport...
manifest_facts := [
	{
		"kind": "manifest", "id": null, "status": "approved", "approved": null,
		"recipient": {"id": null, "role": "tercero", "purposes": [], "subprocessors": [], "exception": null},
		"purpose": null, "recipient_purposes": [null], "purpose_details": null, "country": null,
		"legal_basis": null, "contract": null, "notice": null, "own_use": null,
		"columns": [_null_column, object.union(_null_column, {"category": "sensible", "purposes": []}), {}],
		"tables": [_null_column, {}], "retention_days": null, "source_retention_days": null,
		"transport": null, "query": null, "query_facts": null,
	},
	{
		"kind": "manifest", "id": "m", "recipient": {"id": "r", "role": "encargado", "subprocessors": [null]},
		"country": "US", "purpose": "cobranza", "contract": {"valid_until": null, "valid_from": null, "clauses": []},
		"columns": [object.union(_null_column, {"category": "contacto"})], "tables": [],
		"transport": {"destinations": [null], "method": null, "encryption_in_transit": false},
		"retention_days": 10, "source_retention_days": null,
	},
	{"kind": "manifest", "recipient": null, "columns": [], "tables": []},
	{"kind": "manifest"},
]
