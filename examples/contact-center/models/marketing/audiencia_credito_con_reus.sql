-- Campaña de crédito personal del banco: consentimiento, listado propio, REPEP y REUS.
-- Financial-product audience done right: consent, internal list, REPEP and REUS.
-- expected: clean
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono
FROM cc_dwh.marketing.campanias AS c
LEFT JOIN cc_dwh.marketing.reus_snapshot AS u
    ON u.telefono = c.telefono
WHERE c.producto_ofrecido = 'credito_personal'
    AND c.acepta_publicidad = TRUE
    AND u.telefono IS NULL
    AND NOT EXISTS (
        SELECT 1
        FROM cc_dwh.marketing.listado_exclusion AS e
        WHERE e.telefono = c.telefono
    )
    AND c.telefono NOT IN (
        SELECT r.telefono
        FROM cc_dwh.marketing.repep_snapshot AS r
        WHERE r.telefono IS NOT NULL
    );
