-- Error: analiza la tabla de clientes bloqueados para un modelo de abandono; en bloqueo no se permite tratamiento.
-- Bad: churn analysis over the blocked archive, which may only be stored.
-- expected: RET002, PUR002, CON001
SELECT
    motivo_bloqueo,
    DATE_TRUNC('month', fecha_cancelacion) AS mes,
    COUNT(*) AS clientes
FROM cc_dwh.archivo.clientes_bloqueados
GROUP BY 1, 2;
