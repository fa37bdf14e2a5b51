-- Calificación promedio de cada agente y su puesto, para el plan de capacitación.
-- Average quality score per agent with their role, for the training plan.
-- expected: clean
SELECT
    e.num_empleado,
    p.nombre,
    p.puesto,
    p.campania_asignada,
    AVG(e.calificacion) AS calificacion_promedio,
    COUNT(*) AS evaluaciones
FROM cc_dwh.calidad.evaluaciones_agentes AS e
JOIN cc_dwh.rh.empleados AS p
    ON p.num_empleado = e.num_empleado
WHERE e.fecha_evaluacion >= DATEADD(month, -3, CURRENT_DATE)
    AND p.fecha_bloqueo IS NULL
GROUP BY e.num_empleado, p.nombre, p.puesto, p.campania_asignada;
