-- Audiencia de las campañas vigentes, a partir de prospectos ya depurados en stg_campanias.
-- Audience of the running campaigns, from prospects already scrubbed in stg_campanias.
-- expected: clean
{{ config(materialized='table', meta={'purpose': 'mercadotecnia'}) }}

select
    c.id_prospecto,
    c.nombre,
    c.telefono,
    c.campania,
    c.acepta_publicidad,
    c.fecha_carga
from {{ ref('stg_campanias') }} as c
where c.acepta_publicidad = true
    and c.fecha_carga >= dateadd(month, -3, current_date)
