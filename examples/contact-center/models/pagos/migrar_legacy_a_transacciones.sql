-- Migra la tabla heredada a transacciones: "tokeniza" con SHA-256 sin llave y guarda además los últimos 4.
-- Migrates legacy rows: unkeyed SHA-256 of the PAN stored next to its truncation.
-- expected: PCI002
MERGE INTO cc_dwh.pagos.transacciones_tarjeta AS t
USING (
    SELECT
        id_pago,
        id_cliente,
        SHA2(numero_tarjeta, 256) AS pan_token,
        RIGHT(numero_tarjeta, 4) AS pan_ultimos4,
        monto,
        fecha_pago
    FROM cc_dwh.pagos.legacy_ivr_pagos
) AS l
    ON t.id_transaccion = l.id_pago
WHEN MATCHED THEN UPDATE SET
    t.pan_token = l.pan_token,
    t.pan_ultimos4 = l.pan_ultimos4
WHEN NOT MATCHED THEN INSERT
    (id_transaccion, id_cliente, pan_token, pan_ultimos4, monto, fecha_transaccion, estatus)
VALUES
    (l.id_pago, l.id_cliente, l.pan_token, l.pan_ultimos4, l.monto, l.fecha_pago, 'MIGRADO');
