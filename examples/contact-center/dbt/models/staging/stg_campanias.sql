-- Prospectos con consentimiento expreso, depurados contra el listado de exclusión propio y el REPEP.
-- Prospects with express consent, scrubbed against the internal exclusion list and REPEP.
-- expected: clean
{{ config(meta={'purpose': 'mercadotecnia'}) }}

select
    c.id_prospecto,
    c.nombre,
    c.telefono,
    c.campania,
    c.acepta_publicidad,
    c.fecha_carga
from {{ source('marketing', 'campanias') }} as c
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
