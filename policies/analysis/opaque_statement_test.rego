package tutela.analysis_test

test_warn_opaque_command if {
	fact := {"kind": "statement", "parsed": true, "operation": "command", "command": "grant"}
	found := data.tutela.analysis.warn with input as fact
	found == {{"id": "SQL002", "path": [], "values": {"keyword": "GRANT"}}}
}

test_allow_other_operations if {
	count(data.tutela.analysis.warn) == 0 with input as {"kind": "statement", "operation": "select"}
	count(data.tutela.analysis.warn) == 0 with input as {"kind": "statement"}
}
