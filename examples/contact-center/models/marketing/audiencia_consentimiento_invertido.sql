-- Error típico: el filtro de consentimiento está invertido (acepta_publicidad = FALSE).
-- Bad: the consent filter is inverted and selects the people who refused advertising.
-- expected: CON001
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono
FROM cc_dwh.marketing.campanias AS c
WHERE c.campania = 'PLANES_MOVILES_2026_12'
    AND c.acepta_publicidad = FALSE
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
