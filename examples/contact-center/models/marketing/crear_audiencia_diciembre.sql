-- Crea una tabla de audiencia que no está en el inventario: no tiene finalidad ni plazo de conservación.
-- CTAS into a table the inventory does not know (no purpose, no retention).
-- expected: PUR005
CREATE OR REPLACE TABLE cc_dwh.marketing.audiencia_diciembre AS
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono
FROM cc_dwh.marketing.campanias AS c
LEFT JOIN cc_dwh.marketing.listado_exclusion AS e
    ON e.telefono = c.telefono
LEFT JOIN cc_dwh.marketing.repep_snapshot AS r
    ON r.telefono = c.telefono
WHERE c.acepta_publicidad = TRUE
    AND e.telefono IS NULL
    AND r.telefono IS NULL;
