-- Sentimiento semanal por motivo de llamada, solo de llamadas cuyo titular no se opuso al análisis.
-- Weekly sentiment by contact reason, only for calls whose caller accepted analytics.
-- expected: clean
SELECT
    DATE_TRUNC('week', t.fecha_llamada) AS semana,
    t.motivo_detectado,
    t.sentimiento,
    COUNT(*) AS llamadas
FROM cc_dwh.calidad.transcripciones AS t
WHERE t.acepta_analitica = TRUE
    AND t.fecha_llamada >= DATEADD(month, -6, CURRENT_DATE)
GROUP BY 1, 2, 3;
