-- Cartera vigente: solo créditos con menos de 72 meses desde el incumplimiento.
-- Active portfolio: delinquency rows younger than 72 months.
-- expected: clean
{{ config(meta={'purpose': 'cobranza'}) }}

select
    id_credito,
    id_deudor,
    nombre,
    telefono,
    saldo_vencido,
    dias_mora,
    fecha_incumplimiento,
    fecha_asignacion
from {{ source('cobranza', 'cartera') }}
where fecha_incumplimiento >= dateadd(month, -72, current_date)
