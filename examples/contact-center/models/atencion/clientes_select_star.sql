-- Extracción "rápida" de la ficha completa del cliente: SELECT * trae CURP, RFC y domicilio sin necesidad.
-- Quick full customer extract; SELECT * reads every personal column.
-- expected: PUR003
SELECT *
FROM cc_dwh.crm.clientes
WHERE empresa_cliente = 'TELCO_NORTE';
