-- Conciliación con el banco usando la tabla heredada: lee la tarjeta completa y el CVV.
-- Reconciliation report on the legacy IVR table: exposes the full PAN and reads the CVV.
-- expected: PCI001, PCI002
SELECT
    id_pago,
    numero_tarjeta,
    cvv,
    vencimiento,
    monto,
    fecha_pago
FROM cc_dwh.pagos.legacy_ivr_pagos
WHERE fecha_pago >= DATEADD(day, -30, CURRENT_DATE);
