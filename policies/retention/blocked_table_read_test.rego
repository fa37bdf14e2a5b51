package tutela.retention_test

import data.tutela.lib.fixtures_test.inventory as inv

_blocked_reads := [{"table": "dwh.archivo.bloqueados", "known": true, "personal": true, "blocked": true}]

test_deny_blocked_read_for_analytics if {
	fact := {"kind": "statement", "purpose": "analitica", "reads": _blocked_reads}
	found := data.tutela.retention.deny with input as fact
		with data.tutela.inventory as inv
	found == {{
		"id": "RET003", "path": ["reads", 0],
		"values": {"table": "dwh.archivo.bloqueados", "purpose": "analitica"},
	}}
}

test_deny_blocked_by_inventory_without_purpose if {
	reads := [{"table": "dwh.archivo.bloqueados", "known": true, "personal": true}]
	found := data.tutela.retention.deny with input as {"kind": "statement", "reads": reads}
		with data.tutela.inventory as inv
	{f.values | some f in found} == {{"table": "dwh.archivo.bloqueados", "purpose": null}}
}

test_allow_legal_defence_and_arco if {
	every pid in ["defensa_legal", "arco"] {
		found := data.tutela.retention.deny with input as {"kind": "statement", "purpose": pid, "reads": _blocked_reads}
			with data.tutela.inventory as inv
		count(found) == 0
	}
}

test_allow_write_into_blocked_table if {
	writes := [{"table": "dwh.archivo.bloqueados", "known": true, "blocked": true, "mode": "insert"}]
	found := data.tutela.retention.deny with input as {"kind": "statement", "purpose": "atencion", "writes": writes}
		with data.tutela.inventory as inv
	count(found) == 0
}
