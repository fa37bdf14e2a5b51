-- Carga del marcador con una ventana de ocho años: pide deudas cuyo dato ya debió suprimirse
-- (la cartera se conserva 72 meses desde el incumplimiento).
-- Dialer load looking back eight years: asks for delinquency rows past their 72-month retention.
-- expected: RET002
SELECT
    id_credito,
    telefono,
    saldo_vencido
FROM cc_dwh.cobranza.cartera
WHERE dias_mora > 90
  AND fecha_incumplimiento >= DATEADD(year, -8, CURRENT_DATE);
