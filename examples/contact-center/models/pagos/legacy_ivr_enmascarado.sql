-- Reporte de pagos de la tabla heredada con la tarjeta enmascarada (solo últimos cuatro dígitos).
-- Legacy payments report with the PAN masked to its last four digits.
-- expected: clean
SELECT
    id_pago,
    RIGHT(numero_tarjeta, 4) AS tarjeta_ultimos4,
    monto,
    fecha_pago
FROM cc_dwh.pagos.legacy_ivr_pagos
WHERE fecha_pago >= DATEADD(day, -30, CURRENT_DATE);
