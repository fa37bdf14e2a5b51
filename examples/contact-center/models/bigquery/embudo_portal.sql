-- tutela: purpose=analitica
-- Embudo de pago del portal por día, solo de visitantes que aceptaron las cookies de analítica.
-- Daily payment funnel of the portal, only for visitors who accepted analytics cookies.
-- expected: clean
SELECT
    DATE(e.fecha_evento) AS dia,
    COUNTIF(e.evento = 'ver_saldo') AS vieron_saldo,
    COUNTIF(e.evento = 'iniciar_pago') AS iniciaron_pago,
    COUNTIF(e.evento = 'pago_exitoso') AS pagaron
FROM `ccanalitica.portal_web.eventos` AS e
WHERE e.acepta_cookies_analitica = TRUE
    AND e.fecha_evento >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 90 DAY)
GROUP BY dia
ORDER BY dia;
