-- tutela: purpose=nomina
-- Total de cuotas sindicales retenidas por periodo, para entregarlas al sindicato (LFT art. 110 fr. VI).
-- Union dues withheld per pay period, for remittance to the union.
-- expected: clean
SELECT
    n.periodo,
    COUNT(*) AS afiliados,
    SUM(n.cuota_sindical) AS total_cuotas
FROM cc_dwh.rh.nomina AS n
WHERE n.cuota_sindical > 0
    AND n.fecha_bloqueo IS NULL
GROUP BY n.periodo;
