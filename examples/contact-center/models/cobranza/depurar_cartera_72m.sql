-- Supresión de los datos de incumplimiento con más de 72 meses (LFPDPPP art. 10 ¶3).
-- Retention job: deletes delinquency data older than 72 months.
-- expected: clean
DELETE FROM cc_dwh.cobranza.cartera
WHERE fecha_incumplimiento < DATEADD(month, -72, CURRENT_DATE);
