-- Evidencia para una queja ante la PROFECO: datos bloqueados del cliente y sus grabaciones.
-- Evidence for a consumer complaint: the blocked customer record and its recordings.
-- expected: clean
SELECT
    b.id_cliente,
    b.nombre,
    b.telefono,
    b.fecha_cancelacion,
    g.id_grabacion,
    g.fecha_llamada,
    g.uri_audio
FROM cc_dwh.archivo.clientes_bloqueados AS b
LEFT JOIN cc_dwh.calidad.grabaciones AS g
    ON g.id_cliente = b.id_cliente
WHERE b.id_cliente = :id_cliente;
