-- tutela: purpose=rh_salud
-- Error: reporte de diagnósticos de todo el personal sin revisar el consentimiento firmado.
-- Bad: diagnosis report with no check of the express written consent.
-- expected: CON001
SELECT
    e.num_empleado,
    e.nombre,
    i.diagnostico,
    i.dias_autorizados
FROM cc_dwh.rh.incapacidades AS i
JOIN cc_dwh.rh.empleados AS e
    ON e.num_empleado = i.num_empleado
WHERE i.fecha_inicio >= DATEADD(year, -1, CURRENT_DATE)
    AND i.fecha_bloqueo IS NULL
    AND e.fecha_bloqueo IS NULL;
