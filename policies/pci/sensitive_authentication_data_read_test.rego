package tutela.pci_test

import data.tutela.lib.fixtures_test.inventory as inv

_cvv_ref := {"table": "dwh.pagos.legacy", "column": "cvv", "category": "pci_cvv", "clause": "where", "null_check": true}

test_deny_every_kind_of_sad if {
	exposures := [
		{"table": "dwh.pagos.legacy", "column": "cvv", "category": "pci_cvv", "sink": "result"},
		{"table": "dwh.pagos.legacy", "column": "nip", "category": "pci_pin", "sink": "result"},
		{"table": "dwh.pagos.legacy", "column": "banda", "category": "pci_track", "sink": "egress", "target": "s3://x/"},
	]
	found := data.tutela.pci.deny with input as {"kind": "statement", "operation": "select", "exposures": exposures}
		with data.tutela.inventory as inv
	found == {
		{
			"id": "PCI001", "path": ["exposures", 0], "variant": "pci_cvv",
			"values": {"table": "dwh.pagos.legacy", "column": "cvv"},
		},
		{
			"id": "PCI001", "path": ["exposures", 1], "variant": "pci_pin",
			"values": {"table": "dwh.pagos.legacy", "column": "nip"},
		},
		{
			"id": "PCI001", "path": ["exposures", 2], "variant": "pci_track",
			"values": {"table": "dwh.pagos.legacy", "column": "banda"},
		},
	}
}

test_deny_null_check_in_select if {
	found := data.tutela.pci.deny with input as {"kind": "statement", "operation": "select", "references": [_cvv_ref]}
		with data.tutela.inventory as inv
	{f.id | some f in found} == {"PCI001"}
}

test_deny_null_check_of_update_that_keeps_the_column if {
	fact := {
		"kind": "statement", "operation": "update", "references": [_cvv_ref],
		"written_columns": [{"table": "dwh.pagos.legacy", "column": "fecha_pago", "value": "expression"}],
	}
	found := data.tutela.pci.deny with input as fact with data.tutela.inventory as inv
	{f.id | some f in found} == {"PCI001"}
}

test_allow_purge_update_and_delete if {
	update := {
		"kind": "statement", "operation": "update", "references": [_cvv_ref],
		"written_columns": [{"table": "dwh.pagos.legacy", "column": "cvv", "value": "null"}],
	}
	delete := {
		"kind": "statement", "operation": "delete", "references": [_cvv_ref],
		"writes": [{"table": "dwh.pagos.legacy", "known": true, "mode": "delete"}],
	}
	every fact in [update, delete] {
		found := data.tutela.pci.deny with input as fact with data.tutela.inventory as inv
		count(found) == 0
	}
}
