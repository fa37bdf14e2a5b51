-- Remediación PCI: borra los códigos de seguridad guardados por el IVR anterior.
-- PCI remediation: wipe the CVVs the old IVR stored.
-- expected: clean
UPDATE cc_dwh.pagos.legacy_ivr_pagos
SET cvv = NULL
WHERE cvv IS NOT NULL;
