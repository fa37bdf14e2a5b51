-- tutela: purpose=mercadotecnia
-- Error: un analista copia prospectos a un bucket de una agencia que no está en el inventario de destinatarios.
-- Bad: prospects copied to an agency bucket that no recipient in the inventory declares.
-- expected: EGR001, EXC001, EXC002
COPY INTO 's3://agencia-leads-express/contacto-integral/'
FROM (
    SELECT
        c.nombre,
        c.telefono,
        c.correo
    FROM cc_dwh.marketing.campanias AS c
    WHERE c.acepta_publicidad = TRUE
)
FILE_FORMAT = (TYPE = CSV);
