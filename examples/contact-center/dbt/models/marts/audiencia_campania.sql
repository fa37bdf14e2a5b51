-- Audiencia de telemarketing: consentimiento (en stg_campanias) y anti-joins contra el listado propio y el REPEP.
-- Telemarketing audience: consent from stg_campanias, NOT EXISTS on the internal list and REPEP.
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
    and not exists (
        select 1
        from {{ source('marketing', 'listado_exclusion') }} as e
        where e.telefono = c.telefono
    )
    and not exists (
        select 1
        from {{ source('marketing', 'repep_snapshot') }} as r
        where r.telefono = c.telefono
    )
