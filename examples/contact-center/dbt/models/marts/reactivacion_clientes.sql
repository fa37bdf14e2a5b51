-- Error: audiencia de reactivación desde el CRM sin consentimiento, sin listado de exclusión y sin REPEP.
-- Bad: reactivation audience from the CRM with no consent filter and no exclusion lists.
-- expected: CON001, EXC001, EXC002, PUR005
{{ config(materialized='view', meta={'purpose': 'mercadotecnia'}) }}

select
    id_cliente,
    nombre,
    telefono,
    segmento
from {{ source('crm', 'clientes') }}
where fecha_ultima_interaccion < dateadd(month, -12, current_date)
