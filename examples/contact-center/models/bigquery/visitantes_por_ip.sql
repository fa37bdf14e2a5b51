-- tutela: purpose=analitica
-- Error: cuenta visitantes por dirección IP sin revisar si aceptaron las cookies de analítica.
-- Bad: counts visitors by IP address without checking the analytics-cookie consent.
-- expected: CON001
SELECT
    e.direccion_ip,
    e.navegador,
    COUNT(DISTINCT e.id_cookie) AS cookies,
    COUNT(*) AS eventos
FROM `ccanalitica.portal_web.eventos` AS e
WHERE e.fecha_evento >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 30 DAY)
GROUP BY e.direccion_ip, e.navegador;
