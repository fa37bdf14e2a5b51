-- Error típico: INNER JOIN con el listado de exclusión selecciona justo a quienes pidieron no ser llamados; no revisa REPEP.
-- Bad: the INNER JOIN keeps exactly the excluded phones, and REPEP is never checked.
-- expected: EXC001, EXC002
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono
FROM cc_dwh.marketing.campanias AS c
INNER JOIN cc_dwh.marketing.listado_exclusion AS e
    ON e.telefono = c.telefono
WHERE c.campania = 'PLANES_MOVILES_2026_12'
    AND c.acepta_publicidad = TRUE;
