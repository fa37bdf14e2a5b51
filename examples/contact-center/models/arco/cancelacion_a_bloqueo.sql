-- Solicitud de cancelación: copia al archivo de bloqueo y borra la ficha activa del cliente.
-- Cancellation request: move the customer to the blocked archive, then delete the active record.
-- expected: clean
INSERT INTO cc_dwh.archivo.clientes_bloqueados
    (id_cliente, curp, nombre, telefono, correo, motivo_bloqueo, fecha_cancelacion, fecha_fin_bloqueo)
SELECT
    id_cliente,
    curp,
    nombre || ' ' || apellido_paterno || ' ' || COALESCE(apellido_materno, ''),
    telefono,
    correo,
    'SOLICITUD_CANCELACION',
    CURRENT_DATE,
    DATEADD(year, 10, CURRENT_DATE)
FROM cc_dwh.crm.clientes
WHERE id_cliente = :id_cliente;

DELETE FROM cc_dwh.crm.clientes
WHERE id_cliente = :id_cliente;
