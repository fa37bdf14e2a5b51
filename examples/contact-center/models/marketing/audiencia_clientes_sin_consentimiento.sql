-- Error típico: audiencia de clientes del CRM sin filtrar acepta_publicidad.
-- Bad: CRM customer audience with no consent filter at all.
-- expected: CON001
SELECT
    c.id_cliente,
    c.nombre,
    c.telefono,
    c.segmento
FROM cc_dwh.crm.clientes AS c
LEFT JOIN cc_dwh.marketing.listado_exclusion AS e
    ON e.telefono = c.telefono
LEFT JOIN cc_dwh.marketing.repep_snapshot AS r
    ON r.telefono = c.telefono
WHERE c.segmento IN ('ALTO_VALOR', 'LEALES')
    AND e.telefono IS NULL
    AND r.telefono IS NULL;
