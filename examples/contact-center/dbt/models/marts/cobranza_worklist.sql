-- Lista de trabajo incremental para el despacho de cobranza; solo agrega asignaciones nuevas.
-- Incremental collections worklist for the BPO processor.
-- expected: clean
{{ config(
    materialized='incremental',
    unique_key='id_credito',
    meta={'purpose': 'cobranza'}
) }}

select
    id_credito,
    id_deudor,
    nombre,
    telefono,
    saldo_vencido,
    dias_mora,
    fecha_incumplimiento,
    fecha_asignacion
from {{ ref('stg_cartera') }}
where dias_mora > 0
{% if is_incremental() %}
    and fecha_asignacion > (select max(fecha_asignacion) from {{ this }})
{% endif %}
