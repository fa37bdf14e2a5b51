-- tutela: purpose=rh_salud
-- Incapacidades vigentes para ajustar turnos, solo de quien firmó el consentimiento para datos de salud.
-- Current sick leaves for shift planning, only with signed written consent.
-- expected: clean
SELECT
    e.num_empleado,
    e.nombre,
    e.campania_asignada,
    i.tipo_incapacidad,
    i.fecha_inicio,
    i.fecha_fin
FROM cc_dwh.rh.incapacidades AS i
JOIN cc_dwh.rh.empleados AS e
    ON e.num_empleado = i.num_empleado
WHERE i.consentimiento_firmado = TRUE
    AND i.fecha_fin >= CURRENT_DATE
    AND i.fecha_bloqueo IS NULL
    AND e.fecha_bloqueo IS NULL;
