-- Error: usa la tabla de clientes bloqueados (y su CURP) para un modelo de abandono; en bloqueo no se permite tratamiento.
-- Bad: churn analysis over the blocked archive, which may only be stored; it also derives sex and birth year from the CURP.
-- expected: RET003, PUR002, CON001
SELECT
    motivo_bloqueo,
    SUBSTR(curp, 11, 1) AS sexo,
    SUBSTR(curp, 5, 2) AS anio_nacimiento,
    DATE_TRUNC('month', fecha_cancelacion) AS mes,
    COUNT(*) AS clientes
FROM cc_dwh.archivo.clientes_bloqueados
GROUP BY 1, 2, 3, 4;
