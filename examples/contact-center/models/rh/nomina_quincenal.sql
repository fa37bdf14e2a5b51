-- tutela: purpose=nomina
-- Dispersión de la nómina quincenal: sueldo neto y CLABE de cada empleado activo.
-- Fortnightly payroll transfer file: net pay and CLABE of each active employee.
-- expected: clean
SELECT
    n.num_empleado,
    e.nombre,
    e.rfc,
    n.clabe,
    n.percepciones - n.deducciones AS neto_a_pagar
FROM cc_dwh.rh.nomina AS n
JOIN cc_dwh.rh.empleados AS e
    ON e.num_empleado = n.num_empleado
WHERE n.periodo = '2026-Q23'
    AND e.fecha_baja IS NULL
    AND e.fecha_bloqueo IS NULL
    AND n.fecha_bloqueo IS NULL;
