-- tutela: purpose=pagos
-- Pagos con tarjeta de un cliente, mostrando solo los últimos cuatro dígitos.
-- Card payments of one customer; only the last four digits are shown.
-- expected: clean
SELECT
    t.id_transaccion,
    t.fecha_transaccion,
    t.marca_tarjeta,
    t.pan_ultimos4,
    t.monto,
    t.estatus
FROM cc_dwh.pagos.transacciones_tarjeta AS t
WHERE t.id_cliente = :id_cliente
    AND t.fecha_bloqueo IS NULL
ORDER BY t.fecha_transaccion DESC;
