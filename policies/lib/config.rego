# METADATA
# title: Configuration defaults
# description: |
#   What the rule families read from `data.tutela.config`, with the default used when a key
#   is absent. Keys: `profile` (see tutela.lib.inventory), `masks`, `today`, `legal_tags`,
#   `shares`.
package tutela.lib.config

# Functions that make a PAN unreadable or truncate it (PCI DSS 3.4.1: at most BIN and last
# four digits shown; 3.5.1: truncation, index tokens or *keyed* hashes). Plain hashes (sha2,
# sha256, md5, sha1) are not masks: an unkeyed hash of a 16-digit PAN can be brute-forced
# (PCI DSS 3.5.1.1 requires keyed hashes).
_config := data.tutela.config

default_masks := {
	"right", "left", "substring", "substr", "mask", "mask_show_last_n",
	"hmac", "keyed_hash",
}

# masks is the set of function names (lower case) that count as PAN masks: the defaults plus
# the configured `masks` list (`[masks] functions = [...]` in the configuration adds names).
# A map `{"functions": [...]}` is accepted too; with `"replace": true` (`[masks] replace =
# true`) the configured list is the whole list, so a company can forbid a default such as
# `left` (the BIN) or `hmac`.
masks := {lower(m) | some m in _extra_masks} if _replace_masks

masks := default_masks | {lower(m) | some m in _extra_masks} if not _replace_masks

_replace_masks if {
	is_object(_config.masks)
	_config.masks.replace == true
}

_extra_masks := _config.masks if is_array(_config.masks)

_extra_masks := _config.masks.functions if {
	is_object(_config.masks)
	is_array(_config.masks.functions)
}

default _extra_masks := []

# today is the run date, "YYYY-MM-DD" (tutela lint sets it; the clock is the fallback).
today := _config.today if is_string(_config.today)

today := substring(time.format(time.now_ns()), 0, 10) if not is_string(_config.today)

# today_ns is midnight UTC of `today`, in nanoseconds.
today_ns := time.parse_ns("2006-01-02", today)

# Purpose tags whose processing is what bloqueo and retention keep the data for: defending
# legal claims (Art. 2 fr. III), deleting data and answering ARCO requests (Arts. 22-24).
default legal_tags := {"legal_defence", "deletion", "arco"}

legal_tags := {t | some t in _config.legal_tags} if is_array(_config.legal_tags)

# shares are the data-sharing manifests: [{id, recipient, destinations, approved}].
default shares := []

shares := _config.shares if is_array(_config.shares)
