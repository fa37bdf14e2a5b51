-- Indicadores mensuales por cola: solo agregados, sin identificar a clientes ni a agentes.
-- Monthly quality indicators per queue; aggregates only.
-- expected: clean
{{ config(meta={'purpose': 'calidad'}) }}

select
    date_trunc('month', g.fecha_llamada) as mes,
    g.cola,
    count(distinct g.id_grabacion) as llamadas,
    avg(g.duracion_segundos) as duracion_promedio,
    avg(e.calificacion) as calificacion_promedio
from {{ source('calidad', 'grabaciones') }} as g
left join {{ source('calidad', 'evaluaciones_agentes') }} as e
    on e.id_grabacion = g.id_grabacion
where g.fecha_llamada >= dateadd(month, -6, current_date)
    and g.fecha_bloqueo is null
group by 1, 2
