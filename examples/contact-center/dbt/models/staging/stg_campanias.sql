-- Prospectos con consentimiento expreso para recibir publicidad.
-- Prospects with express consent to receive advertising.
-- expected: clean
{{ config(meta={'purpose': 'mercadotecnia'}) }}

select
    id_prospecto,
    nombre,
    telefono,
    campania,
    acepta_publicidad,
    fecha_carga
from {{ source('marketing', 'campanias') }}
where acepta_publicidad = true
