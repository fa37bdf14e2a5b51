-- Carga del marcador sin filtrar los 72 meses: incluye deudas cuyo dato ya debió suprimirse.
-- Dialer load without the 72-month window: reads delinquency rows past their retention.
-- expected: RET002
SELECT
    id_credito,
    telefono,
    saldo_vencido
FROM cc_dwh.cobranza.cartera
WHERE dias_mora > 90;
