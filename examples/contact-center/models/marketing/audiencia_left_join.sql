-- Audiencia de la campaña de viajes: anti-join con LEFT JOIN ... IS NULL contra ambos listados.
-- Travel campaign audience: LEFT JOIN ... IS NULL anti-joins against both lists.
-- expected: clean
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono,
    c.codigo_postal
FROM cc_dwh.marketing.campanias AS c
LEFT JOIN cc_dwh.marketing.listado_exclusion AS e
    ON e.telefono = c.telefono
LEFT JOIN cc_dwh.marketing.repep_snapshot AS r
    ON r.telefono = c.telefono
    AND r.sector = 'turismo'
WHERE c.campania = 'VERANO_PLAYAS_2027'
    AND c.acepta_publicidad = TRUE
    AND e.telefono IS NULL
    AND r.telefono IS NULL;
