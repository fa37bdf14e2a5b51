-- Campaña de tarjetas de crédito del banco: revisa listado propio y REPEP, pero no el REUS de la CONDUSEF.
-- Bad: financial-product audience scrubbed against the internal list and REPEP but not REUS.
-- expected: EXC003
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono
FROM cc_dwh.marketing.campanias AS c
WHERE c.producto_ofrecido = 'tarjeta_credito'
    AND c.acepta_publicidad = TRUE
    AND NOT EXISTS (
        SELECT 1
        FROM cc_dwh.marketing.listado_exclusion AS e
        WHERE e.telefono = c.telefono
    )
    AND NOT EXISTS (
        SELECT 1
        FROM cc_dwh.marketing.repep_snapshot AS r
        WHERE r.telefono = c.telefono
    );
