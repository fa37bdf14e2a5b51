-- Nivel de servicio diario por cola; la tabla de métricas no tiene datos personales.
-- Daily service level per queue from a table without personal data.
-- expected: clean
SELECT
    DATE_TRUNC('day', m.intervalo) AS dia,
    m.cola,
    SUM(m.llamadas_recibidas) AS recibidas,
    SUM(m.llamadas_abandonadas) AS abandonadas,
    AVG(m.nivel_servicio) AS nivel_servicio
FROM cc_dwh.operacion.metricas_intervalo AS m
GROUP BY 1, 2;
