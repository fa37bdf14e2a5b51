-- tutela: purpose=analitica
-- tutela: share=voxinsight
-- Envío diario de grabaciones al proveedor de analítica de voz en EE. UU. (remisión a un encargado).
-- Daily recordings feed to the US speech-analytics processor; only consenting callers, payment segments paused.
-- expected: clean
COPY INTO 's3://voxinsight-ingest-contactointegral/grabaciones/'
FROM (
    SELECT
        g.id_grabacion,
        g.uri_audio,
        g.cola,
        g.fecha_llamada
    FROM cc_dwh.calidad.grabaciones AS g
    WHERE g.acepta_analitica = TRUE
        AND g.pausa_pago_aplicada = TRUE
        AND g.fecha_llamada >= DATEADD(day, -1, CURRENT_DATE)
        AND g.fecha_bloqueo IS NULL
)
STORAGE_INTEGRATION = voxinsight_s3
FILE_FORMAT = (TYPE = PARQUET);
