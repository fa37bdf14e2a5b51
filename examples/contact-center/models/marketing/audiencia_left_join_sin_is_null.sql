-- Error típico: LEFT JOIN con el listado de exclusión sin "IS NULL": no excluye a nadie.
-- Bad: LEFT JOIN to the exclusion list without the IS NULL test excludes nobody.
-- expected: EXC001
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono
FROM cc_dwh.marketing.campanias AS c
LEFT JOIN cc_dwh.marketing.listado_exclusion AS e
    ON e.telefono = c.telefono
WHERE c.campania = 'VERANO_PLAYAS_2027'
    AND c.acepta_publicidad = TRUE
    AND NOT EXISTS (
        SELECT 1
        FROM cc_dwh.marketing.repep_snapshot AS r
        WHERE r.telefono = c.telefono
    );
