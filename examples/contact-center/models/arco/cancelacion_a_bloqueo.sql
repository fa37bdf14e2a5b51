-- Solicitud de cancelación: copia la ficha al archivo de bloqueo y borra la ficha activa del cliente.
-- Cancellation request: move the customer to the blocked archive, then delete the active record.
-- expected: clean
INSERT INTO cc_dwh.archivo.clientes_bloqueados (
    id_cliente, curp, rfc, nombre, apellido_paterno, apellido_materno, fecha_nacimiento,
    telefono, correo, domicilio, codigo_postal, empresa_cliente, segmento,
    acepta_publicidad, acepta_perfilamiento, acepta_analitica, fecha_alta,
    fecha_ultima_interaccion, motivo_bloqueo, fecha_cancelacion
)
SELECT
    id_cliente, curp, rfc, nombre, apellido_paterno, apellido_materno, fecha_nacimiento,
    telefono, correo, domicilio, codigo_postal, empresa_cliente, segmento,
    acepta_publicidad, acepta_perfilamiento, acepta_analitica, fecha_alta,
    fecha_ultima_interaccion, 'SOLICITUD_CANCELACION', CURRENT_DATE
FROM cc_dwh.crm.clientes
WHERE id_cliente = :id_cliente;

DELETE FROM cc_dwh.crm.clientes
WHERE id_cliente = :id_cliente;
