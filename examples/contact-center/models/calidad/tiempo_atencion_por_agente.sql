-- Tiempo promedio de atención por agente en los últimos 6 meses (solo agregados).
-- Average handling time per agent over the last six months (aggregates only).
-- expected: clean
SELECT
    g.num_empleado,
    COUNT(*) AS llamadas,
    AVG(g.duracion_segundos) AS tiempo_promedio_segundos
FROM cc_dwh.calidad.grabaciones AS g
WHERE g.fecha_llamada >= DATEADD(month, -6, CURRENT_DATE)
    AND g.fecha_bloqueo IS NULL
GROUP BY g.num_empleado;
