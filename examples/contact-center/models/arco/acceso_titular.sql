-- Solicitud de acceso: todos los datos que tenemos de un cliente, por su número interno.
-- Access request: every personal column held about one customer.
-- expected: clean
SELECT
    c.id_cliente,
    c.curp,
    c.rfc,
    c.nombre,
    c.apellido_paterno,
    c.apellido_materno,
    c.fecha_nacimiento,
    c.telefono,
    c.correo,
    c.domicilio,
    c.codigo_postal,
    c.segmento,
    c.acepta_publicidad,
    c.acepta_perfilamiento,
    c.acepta_analitica
FROM cc_dwh.crm.clientes AS c
WHERE c.id_cliente = :id_cliente;
