-- Error típico: NOT EXISTS sin correlación con el teléfono; la condición no depende del prospecto.
-- Bad: uncorrelated NOT EXISTS on the exclusion list does not filter per phone.
-- expected: EXC001
SELECT
    c.id_prospecto,
    c.nombre,
    c.telefono
FROM cc_dwh.marketing.campanias AS c
WHERE c.campania = 'HOGAR_BUEN_FIN_2026'
    AND c.acepta_publicidad = TRUE
    AND NOT EXISTS (
        SELECT 1
        FROM cc_dwh.marketing.listado_exclusion AS e
        WHERE e.fecha_inscripcion > CURRENT_DATE
    )
    AND NOT EXISTS (
        SELECT 1
        FROM cc_dwh.marketing.repep_snapshot AS r
        WHERE r.telefono = c.telefono
    );
