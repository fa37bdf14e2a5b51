-- tutela: dialect=postgres
-- tutela: purpose=defensa_legal
-- tutela: share=despacho_juridico
-- Expediente de un juicio para los abogados externos (transferencia, art. 36 fr. VI), desde la réplica Postgres.
-- Litigation file for outside counsel, written by COPY on the Postgres replica.
-- expected: clean
COPY (
    SELECT
        b.id_cliente,
        b.nombre,
        b.telefono,
        b.correo,
        b.fecha_cancelacion,
        b.motivo_bloqueo
    FROM cc_dwh.archivo.clientes_bloqueados AS b
    WHERE b.id_cliente = 'C-00481516'
) TO '/var/lib/postgresql/exportaciones/juridico/expediente_2026_0412.csv'
WITH (FORMAT csv, HEADER true);
