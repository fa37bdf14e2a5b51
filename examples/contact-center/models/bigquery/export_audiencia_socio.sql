-- tutela: purpose=mercadotecnia
-- tutela: share=socio_audiencia_web
-- Transferencia al socio comercial de la audiencia que aceptó publicidad, sin correos del listado de exclusión.
-- Transfer of the consented web audience to the marketing partner, minus the exclusion list.
-- expected: clean
EXPORT DATA OPTIONS (
    uri = 'gs://alianza-digital-audiencias/contacto-integral/audiencia-*.csv',
    format = 'CSV',
    overwrite = TRUE,
    header = TRUE
) AS
SELECT
    a.correo_hash,
    a.segmento
FROM `ccanalitica.marketing.audiencias_web` AS a
LEFT JOIN `ccanalitica.marketing.exclusion_correos` AS x
    ON x.correo_hash = a.correo_hash
WHERE a.acepta_publicidad = TRUE
    AND x.correo_hash IS NULL;
