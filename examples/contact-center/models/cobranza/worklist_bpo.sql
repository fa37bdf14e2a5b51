-- tutela: share=bpo_cobranza
-- Lista de trabajo diaria para el despacho de cobranza (encargado), exportada a su stage.
-- Daily collections worklist for the BPO processor, unloaded to its stage.
-- expected: clean
COPY INTO @cc_dwh.cobranza.stage_bpo/cola_diaria/
FROM (
    SELECT
        w.id_credito,
        w.nombre,
        w.telefono,
        w.saldo_vencido,
        w.dias_mora
    FROM cc_dwh.marts.cobranza_worklist AS w
    WHERE w.dias_mora > 0
)
FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP)
HEADER = TRUE
OVERWRITE = TRUE;
