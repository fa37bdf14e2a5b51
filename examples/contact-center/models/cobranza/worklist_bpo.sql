-- tutela: share=bpo_cobranza
-- Lista de trabajo diaria para el despacho de cobranza (encargado), exportada a su stage.
-- Daily collections worklist for the BPO processor, unloaded to its stage.
-- expected: clean
COPY INTO @cc_dwh.cobranza.stage_bpo/cola_diaria/
FROM (
    SELECT
        id_credito,
        nombre,
        telefono,
        saldo_vencido,
        dias_mora,
        promesa_pago_fecha
    FROM cc_dwh.cobranza.cartera
    WHERE dias_mora > 0
        AND fecha_incumplimiento >= DATEADD(month, -72, CURRENT_DATE)
)
FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP)
HEADER = TRUE
OVERWRITE = TRUE;
