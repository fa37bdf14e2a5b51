-- Audiencia de la campaña de electrodomésticos: anti-join con NOT IN (descartando nulos en las subconsultas).
-- Appliance campaign audience: NOT IN anti-joins, NULLs removed in the subqueries.
-- expected: clean
SELECT
    id_prospecto,
    nombre,
    telefono
FROM cc_dwh.marketing.campanias
WHERE campania = 'HOGAR_BUEN_FIN_2026'
    AND acepta_publicidad = TRUE
    AND telefono NOT IN (
        SELECT telefono
        FROM cc_dwh.marketing.listado_exclusion
        WHERE telefono IS NOT NULL
    )
    AND telefono NOT IN (
        SELECT telefono
        FROM cc_dwh.marketing.repep_snapshot
        WHERE telefono IS NOT NULL
            AND sector = 'comercio'
    );
