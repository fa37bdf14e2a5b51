package tutela.pci_test

import data.tutela.lib.fixtures_test.inventory as inv

_pan(transforms, sink, target) := {
	"table": "dwh.pagos.legacy", "column": "numero_tarjeta", "category": "pci_pan",
	"sink": sink, "target": target, "transforms": transforms,
}

test_deny_plain_and_hashed_pan_once_per_column if {
	exposures := [
		_pan(["sha2"], "write", "dwh.pagos.tx"),
		_pan(["right"], "write", "dwh.pagos.tx"),
		_pan([], "result", null),
	]
	found := data.tutela.pci.deny with input as {"kind": "statement", "exposures": exposures}
		with data.tutela.inventory as inv
	found == {{
		"id": "PCI002", "path": ["exposures", 0],
		"variant": "write",
		"values": {"table": "dwh.pagos.legacy", "column": "numero_tarjeta", "target": "dwh.pagos.tx"},
	}}
}

test_deny_export_message if {
	found := data.tutela.pci.deny with input as {"kind": "statement", "exposures": [_pan(["upper"], "egress", "s3://x/")]}
		with data.tutela.inventory as inv
	{[f.variant, f.values] | some f in found} == {[
		"egress",
		{"table": "dwh.pagos.legacy", "column": "numero_tarjeta", "target": "s3://x/"},
	]}
}

test_allow_masks_and_configured_masks if {
	f1 := data.tutela.pci.deny with input as {"kind": "statement", "exposures": [_pan(["RIGHT"], "result", null)]}
		with data.tutela.inventory as inv
	f2 := data.tutela.pci.deny with input as {"kind": "statement", "exposures": [_pan(["tokenize_pan"], "result", null)]}
		with data.tutela.inventory as inv
		with data.tutela.config.masks as ["TOKENIZE_PAN"]
	count(f1) + count(f2) == 0
}

test_deny_hash_even_if_other_masks_configured if {
	found := data.tutela.pci.deny with input as {"kind": "statement", "exposures": [_pan(["md5"], "result", null)]}
		with data.tutela.inventory as inv
		with data.tutela.config.masks as ["tokenize_pan"]
	{f.id | some f in found} == {"PCI002"}
}
