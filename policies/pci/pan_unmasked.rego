package tutela.pci

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: PAN not masked
# description: |
#   What it does: flags a card number (`pci_pan` column) that reaches any output (a result, a
#   table written, an export) without passing through a masking function: one of
#   `data.tutela.config.masks` (by default right, left, substring, substr, mask,
#   mask_show_last_n, hmac, keyed_hash; the configuration's `[masks] functions` adds names,
#   and with `replace = true` it is the whole list, for a company that forbids `LEFT(pan, 6)`
#   or a reversible `HMAC`).
#   Plain hashes (sha2, md5...) are not masks: an unkeyed hash of a PAN can be reversed by
#   brute force.
#   Why it matters: a PAN shown must be masked to at most the BIN and the last four digits
#   (PCI DSS 3.4.1), and a PAN stored must be unreadable: truncated, tokenized or hashed with
#   a key (3.5.1).
# custom:
#   id: PCI002
#   name: pan-unmasked
#   severity: error
#   legal_basis:
#     - {instrument: PCI DSS, article: "3.4.1", note: "v4.0.1"}
#     - {instrument: PCI DSS, article: "3.5.1", note: "v4.0.1"}
#   recommended_action: >-
#     Output `RIGHT(<pan>, 4)` (or the payment processor's token) instead of the card number,
#     or hash it with a keyed function (HMAC).
#   examples: pan_unmasked.examples.yaml
deny contains finding.new("PCI002", msg, ["exposures", i]) if {
	some [t, c] in {[x.t, x.c] | some x in _pci002_hits}
	i := min({x.i | some x in _pci002_hits; x.t == t; x.c == c})
	msg := sprintf("Card number %s.%s reaches %s without a mask.", [t, c, _pci002_where[i]])
}

_pci002_hits contains {"t": lower(e.table), "c": lower(e.column), "i": i} if {
	data.tutela.lib.statement.is_statement
	some i, e in input.exposures
	e.category == "pci_pan"
	not _masked(e)
}

_masked(e) if {
	some fn in e.transforms
	lower(fn) in data.tutela.lib.config.masks
}

_pci002_where[i] := "the query result" if {
	some i, e in input.exposures
	e.sink == "result"
}

_pci002_where[i] := sprintf("%s %s", [_sink_noun[e.sink], e.target]) if {
	some i, e in input.exposures
	e.sink != "result"
	_sink_noun[e.sink]
}

_sink_noun := {"write": "table", "egress": "destination"}
