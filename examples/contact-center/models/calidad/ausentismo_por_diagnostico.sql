-- Error: el área de calidad cruza el diagnóstico médico de las incapacidades con el desempeño.
-- Bad: quality analysts read the medical diagnosis, a sensitive column outside their purpose.
-- expected: PUR002, SEN001
SELECT
    i.diagnostico,
    COUNT(DISTINCT i.num_empleado) AS agentes,
    AVG(e.calificacion) AS calificacion_promedio
FROM cc_dwh.rh.incapacidades AS i
JOIN cc_dwh.calidad.evaluaciones_agentes AS e
    ON e.num_empleado = i.num_empleado
WHERE i.fecha_bloqueo IS NULL
GROUP BY i.diagnostico;
