package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Transfer without consent or Art. 36 exception
# description: |
#   What it does: flags a manifest that sends identifiable personal data to a `tercero` when
#   `legal_basis` names no Art. 36 exception. Under the `strict` profile (the default) that is
#   enough: a share file cannot show that every titular in it accepted the transfer. Under the
#   `legal` profile the transfer is allowed when the manifest records the consent
#   (`legal_basis.consent` and `consent_record`) and the inventory declares that consent for the
#   recipient, so the aviso carries the acceptance clause.
#   Aggregated, masked or key-hashed columns are not identifiable and never trigger it.
#   Why it matters: a transfer needs the titular's consent unless an Art. 36 exception applies;
#   transferring outside the allowed cases or without the consent the law requires is an
#   infraction (Arts. 35, 36; Art. 58 fr. XII and XIII).
# custom:
#   id: TRF001
#   name: transfer-without-basis
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: LFPDPPP, article: "36"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XII"}
#   recommended_action: >-
#     Record the Art. 36 exception that applies in `legal_basis.exception`; or, under the `legal`
#     profile, share only titulares who accepted the transfer and record `legal_basis.consent`,
#     `legal_basis.consent_record` and the recipient's `consent` in the inventory; or send only
#     aggregated data.
#   examples: transfer_without_basis.examples.yaml
deny contains finding.new("TRF001", msg, ["legal_basis"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.shares_personal
	data.tutela.lib.manifest.exception == ""
	_needs_basis
	msg := sprintf(
		"Manifest %q transfers personal data to third party %q without an Art. 36 exception%s.",
		[input.id, input.recipient.id, _why],
	)
}

_needs_basis if data.tutela.lib.inventory.strict

_needs_basis if {
	not data.tutela.lib.inventory.strict
	not _consent_recorded
}

_consent_recorded if {
	data.tutela.lib.manifest.consent != ""
	data.tutela.lib.manifest.has(input.legal_basis, "consent_record")
	data.tutela.lib.manifest.has(input.recipient, "consent")
}

_why := " (strict profile)" if data.tutela.lib.inventory.strict

_why := " or recorded consent declared in the notice" if not data.tutela.lib.inventory.strict
