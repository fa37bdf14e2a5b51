-- tutela: dialect=redshift
-- tutela: purpose=cobranza
-- tutela: share=banco_cliente
-- Resultados semanales de la cobranza para el banco titular de la cartera (transferencia, art. 36 fr. IV).
-- Weekly collection results unloaded from the legacy Redshift cluster to the client bank's bucket.
-- expected: clean
UNLOAD ('SELECT id_credito, dias_mora, fecha_ultimo_pago, monto_ultimo_pago, promesa_pago_fecha, promesa_pago_monto FROM cc_dwh.cobranza.cartera WHERE fecha_ultimo_pago >= DATEADD(day, -7, CURRENT_DATE) AND fecha_incumplimiento >= DATEADD(month, -72, CURRENT_DATE)')
TO 's3://banco-bajio-cobranza/resultados/semana_'
IAM_ROLE 'arn:aws:iam::000000000000:role/cc-unload-banco'
FORMAT AS PARQUET
ALLOWOVERWRITE;
