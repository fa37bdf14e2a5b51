-- Solicitud de acceso: todos los pagos con tarjeta de un cliente; SELECT * justificado con una supresión.
-- Access request: every column of the customer's card payments; the SELECT * is suppressed with a reason.
-- expected: clean
-- tutela: ignore[PUR003] la solicitud de acceso entrega todos los datos del titular (LFPDPPP art. 22)
SELECT *
FROM cc_dwh.pagos.transacciones_tarjeta
WHERE id_cliente = :id_cliente;
