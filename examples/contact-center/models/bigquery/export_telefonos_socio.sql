-- tutela: purpose=mercadotecnia
-- tutela: share=socio_audiencia_web
-- Error: entrega teléfonos al socio comercial sin consentimiento, sin listado de exclusión y sin REPEP.
-- Bad: phone numbers exported to the partner with no consent filter and no exclusion list.
-- expected: CON001, EGR001, EXC001, EXC002
EXPORT DATA OPTIONS (
    uri = 'gs://alianza-digital-audiencias/contacto-integral/telefonos-*.csv',
    format = 'CSV',
    overwrite = TRUE
) AS
SELECT
    a.telefono,
    a.segmento
FROM `ccanalitica.marketing.audiencias_web` AS a
WHERE a.segmento = 'ALTO_VALOR';
