package tutela.audit_test

import data.tutela.lib.fixtures_test.inventory as inv

_refs := [
	{"table": "dwh.ops.metricas", "column": "cola", "category": "ninguna", "clause": "where"},
	{"table": "dwh.crm.clientes", "column": "correo", "category": "contacto", "clause": "where"},
]

_audited := {"kind": "statement", "audit": {"source": "query_history"}, "purpose": null, "references": _refs}

test_deny_unattributed_personal_query if {
	found := data.tutela.audit.deny with input as _audited with data.tutela.inventory as inv
	found == {{
		"id": "AUD001", "path": ["references", 1],
		"values": {"table": "dwh.crm.clientes", "column": "correo"},
	}}
}

test_allow_attributed_query if {
	found := data.tutela.audit.deny with input as object.union(_audited, {"purpose": "atencion"})
		with data.tutela.inventory as inv
	count(found) == 0
}

test_allow_unattributed_query_without_personal_data if {
	found := data.tutela.audit.deny with input as object.union(_audited, {"references": [_refs[0]]})
		with data.tutela.inventory as inv
	count(found) == 0
}

test_allow_repository_sql if {
	# SQL from a repository is PUR007's job, not AUD001's.
	found := data.tutela.audit.deny with input as object.remove(_audited, ["audit"])
		with data.tutela.inventory as inv
	count(found) == 0
}

test_pur007_leaves_audited_queries_to_aud001 if {
	found := data.tutela.purpose.deny with input as _audited with data.tutela.inventory as inv
	not "PUR007" in {f.id | some f in found}
}
