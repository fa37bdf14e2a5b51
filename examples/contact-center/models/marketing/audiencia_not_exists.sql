-- Audiencia de la campaña de planes móviles: con consentimiento, sin listado de exclusión ni REPEP (NOT EXISTS).
-- Mobile-plan campaign audience: consent filter plus correlated NOT EXISTS on both lists.
-- expected: clean
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono
FROM cc_dwh.marketing.campanias AS c
WHERE c.campania = 'PLANES_MOVILES_2026_12'
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
            AND r.sector = 'telecomunicaciones'
    );
