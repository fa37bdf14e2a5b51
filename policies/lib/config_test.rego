package tutela.lib.config_test

test_defaults if {
	"right" in data.tutela.lib.config.masks with data.tutela.config as {}
	not "sha2" in data.tutela.lib.config.masks with data.tutela.config as {}
	data.tutela.lib.config.legal_tags == {"legal_defence", "deletion", "arco"} with data.tutela.config as {}
	data.tutela.lib.config.shares == [] with data.tutela.config as {}
	count(data.tutela.lib.config.today) == 10 with data.tutela.config as {}
}

test_configured_masks_add_to_defaults if {
	masks := data.tutela.lib.config.masks with data.tutela.config as {"masks": ["SHA2"]}
	{"sha2", "right", "hmac"} & masks == {"sha2", "right", "hmac"}
	"tok" in data.tutela.lib.config.masks with data.tutela.config as {"masks": {"functions": ["tok"]}}
}

test_configured_masks_replace_the_defaults if {
	cfg := {"masks": {"functions": ["RIGHT", "mask"], "replace": true}}
	data.tutela.lib.config.masks == {"right", "mask"} with data.tutela.config as cfg
	# a company that forbids the BIN and reversible HMAC: PCI002 fires on them
	found := data.tutela.pci.deny with input as {
		"kind": "statement", "purpose": "atencion",
		"exposures": [{
			"table": "dwh.pagos.legacy", "column": "numero_tarjeta", "category": "pci_pan",
			"sink": "result", "transforms": ["hmac"], "value_preserving": false,
		}],
	}
		with data.tutela.config as cfg
		with data.tutela.inventory as data.tutela.lib.fixtures_test.inventory
	"PCI002" in {f.id | some f in found}
	found_default := data.tutela.pci.deny with input as {
		"kind": "statement", "purpose": "atencion",
		"exposures": [{
			"table": "dwh.pagos.legacy", "column": "numero_tarjeta", "category": "pci_pan",
			"sink": "result", "transforms": ["hmac"], "value_preserving": false,
		}],
	}
		with data.tutela.config as {}
		with data.tutela.inventory as data.tutela.lib.fixtures_test.inventory
	not "PCI002" in {f.id | some f in found_default}
}

test_configured_values if {
	data.tutela.lib.config.today == "2026-11-28" with data.tutela.config as {"today": "2026-11-28"}
	data.tutela.lib.config.today_ns == time.parse_ns("2006-01-02", "2026-11-28") with data.tutela.config as {"today": "2026-11-28"}
	data.tutela.lib.config.legal_tags == {"arco"} with data.tutela.config as {"legal_tags": ["arco"]}
	count(data.tutela.lib.config.shares) == 1 with data.tutela.config as {"shares": [{"id": "m1"}]}
}
